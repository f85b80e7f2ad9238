/**
 * BibTeX writer (`references.bib`), for LaTeX, biber and reference managers. The mapping from
 * CSL is citation-js's; our ids stay the entry keys, and text stays in Unicode (citation-js's
 * ASCII mode would drop Cyrillic and Korean) with LaTeX's special characters escaped here. The
 * first entry is the edition itself; a leading `@comment` says how to cite it and where its text
 * comes from.
 *
 * Security: every field is escaped, so no value can close its braces or run a LaTeX command.
 */
import type {CslItem, Edition} from '../model/edition.js'
import {Cite, plugins} from '../cite/citation-js.js'
import {cslItems} from '../model/csl.js'
import {editionCitation, sourceStatement} from '../model/words.js'

/** Characters BibTeX and biber do not accept in a key. */
const UNSAFE_KEY = /[\s"#%'(),={}\\~]+/g

export function bibtexKey(id: string): string {
  return id.replace(UNSAFE_KEY, '-') || 'item'
}

const LATEX: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  '<': '\\textless{}',
  '>': '\\textgreater{}'
}

export function escapeLatex(s: string): string {
  return s.replace(/[\\{}&%$#_~^<>]/g, (c) => LATEX[c]!)
}

/** Fields citation-js writes verbatim (`url`, `doi`): only braces and backslashes could break them. */
const VERBATIM = new Set(['URL', 'DOI'])
const UNTOUCHED = new Set(['id', 'type', 'citation-key'])

function escapeItem(value: unknown, key = ''): unknown {
  if (typeof value === 'string') {
    if (UNTOUCHED.has(key)) return value
    if (VERBATIM.has(key)) return value.replace(/[{}\\]/g, (c) => encodeURIComponent(c))
    return escapeLatex(value)
  }
  if (Array.isArray(value)) return value.map((v) => escapeItem(v))
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeItem(v, k)]))
  return value
}

/** Format with citation-js, keys as given and Unicode kept, restoring its settings after. */
function format(items: CslItem[]): string {
  const config = plugins.config.get('@bibtex') as {format: Record<string, unknown>}
  const saved = config.format
  config.format = {...saved, asciiOnly: false, checkLabel: false}
  try {
    return new Cite(items).format('bibtex') as string
  } finally {
    config.format = saved
  }
}

export function toBibtex(edition: Edition): string {
  const items = cslItems(edition).map((item) => ({...(escapeItem(item) as CslItem), id: item.id, 'citation-key': bibtexKey(item.id)}))
  const comment = `How to cite this edition: ${editionCitation(edition).text} Source: ${sourceStatement(edition.meta)}`.replace(/[{}]/g, '')
  return `@comment{${comment}}\n\n${format(items).trim()}\n`
}
