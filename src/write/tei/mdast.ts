/**
 * The edition's mdast as TEI, as mdast-util-to-hast does it for HTML: one function a node type,
 * and the edition's own nodes (sentence, term, reading, gap, noteAnchor, cite) left to handlers
 * the caller gives, since what they become depends on where they stand (a term in the text is an
 * occurrence with an id; a term in a note only links its entry).
 *
 * Trees arrive safe (`pipeline/body.ts`): raw HTML is gone, images are their alt text, and links
 * keep only http(s), mailto and `#` addresses. Nothing here parses a string.
 */
import type {Heading, Nodes, RootContent} from 'mdast'
import {target} from './ids.js'
import {x, type Tree} from './xml.js'

export type Handler = (node: never, state: State) => Tree
export type Handlers = Partial<Record<string, Handler>>

export interface State {
  /** A parent's children, converted. */
  all(node: Nodes): Tree[]
  one(node: Nodes): Tree
}

export function state(handlers: Handlers): State {
  const self: State = {
    all: (node) => ('children' in node ? (node.children as Nodes[]).map((c) => self.one(c)) : []),
    one(node) {
      const handler = handlers[node.type]
      if (handler) return handler(node as never, self)
      return convert(node, self)
    }
  }
  return self
}

function convert(node: Nodes, s: State): Tree {
  switch (node.type) {
    case 'text':
      return node.value
    case 'paragraph':
      return x('p', {}, s.all(node))
    case 'heading':
      // Where headings cannot open a division (in a note), a heading is a paragraph that says so.
      return x('p', {rend: 'heading'}, s.all(node))
    case 'list':
      return x('list', {rend: node.ordered ? 'numbered' : 'bulleted'}, s.all(node))
    case 'listItem':
      return x('item', {}, s.all(node))
    case 'blockquote':
      return x('quote', {}, s.all(node))
    case 'code':
      return x('eg', {}, node.value)
    case 'emphasis':
      return x('hi', {rend: 'italic'}, s.all(node))
    case 'strong':
      return x('hi', {rend: 'bold'}, s.all(node))
    case 'delete':
      return x('hi', {rend: 'strikethrough'}, s.all(node))
    case 'inlineCode':
      return x('code', {}, node.value)
    case 'break':
      return x('lb')
    case 'link': {
      const address = target(node.url)
      return address ? x('ref', {target: address}, s.all(node)) : s.all(node)
    }
    case 'root':
    case 'linkReference':
      return s.all(node)
    case 'image':
    case 'imageReference':
      return node.alt ?? ''
    default:
      // html never reaches here; thematic breaks, definitions and the like carry no text.
      return 'children' in node ? s.all(node) : null
  }
}

/** Block content in a note or list item (headings cannot open divisions there). */
export function blocks(nodes: RootContent[], s: State): Tree[] {
  return nodes.map((n) => s.one(n))
}

/**
 * Block content where headings open divisions (the text, the introduction): each heading a
 * `<div>` holding what follows up to the next heading of its level or higher, so paragraphs
 * always come before subdivisions, as TEI requires.
 */
export function sections(nodes: RootContent[], s: State): Tree[] {
  const heads = nodes.flatMap((n, i) => (n.type === 'heading' ? [i] : []))
  if (!heads.length) return blocks(nodes, s)
  const top = Math.min(...heads.map((i) => (nodes[i] as Heading).depth))
  const starts = heads.filter((i) => (nodes[i] as Heading).depth === top)
  return [
    ...sections(nodes.slice(0, starts[0]), s),
    ...starts.map((start, k) => x('div', {}, x('head', {}, s.all(nodes[start]!)), sections(nodes.slice(start + 1, starts[k + 1] ?? nodes.length), s)))
  ]
}
