/**
 * The body of an imported annotation, made into Markdown for a note file. Such bodies are
 * untrusted: Markdown written in another tool (Hypothesis), or HTML (Recogito's comments).
 *
 * - HTML becomes text: paragraphs, line breaks, emphasis, code and links with a safe address are
 *   kept as Markdown; every other element is reduced to its words; scripts, styles and the like
 *   are dropped whole. Raw HTML inside Markdown is treated the same way. No raw HTML reaches a
 *   note file (the pipeline would drop it anyway; the file itself should not hold it).
 * - `@name` that is not a citation key of the edition (a Hypothesis mention, an address) is
 *   written as code, so that the pipeline does not read it as a citation of a missing work.
 *
 * Markdown without HTML is kept byte for byte (apart from those mentions), so a round trip of the
 * edition's own export gives back the editor's source.
 */
import type {Element, Nodes as HastNodes, Root as HastRoot} from 'hast'
import type {Nodes, PhrasingContent, Root, RootContent} from 'mdast'
import {fromHtml} from 'hast-util-from-html'
import {toMarkdown} from 'mdast-util-to-markdown'
import {unified} from 'unified'
import remarkParse from 'remark-parse'
import {SKIP, visit} from 'unist-util-visit'
import {safeUrl} from '../model/urls.js'
import {findCitations} from '../cite/pandoc.js'
import {beyondParser, htmlTooDeep, tooDeepNode} from '../pipeline/markdown-bounds.js'

const DROPPED = new Set(['script', 'style', 'template', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'head', 'title'])
const BLOCKS = new Set(['p', 'div', 'li', 'blockquote', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section', 'article', 'tr', 'dd', 'dt', 'figcaption'])

/** Phrasing content for the children of a hast node. */
function phrasing(node: HastNodes): PhrasingContent[] {
  if (node.type === 'text') return node.value ? [{type: 'text', value: node.value}] : []
  if (node.type !== 'element' && node.type !== 'root') return []
  if (node.type === 'element' && DROPPED.has(node.tagName)) return []
  const inner = () => node.children.flatMap((c) => phrasing(c as HastNodes))
  if (node.type === 'root') return inner()
  switch (node.tagName) {
    case 'br':
      return [{type: 'break'}]
    case 'em':
    case 'i':
      return [{type: 'emphasis', children: inner()}]
    case 'strong':
    case 'b':
      return [{type: 'strong', children: inner()}]
    case 'code':
      return [{type: 'inlineCode', value: text(node)}]
    case 'a': {
      const url = typeof node.properties.href === 'string' ? safeUrl(node.properties.href) : undefined
      return url === undefined ? inner() : [{type: 'link', url, children: inner()}]
    }
    case 'img':
      return typeof node.properties.alt === 'string' && node.properties.alt ? [{type: 'text', value: node.properties.alt}] : []
    default:
      return inner()
  }
}

function text(node: HastNodes): string {
  if (node.type === 'text') return node.value
  if ((node.type === 'element' && !DROPPED.has(node.tagName)) || node.type === 'root') return node.children.map((c) => text(c as HastNodes)).join('')
  return ''
}

/** Blocks: each block element a paragraph, loose inline content between them gathered into one. */
function blocks(root: HastRoot): RootContent[] {
  const out: RootContent[] = []
  let loose: PhrasingContent[] = []
  const flush = () => {
    const trimmed = trimPhrasing(loose)
    if (trimmed.length) out.push({type: 'paragraph', children: trimmed})
    loose = []
  }
  const walk = (node: HastNodes) => {
    if (node.type === 'element' && DROPPED.has(node.tagName)) return
    if (node.type === 'element' && (BLOCKS.has(node.tagName) || node.children.some((c) => c.type === 'element' && BLOCKS.has((c as Element).tagName)))) {
      flush()
      if (node.children.some((c) => c.type === 'element' && BLOCKS.has((c as Element).tagName))) node.children.forEach((c) => walk(c as HastNodes))
      else loose.push(...phrasing(node))
      flush()
      return
    }
    if (node.type === 'root') {
      node.children.forEach((c) => walk(c as HastNodes))
      return
    }
    loose.push(...phrasing(node))
  }
  walk(root)
  flush()
  return out
}

/** Phrasing without leading or trailing whitespace-only text. */
function trimPhrasing(list: PhrasingContent[]): PhrasingContent[] {
  const out = list.map((n) => (n.type === 'text' ? {...n, value: n.value.replace(/\s+/g, ' ')} : n))
  while (out[0]?.type === 'text' && !out[0].value.trim()) out.shift()
  while (out.at(-1)?.type === 'text' && !(out.at(-1) as {value: string}).value.trim()) out.pop()
  if (out[0]?.type === 'text') out[0] = {...out[0], value: out[0].value.trimStart()}
  const last = out.at(-1)
  if (last?.type === 'text') out[out.length - 1] = {...last, value: last.value.trimEnd()}
  return out
}

const serialise = (tree: Root) => toMarkdown(tree, {bullet: '-', emphasis: '*', strong: '*'}).trim()

/** HTML (a comment from another tool) as Markdown text. */
export function markdownFromHtml(html: string): string {
  // Nested past the bound (thousands of `<b>`), its words are kept and its markup dropped: parsing it recurses per level.
  if (htmlTooDeep(html)) return html.replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').replace(/[\\`*_[\]<>#!&]/g, '\\$&').trim()
  const hast = fromHtml(html, {fragment: true})
  if (tooDeepNode(hast)) return textOf(hast).replace(/[\\`*_[\]<>#!&]/g, '\\$&').trim()
  return serialise({type: 'root', children: blocks(hast)})
}

/** The words of a hast tree, without recursion. */
function textOf(tree: HastNodes): string {
  let out = ''
  const stack: HastNodes[] = [tree]
  while (stack.length) {
    const node = stack.pop()!
    if (node.type === 'text') out += node.value
    else if ('children' in node) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as HastNodes)
  }
  return out
}

const parser = unified().use(remarkParse)

/**
 * Markdown from another tool, made safe for a note file: raw HTML turned into text, and `@name`s
 * that are not citation keys (`keys`) written as code. Returns the Markdown and what was changed.
 */
export function safeMarkdown(markdown: string, keys: Set<string>): {markdown: string; changes: string[]} {
  const changes: string[] = []
  let out = markdown.trim()
  // Past the Markdown bounds it is left as it came: the trial load of the note says where.
  if (beyondParser(out)) return {markdown: out, changes}
  const tree = parser.parse(out)
  if (tooDeepNode(tree)) return {markdown: out, changes}
  let html = false
  visit(tree, 'html', () => {
    html = true
  })
  if (html) {
    // Inline, `<script>…</script>` is three nodes: the text between the tags goes with them.
    visit(tree, (node: Nodes) => {
      if (!('children' in node)) return
      let open: string | undefined
      node.children = (node.children as Nodes[]).filter((child) => {
        const tag = child.type === 'html' ? /^<\/?([a-z]+)/i.exec(child.value)?.[1]?.toLowerCase() : undefined
        if (open) {
          if (tag === open && child.type === 'html' && child.value.startsWith('</')) open = undefined
          return false
        }
        if (tag && DROPPED.has(tag) && child.type === 'html' && !child.value.startsWith('</') && !new RegExp(`</${tag}\\s*>`, 'i').test(child.value)) {
          open = tag
          return false
        }
        return true
      }) as never
    })
    visit(tree, (node: Nodes, index, parent) => {
      if (node.type !== 'html' || !parent || index === undefined) return undefined
      const hast = htmlTooDeep(node.value) ? {type: 'root' as const, children: [{type: 'text' as const, value: node.value.replace(/<[^>]*>/g, '')}]} : fromHtml(node.value, {fragment: true})
      const replacement = parent.type === 'root' ? blocks(hast) : phrasing(hast)
      parent.children.splice(index, 1, ...(replacement as never[]))
      return [SKIP, index + replacement.length]
    })
    out = serialise(tree)
    changes.push('raw HTML turned into text')
  }
  const groups = findCitations(out).filter((g) => g.items.some((c) => !keys.has(c.key)))
  const mentions: string[] = []
  // From the end, so that earlier offsets still hold.
  for (const g of [...groups].reverse()) {
    const written = out.slice(g.start, g.end)
    if (written.includes('`')) continue
    out = `${out.slice(0, g.start)}\`${written}\`${out.slice(g.end)}`
    mentions.unshift(`\`${written}\` is not a citation of a work in the bibliography: written as code`)
  }
  return {markdown: out, changes: [...changes, ...mentions]}
}
