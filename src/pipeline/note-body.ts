/**
 * A note's Markdown body → sanitised HTML and plain text, with its Pandoc citations
 * formatted by citeproc. Note bodies are untrusted: raw HTML is dropped (remark-rehype without
 * `allowDangerousHtml`), and rehype-sanitize removes unsafe URLs (`javascript:` and the like)
 * and anything else outside GitHub's schema, including the markup citeproc returns.
 */
import {unified} from 'unified'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import rehypeSanitize from 'rehype-sanitize'
import rehypeStringify from 'rehype-stringify'
import {fromHtml} from 'hast-util-from-html'
import type {Root, Text, PhrasingContent} from 'mdast'
import type {VFile} from 'vfile'
import {visit, SKIP} from 'unist-util-visit'
import {findCitations} from '../cite/pandoc.js'
import type {Citer} from '../cite/citeproc.js'
import type {Citation} from '../model/edition.js'
import {error, toPlace} from '../read/source.js'
import {hastText, sanitizeSchema} from './sanitize.js'

export interface Body {
  markdown: string
  html: string
  text: string
  citations: Citation[]
}

/**
 * Render `markdown`, which starts at character `offset` of `file.value` (so messages point into
 * the file). Unknown citation keys are errors on `file`.
 */
export function renderBody(markdown: string, file: VFile, offset: number, citer: Citer, keys: Set<string>): Body {
  // Blank out what precedes the body, keeping line breaks, so node positions are file positions.
  const whole = String(file.value)
  const padded = whole.slice(0, offset).replace(/[^\n]/g, ' ') + markdown
  const citations: Citation[] = []
  const tree = unified().use(remarkParse).parse(padded)
  // Images would be fetched by every reader of every output: a note keeps their alt text.
  visit(tree, 'image', (node, index, parent) => {
    if (!parent || index === undefined) return
    parent.children.splice(index, 1, {type: 'text', value: node.alt ?? ''})
  })
  visit(tree, 'text', (node: Text, index, parent) => {
    if (!parent || index === undefined) return
    const groups = findCitations(node.value)
    if (!groups.length) return
    const out: PhrasingContent[] = []
    let at = 0
    for (const g of groups) {
      const known = g.items.filter((c) => {
        if (keys.has(c.key)) return true
        const p = node.position!
        // Where the node's source is its value, the key's offset is exact; else point at the node.
        const exact = p.end.offset! - p.start.offset! === node.value.length
        error(file, `Unknown citation key \`@${c.key}\`: it is not in the bibliography`, exact ? toPlace(whole, p.start.offset! + c.at) : p.start, 'citation-key')
        return false
      })
      if (g.start > at) out.push({type: 'text', value: node.value.slice(at, g.start)})
      at = g.end
      if (!known.length) {
        out.push({type: 'text', value: node.value.slice(g.start, g.end)})
        continue
      }
      citations.push(...known.map(({at: _at, ...c}) => c))
      const formatted = citer.citation(known.map(({at: _at, ...c}) => c))
      const fragment = fromHtml(formatted.html, {fragment: true})
      out.push({
        type: 'text',
        value: formatted.text,
        data: {
          hName: 'span',
          hProperties: {className: ['citation'], dataCites: known.map((c) => c.key).join(' ')},
          hChildren: fragment.children as never
        }
      })
    }
    if (at < node.value.length) out.push({type: 'text', value: node.value.slice(at)})
    parent.children.splice(index, 1, ...out)
    return [SKIP, index + out.length]
  })
  const processor = unified().use(remarkRehype).use(rehypeSanitize, sanitizeSchema).use(rehypeStringify)
  const hast = processor.runSync(tree as Root)
  const html = processor.stringify(hast).trim()
  // The plain text comes from the sanitised tree, so raw HTML never reaches it either.
  const text = hastText(hast).replace(/\n{3,}/g, '\n\n').trim()
  return {markdown: markdown.trim(), html, text, citations}
}

