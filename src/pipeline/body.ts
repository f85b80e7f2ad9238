/**
 * An editor's Markdown (a note's or glossary entry's body, the introduction) → mdast, made safe
 * once, here, as a property of the tree:
 *
 * - raw HTML is dropped (no writer will ever meet an `html` node);
 * - an image becomes its alt text (no output fetches anything);
 * - a link keeps its address only when it is `http:`, `https:`, `mailto:` or `#…`;
 * - Pandoc citations become `cite` nodes (an unknown key is an error at its place, and stays text);
 * - glossary forms become `term` nodes linking their entries (the first occurrence of each entry
 *   in a body, as a reference work links a word once).
 *
 * Positions stay those of the file, so every message points at its line and column.
 */
import {unified} from 'unified'
import remarkParse from 'remark-parse'
import type {Nodes, Parent, PhrasingContent, Root, Text} from 'mdast'
import type {VFile} from 'vfile'
import {SKIP, visit} from 'unist-util-visit'
import type {CiteNode, TermNode} from '../model/nodes.js'
import {error, lineIndex} from '../model/messages.js'
import {safeUrl} from '../model/urls.js'
import {findCitations} from '../cite/pandoc.js'
import type {TermMatcher} from '../anchor/terms.js'
import {beyondParser, tooDeepNode, tooDeepWords} from './markdown-bounds.js'

export interface BodyOptions {
  /** Citation keys of the bibliography. */
  keys: Set<string>
  /** Glossary forms to link, and the entry whose body this is (it does not link itself). */
  terms?: {matcher: TermMatcher; self?: string}
}

export interface Body {
  tree: Root
  /** Glossary forms that occur in the body, as `formKey(gloss, form)`. */
  forms: Set<string>
}

/** How `Body.forms` names a glossary form. */
export const formKey = (gloss: string, form: string) => `${gloss}\u0000${form}`

const processor = unified().use(remarkParse)

/** One body to parse: Markdown that starts at character `offset` of `file.value`. */
export interface BodyInput {
  markdown: string
  file: VFile
  offset: number
  /** A glossary entry's own id: its body does not link itself. */
  self?: string
}

/** Parse `markdown`, which starts at character `offset` of `file.value`. */
export function parseBody(markdown: string, file: VFile, offset: number, options: BodyOptions): Body {
  return parseBodies([{markdown, file, offset}], options)[0]!
}

/**
 * Parse many bodies. Bodies that cannot reach into one another are parsed as one document, cut
 * apart again at separators, their positions mapped back to their files: a book's ten thousand
 * notes then cost one parse, not ten thousand (micromark's setup costs more than a short note).
 * A body with a fence, raw HTML or a link definition is parsed alone, since those constructs
 * can run on past a blank line or reach another body.
 */
export function parseBodies(inputs: BodyInput[], options: BodyOptions): Body[] {
  const trees: (Root | undefined)[] = inputs.map(() => undefined)
  const together: number[] = []
  /** A body past a bound (model/limits.ts) is an error at its place, and an empty tree. */
  const refuse = (i: number, reason: string, place: {line: number; column: number}) => {
    error(inputs[i]!.file, reason, place, 'markdown-bounds')
    trees[i] = {type: 'root', children: []}
  }
  inputs.forEach((input, i) => {
    const excess = beyondParser(input.markdown)
    if (excess) refuse(i, excess.reason, lineIndex(input.file).place(input.offset + excess.offset))
    else if (ALONE.test(input.markdown)) {
      const tree = processor.parse(padded(input))
      const deep = tooDeepNode(tree)
      if (deep) refuse(i, tooDeepWords, deep.position?.start ?? lineIndex(input.file).place(input.offset))
      else trees[i] = tree
    } else together.push(i)
  })
  if (together.length) {
    let text = ''
    const starts: {line: number; offset: number}[] = []
    let line = 1
    for (const i of together) {
      if (text) {
        text += SEPARATOR
        line += SEPARATOR_LINES
      }
      starts.push({line, offset: text.length})
      const markdown = inputs[i]!.markdown
      text += markdown
      line += countLines(markdown)
    }
    const whole = processor.parse(text)
    let k = 0
    let group: Root['children'] = []
    const flush = () => {
      const i = together[k]!
      const input = inputs[i]!
      const at = lineIndex(input.file).place(input.offset)
      const root: Root = {type: 'root', children: group}
      const deep = tooDeepNode(root)
      if (deep) refuse(i, tooDeepWords, lineIndex(input.file).place(input.offset + (deep.position?.start.offset ?? starts[k]!.offset) - starts[k]!.offset))
      else trees[i] = shift(root, starts[k]!, {line: at.line, offset: input.offset})
      group = []
      k++
    }
    for (const node of whole.children) {
      if (node.type === 'html' && node.value === MARK) flush()
      else group.push(node)
    }
    flush()
  }
  return inputs.map((input, i) => {
    const tree = trees[i]!
    sanitize(tree)
    citations(tree, input.file, String(input.file.value), options.keys)
    const forms = new Set<string>()
    if (options.terms) terms(tree, options.terms.matcher, input.self ?? options.terms.self, forms)
    return {tree, forms}
  })
}

/** Constructs that can run past a blank line, or reach another body: such a body is parsed alone. */
const ALONE = /^ {0,3}(?:```|~~~|<|\[[^\]]*\]:)/m
const MARK = '<!--edition:body-->'
const SEPARATOR = `\n\n${MARK}\n\n`
const SEPARATOR_LINES = 4

function countLines(s: string): number {
  let n = 0
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++
  return n
}

/** Blank out what precedes a body, keeping line breaks, so node positions are file positions. */
function padded(input: BodyInput): string {
  return String(input.file.value).slice(0, input.offset).replace(/[^\n]/g, ' ') + input.markdown
}

/** Positions of a body parsed inside a larger document, moved to its place in its file. */
function shift(tree: Root, from: {line: number; offset: number}, to: {line: number; offset: number}): Root {
  const lines = to.line - from.line
  const offsets = to.offset - from.offset
  visit(tree, (node: Nodes) => {
    const p = node.position
    if (!p) return
    node.position = {
      start: {line: p.start.line + lines, column: p.start.column, offset: p.start.offset === undefined ? undefined : p.start.offset + offsets},
      end: {line: p.end.line + lines, column: p.end.column, offset: p.end.offset === undefined ? undefined : p.end.offset + offsets}
    } as never
  })
  return tree
}

/** What the Markdown may hold, enforced on the tree (see the module's comment). */
export function sanitize(tree: Root): void {
  visit(tree, (node: Nodes, index, parent: Parent | undefined) => {
    if (!parent || index === undefined) return undefined
    switch (node.type) {
      case 'html':
        parent.children.splice(index, 1)
        return [SKIP, index]
      case 'image':
      case 'imageReference': {
        // The alt text keeps the image's place, so a message about it (`@someone`) is located.
        const alt: Text = {type: 'text', value: node.alt ?? '', ...(node.position ? {position: node.position} : {})}
        parent.children.splice(index, 1, alt as never)
        return [SKIP, index + 1]
      }
      case 'link':
      case 'definition': {
        const url = safeUrl(node.url)
        if (url !== undefined) {
          node.url = url
          return undefined
        }
        // An unsafe address: the words stay, the link goes.
        const children = node.type === 'link' ? node.children : []
        parent.children.splice(index, 1, ...(children as never[]))
        return [SKIP, index]
      }
      default:
        return undefined
    }
  })
}

/** Pandoc citations in text nodes → `cite` nodes. */
function citations(tree: Root, file: VFile, whole: string, keys: Set<string>): void {
  visit(tree, (node: Nodes, index, parent: Parent | undefined) => {
    if (node.type === 'link' || node.type === 'linkReference' || node.type === 'inlineCode' || node.type === 'code') return SKIP
    if (node.type !== 'text' || !parent || index === undefined) return undefined
    const groups = findCitations(node.value)
    if (!groups.length) return undefined
    const p = node.position
    // Where the node's source is its value, a key's offset is exact; else point at the node.
    const exact = p?.start.offset !== undefined && p.end.offset !== undefined && p.end.offset - p.start.offset === node.value.length
    const out: PhrasingContent[] = []
    let at = 0
    for (const g of groups) {
      const unknown = g.items.filter((c) => !keys.has(c.key))
      for (const c of unknown) {
        error(file, `Unknown citation key \`@${c.key}\`: it is not in the bibliography`, exact ? lineIndex(file).place(p!.start.offset! + c.at) : p?.start, 'citation-key')
      }
      if (unknown.length) continue
      if (g.start > at) out.push({type: 'text', value: node.value.slice(at, g.start)})
      const cite: CiteNode = {type: 'cite', value: node.value.slice(g.start, g.end), items: g.items.map(({at: _at, ...c}) => c), inText: g.inText}
      out.push(cite)
      at = g.end
    }
    if (!out.length) return undefined
    if (at < node.value.length) out.push({type: 'text', value: node.value.slice(at)})
    parent.children.splice(index, 1, ...(out as never[]))
    return [SKIP, index + out.length]
  })
}

/** Glossary forms in text nodes → `term` nodes (never inside links, code, citations or headings). */
function terms(tree: Root, matcher: TermMatcher, self: string | undefined, forms: Set<string>): void {
  const linked = new Set<string>()
  visit(tree, (node: Nodes, index, parent: Parent | undefined) => {
    if (['link', 'linkReference', 'inlineCode', 'code', 'cite', 'heading', 'term'].includes(node.type)) return SKIP
    if (node.type !== 'text' || !parent || index === undefined) return undefined
    const all = matcher.match(node.value).filter((m) => m.gloss !== self)
    for (const m of all) forms.add(formKey(m.gloss, m.form))
    const matches = all.filter((m) => !linked.has(m.gloss) && linked.add(m.gloss))
    if (!matches.length) return undefined
    const out: PhrasingContent[] = []
    let at = 0
    for (const m of matches) {
      if (m.start > at) out.push({type: 'text', value: node.value.slice(at, m.start)})
      const term: TermNode = {type: 'term', children: [{type: 'text', value: node.value.slice(m.start, m.end)}], data: {gloss: m.gloss}}
      out.push(term)
      at = m.end
    }
    if (at < node.value.length) out.push({type: 'text', value: node.value.slice(at)})
    parent.children.splice(index, 1, ...(out as never[]))
    return [SKIP, index + out.length]
  })
}
