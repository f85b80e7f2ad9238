/**
 * The cite stage: every `cite` node of the edition (introduction, then annotations in reading
 * order, each annotation's body then its further reading) formatted in one citeproc pass, and
 * the bibliography of every work cited or recommended. Each cite node receives what citeproc made
 * of it, as sanitised hast and plain text; citeproc's HTML is parsed here, once, and nowhere else.
 */
import type {Root} from 'mdast'
import type {ElementContent} from 'hast'
import {visit} from 'unist-util-visit'
import {fromHtml} from 'hast-util-from-html'
import {sanitize} from 'hast-util-sanitize'
import type {BibEntry, CslItem, Rendered, Style} from '../model/edition.js'
import type {CiteNode} from '../model/nodes.js'
import {hastText, sanitizeSchema} from '../pipeline/sanitize.js'
import type {Cluster, CiteStyle, Formatted} from './citeproc.js'
import {cached} from './cache.js'
import {cleanItem} from '../model/csl.js'
import {createRequire} from 'node:module'
import {createHash} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {toolkitFile} from '../model/toolkit.js'

/** A place that cites: its body trees and its further reading, in reading order. */
export interface Citing {
  trees: Root[]
  further: CiteNode[]
}

export interface CiteResult {
  bibliography: BibEntry[]
  style: Style
}

/** Every cite node of `trees`, in document order. */
export function citeNodes(tree: Root): CiteNode[] {
  const out: CiteNode[] = []
  visit(tree, 'cite', (node: CiteNode) => {
    out.push(node)
  })
  return out
}

/**
 * Format every citation of `places` (each place one note, numbered from 1) and the
 * bibliography. Throws what citeproc throws for an unusable style.
 */
export async function citeAll(places: Citing[], references: CslItem[], style: CiteStyle, lang: string): Promise<CiteResult> {
  const nodes: CiteNode[] = []
  const clusters: Cluster[] = []
  places.forEach((place, i) => {
    for (const node of [...place.trees.flatMap(citeNodes), ...place.further]) {
      node.noteIndex = i + 1
      nodes.push(node)
      clusters.push({items: node.items, inText: node.inText, noteIndex: i + 1})
    }
  })
  const cited = [...new Set(clusters.flatMap((c) => c.items.map((i) => i.key)))]
  const name = style.name
  if (!cited.length) return {bibliography: [], style: {name, class: 'in-text', ...(style.fallback ? {fallback: true} : {})}}
  // citeproc is loaded only when something is cited.
  const locale = localeOf(lang)
  const used = new Set(cited)
  const works = references.filter((r) => used.has(r.id)).map(cleanItem)
  // citeproc itself is loaded (by `formatAll`) only when these citations were not formatted before.
  const {formatAll} = await import('./citeproc.js')
  const formatted = cached([style.xml, locale, works, clusters, cited, citeprocVersion()], () => formatAll(references, style, clusters, cited, locale), isFormatted)
  const parse = renderer()
  formatted.citations.forEach((html, i) => {
    nodes[i]!.rendered = parse(html)
  })
  const bibliography = formatted.bibliography.map(({id, html}) => {
    const r = parse(html)
    // citeproc wraps each entry in a `div.csl-entry`: the entry is its content.
    const only = r.content.length === 1 ? r.content[0] : undefined
    const content = only?.type === 'element' && only.tagName === 'div' ? only.children : r.content
    return {id, content, text: r.text}
  })
  return {bibliography, style: {name, class: formatted.class, ...(style.fallback ? {fallback: true} : {})}}
}

const require = createRequire(import.meta.url)
/**
 * What formats the citations: citeproc's version and this toolkit's own code around it (another
 * of either may format differently), so both are part of the cache key.
 */
function citeprocVersion(): string {
  const own = toolkitFile('cite/citeproc.ts') ?? toolkitFile('cite/citeproc.js')
  return `${(require('citeproc/package.json') as {version: string}).version} ${own ? createHash('sha256').update(readFileSync(own)).digest('hex') : ''}`
}

function isFormatted(v: unknown): v is Formatted {
  const f = v as Formatted
  return !!f && Array.isArray(f.citations) && f.citations.every((c) => typeof c === 'string') && Array.isArray(f.bibliography) && f.bibliography.every((b) => typeof b?.id === 'string' && typeof b.html === 'string') && (f.class === 'note' || f.class === 'in-text')
}

/** citeproc wants a full locale tag; the edition may give only a language. */
function localeOf(lang: string): string {
  const base = lang.split('-')[0]!.toLowerCase()
  const defaults: Record<string, string> = {en: 'en-US', de: 'de-DE', fr: 'fr-FR', es: 'es-ES', nl: 'nl-NL'}
  return lang.includes('-') ? lang : (defaults[base] ?? 'en-US')
}

/** citeproc's HTML → sanitised hast and text, once per distinct string. */
function renderer(): (html: string) => Rendered {
  const cache = new Map<string, Rendered>()
  return (html) => {
    let r = cache.get(html)
    if (!r) {
      const tree = sanitize(fromHtml(html.trim(), {fragment: true}), sanitizeSchema) as {children: ElementContent[]}
      r = {content: tree.children, text: hastText(tree as never).replace(/\s+/g, ' ').trim()}
      cache.set(html, r)
    }
    return r
  }
}
