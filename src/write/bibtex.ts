/**
 * BibLaTeX writer (`references.bib`), for biber/biblatex, pandoc, Zotero, JabRef and citation-js.
 * The first entry is the edition itself; a leading `@comment` says how to cite it, where its text
 * comes from, and which CSL fields this file cannot carry.
 *
 * Every entry is valid in biblatex's data model (what `biber --validate-datamodel` checks): a CSL
 * variable goes to the field biblatex has for it in that entry type, or, where the type has no
 * such field, it is not written (and named in the comment; `references.json` keeps everything).
 * The only data-model warnings left are for what a work does not have (an unknown author or
 * date): this writer never makes one up. Fields are chosen so that pandoc and citation-js read
 * back the same CSL variables; README lists where a reader differs.
 *
 * Text stays Unicode. Titles keep their capitals: each word with one is braced, as biblatex and
 * pandoc expect, so no style or reader recases it.
 *
 * Security: every field is escaped, braces kept balanced (a lone brace is written as
 * `\textbraceleft{}`/`\textbraceright{}`), so no value can close its field or run a LaTeX command.
 */
import type {CslItem, Edition} from '../model/edition.js'
import {cslItems} from '../model/csl.js'
import {editionCitation, sourceStatement, SOURCE_LABEL} from '../model/words.js'

/** Characters BibTeX and biber do not accept in a key. */
const UNSAFE_KEY = /[\s"#%'(),={}\\~]+/g

export function bibtexKey(id: string): string {
  return id.replace(UNSAFE_KEY, '-') || 'item'
}

const LATEX: Record<string, string> = {
  '\\': '\\textbackslash{}',
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

/** Indices of the braces in `s` that have a partner. BibTeX counts `\{` and `\}` too, so only these may be written so. */
function pairedBraces(s: string): Set<number> {
  const paired = new Set<number>()
  const open: number[] = []
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '{') open.push(i)
    else if (s[i] === '}' && open.length) paired.add(open.pop()!).add(i)
  }
  return paired
}

/** A word (letters, digits, inner apostrophes, dots and hyphens): braced in titles when it has a capital. */
const WORD = /([\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}'’.-]*)|([\s\S])/gu

/** `s` as LaTeX text: special characters escaped, braces balanced; with `keepCase`, capitalised words braced. */
export function escapeLatex(s: string, keepCase = false): string {
  const paired = pairedBraces(s)
  let out = ''
  for (const m of s.matchAll(WORD)) {
    const [, word, c] = m
    if (word !== undefined) out += keepCase && /\p{Lu}/u.test(word) ? `{${word}}` : word
    else if (c === '{' || c === '}') out += paired.has(m.index) ? `\\${c}` : c === '{' ? '\\textbraceleft{}' : '\\textbraceright{}'
    else out += LATEX[c!] ?? c
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// biblatex's data model

/** Fields every entry type accepts (of those this writer writes). */
const ANY = ['date', 'urldate', 'origdate', 'url', 'doi', 'langid', 'library', 'abstract', 'keywords', 'shorttitle', 'shortjournal', 'origtitle', 'origpublisher', 'origlocation']

/**
 * The fields each entry type this writer uses accepts besides `ANY`, as biber's default data
 * model has them (the file `biber --tool-config` names; the tests compare the two).
 */
export const DATAMODEL: Record<string, string[]> = {
  article: ['author', 'editor', 'translator', 'title', 'journaltitle', 'series', 'volume', 'number', 'issue', 'pages', 'issn', 'version', 'note', 'pubstate'],
  book: ['author', 'editor', 'translator', 'title', 'edition', 'series', 'number', 'volume', 'volumes', 'part', 'chapter', 'pages', 'pagetotal', 'publisher', 'location', 'isbn', 'note', 'pubstate'],
  collection: ['editor', 'translator', 'title', 'edition', 'series', 'number', 'volume', 'volumes', 'part', 'chapter', 'pages', 'pagetotal', 'publisher', 'location', 'isbn', 'note', 'pubstate'],
  incollection: ['author', 'editor', 'translator', 'title', 'booktitle', 'edition', 'series', 'number', 'volume', 'volumes', 'part', 'chapter', 'pages', 'publisher', 'location', 'isbn', 'note', 'pubstate'],
  inreference: ['author', 'editor', 'translator', 'title', 'booktitle', 'edition', 'series', 'number', 'volume', 'volumes', 'part', 'chapter', 'pages', 'publisher', 'location', 'isbn', 'note', 'pubstate'],
  inproceedings: ['author', 'editor', 'title', 'booktitle', 'eventtitle', 'eventdate', 'venue', 'series', 'number', 'volume', 'volumes', 'part', 'chapter', 'pages', 'publisher', 'organization', 'location', 'isbn', 'note', 'pubstate'],
  booklet: ['author', 'editor', 'title', 'type', 'chapter', 'pages', 'pagetotal', 'howpublished', 'location', 'note', 'pubstate'],
  report: ['author', 'title', 'type', 'number', 'version', 'chapter', 'pages', 'pagetotal', 'institution', 'location', 'isrn', 'note', 'pubstate'],
  thesis: ['author', 'title', 'type', 'chapter', 'pages', 'pagetotal', 'institution', 'location', 'note', 'pubstate'],
  unpublished: ['author', 'title', 'type', 'eventtitle', 'eventdate', 'venue', 'howpublished', 'location', 'note', 'pubstate'],
  online: ['author', 'editor', 'title', 'version', 'organization', 'note', 'pubstate'],
  dataset: ['author', 'editor', 'title', 'type', 'edition', 'version', 'series', 'number', 'publisher', 'organization', 'location', 'note', 'pubstate'],
  software: ['author', 'editor', 'title', 'type', 'version', 'howpublished', 'organization', 'location', 'note', 'pubstate'],
  misc: ['author', 'editor', 'title', 'type', 'version', 'howpublished', 'organization', 'location', 'note', 'pubstate']
}

/** The entry type for a CSL item (`entrysubtype` where biblatex has one). */
function entryType(item: CslItem): {type: string; subtype?: string} {
  switch (item.type) {
    case 'article-journal':
    case 'article':
      return {type: 'article'}
    case 'article-magazine':
      return {type: 'article', subtype: 'magazine'}
    case 'article-newspaper':
      return {type: 'article', subtype: 'newspaper'}
    case 'book':
      // A book with a version is a digital publication (the edition itself is one): biblatex
      // has `version` only on such types. A book by its editors alone is a collection.
      if (item.version !== undefined) return {type: 'online'}
      return {type: !has(item.author) && has(item.editor) ? 'collection' : 'book'}
    case 'chapter':
      return {type: 'incollection'}
    case 'entry':
    case 'entry-encyclopedia':
    case 'entry-dictionary':
      return {type: 'inreference'}
    case 'paper-conference':
      return {type: 'inproceedings'}
    case 'report':
      return {type: 'report'}
    case 'thesis':
      return {type: 'thesis'}
    case 'speech':
    case 'manuscript':
      return {type: 'unpublished'}
    case 'webpage':
    case 'post':
    case 'post-weblog':
      return {type: 'online'}
    case 'pamphlet':
      return {type: 'booklet'}
    case 'dataset':
      return {type: 'dataset'}
    case 'software':
      return {type: 'software'}
    default:
      return {type: 'misc'}
  }
}

const has = (v: unknown) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0)

// ---------------------------------------------------------------------------------------------
// Values

interface CslName {
  family?: string
  given?: string
  literal?: string
  suffix?: string
  'non-dropping-particle'?: string
  'dropping-particle'?: string
}

/** One name as biblatex reads it: "von Last, Jr, First"; an institution whole, in braces. */
function name(n: CslName): string {
  if (n.literal !== undefined || n.family === undefined) return `{${escapeLatex(n.literal ?? n.given ?? '')}}`
  const particles = [n['dropping-particle'], n['non-dropping-particle']].filter(Boolean).join(' ')
  // A family name of several words or with a comma stays one name.
  const family = /[\s,]/.test(n.family) ? `{${escapeLatex(n.family)}}` : escapeLatex(n.family)
  const last = particles ? `${escapeLatex(particles)} ${family}` : family
  return [last, n.suffix && escapeLatex(n.suffix), n.given && escapeLatex(n.given)].filter(Boolean).join(', ')
}

/** A CSL date as ISO 8601 / EDTF, or undefined when it has no date parts. */
function date(value: unknown): string | undefined {
  const d = value as {'date-parts'?: (number | string)[][]; circa?: unknown} | undefined
  const parts = d?.['date-parts']?.filter((p) => p.length && Number.isFinite(Number(p[0])))
  if (!parts?.length) return undefined
  const one = (p: (number | string)[]) => {
    const [y, m, day] = p.map(Number)
    return [String(y).padStart(4, '0'), m && String(m).padStart(2, '0'), m && day && String(day).padStart(2, '0')].filter(Boolean).join('-')
  }
  return parts.slice(0, 2).map(one).join('/') + (d?.circa ? '~' : '')
}

/** A URL as a URI: LaTeX's `\url` wants ASCII, and braces or backslashes would break the field. */
const uri = (url: string) => url.trim().replace(/[^\x21-\x7e]|[{}\\]/gu, (c) => encodeURIComponent(c))

/** Page ranges with biblatex's `--`. */
const pages = (p: string) => p.replace(/\s*[-–—]+\s*/g, '--')

/** babel's names for the languages most often cited (biblatex's `langid`); any other tag is written as it is. */
const BABEL: Record<string, string> = {
  en: 'english', 'en-us': 'american', 'en-gb': 'british', de: 'ngerman', fr: 'french', ru: 'russian', uk: 'ukrainian', be: 'belarusian',
  pl: 'polish', cs: 'czech', sk: 'slovak', bg: 'bulgarian', sr: 'serbian', hr: 'croatian', sl: 'slovenian', hu: 'magyar', ro: 'romanian',
  it: 'italian', es: 'spanish', pt: 'portuguese', nl: 'dutch', sv: 'swedish', da: 'danish', nb: 'norsk', nn: 'nynorsk', fi: 'finnish',
  et: 'estonian', lv: 'latvian', lt: 'lithuanian', el: 'greek', la: 'latin', tr: 'turkish', he: 'hebrew', ar: 'arabic', ka: 'georgian',
  hy: 'armenian', ko: 'korean', ja: 'japanese', zh: 'chinese'
}

export function langid(tag: string): string {
  const t = tag.trim().toLowerCase()
  return BABEL[t] ?? BABEL[t.split('-')[0]!] ?? tag.trim()
}

// ---------------------------------------------------------------------------------------------
// CSL variables → fields

type Kind = 'text' | 'title' | 'names' | 'date' | 'uri' | 'raw' | 'pages' | 'langid'

/**
 * Where each CSL variable goes: the first candidate field the entry type accepts (and no earlier
 * variable took). A variable with no such field is not carried.
 */
const FIELDS: [csl: string, fields: string[], kind: Kind][] = [
  ['author', ['author'], 'names'],
  ['editor', ['editor'], 'names'],
  ['translator', ['translator'], 'names'],
  ['title', ['title'], 'title'],
  ['title-short', ['shorttitle'], 'title'],
  // A periodical's, a book's or an event's title; a web page's site (biblatex has no such field: its organization).
  ['container-title', ['journaltitle', 'booktitle', 'organization'], 'title'],
  ['container-title-short', ['shortjournal'], 'title'],
  ['collection-title', ['series'], 'title'],
  ['collection-number', ['number'], 'raw'],
  ['event', ['eventtitle'], 'title'],
  ['event-title', ['eventtitle'], 'title'],
  ['event-place', ['venue'], 'text'],
  ['event-date', ['eventdate'], 'date'],
  ['genre', ['type'], 'text'],
  ['edition', ['edition'], 'raw'],
  ['version', ['version'], 'raw'],
  ['volume', ['volume'], 'raw'],
  ['number-of-volumes', ['volumes'], 'raw'],
  ['issue', ['number'], 'raw'],
  ['number', ['number'], 'raw'],
  ['part-number', ['part'], 'raw'],
  ['chapter-number', ['chapter'], 'raw'],
  ['page', ['pages'], 'pages'],
  ['number-of-pages', ['pagetotal'], 'raw'],
  ['publisher', ['publisher', 'institution', 'organization', 'howpublished'], 'text'],
  ['publisher-place', ['location'], 'text'],
  ['issued', ['date'], 'date'],
  ['accessed', ['urldate'], 'date'],
  ['original-date', ['origdate'], 'date'],
  ['original-title', ['origtitle'], 'title'],
  ['original-publisher', ['origpublisher'], 'text'],
  ['original-publisher-place', ['origlocation'], 'text'],
  ['status', ['pubstate'], 'text'],
  ['ISBN', ['isbn'], 'raw'],
  ['ISSN', ['issn'], 'raw'],
  ['DOI', ['doi'], 'uri'],
  ['URL', ['url'], 'uri'],
  ['call-number', ['library'], 'text'],
  ['language', ['langid'], 'langid'],
  ['keyword', ['keywords'], 'text'],
  ['abstract', ['abstract'], 'text'],
  ['note', ['note'], 'text']
]

/** Variables that are the entry itself, not fields of it. */
const STRUCTURAL = new Set(['id', 'type', 'citation-key'])

/** biblatex's list fields: " and " separates their items. */
const LISTS = new Set(['publisher', 'location', 'institution', 'organization', 'origpublisher', 'origlocation'])

function value(v: unknown, kind: Kind, field: string): string | undefined {
  // One item of a list, braced, so that " and " or a comma in it does not split it.
  if (LISTS.has(field)) return `{${escapeLatex(String(v))}}`
  switch (kind) {
    case 'names':
      return Array.isArray(v) && v.length ? (v as CslName[]).map(name).join(' and ') : undefined
    case 'date':
      return date(v)
    case 'uri':
      return uri(String(v))
    case 'pages':
      return escapeLatex(pages(String(v)))
    case 'langid':
      return escapeLatex(langid(String(v)))
    case 'title':
      return escapeLatex(String(v), true)
    default:
      return escapeLatex(String(v))
  }
}

export interface BiblatexEntry {
  key: string
  type: string
  fields: [string, string][]
  /** The field each CSL variable went to. */
  carried: Record<string, string>
  /** CSL variables of the item that this entry type has no field for. */
  notCarried: string[]
}

/** The BibLaTeX entry for a CSL item. */
export function biblatexEntry(item: CslItem): BiblatexEntry {
  const {type, subtype} = entryType(item)
  const accepted = new Set([...ANY, ...DATAMODEL[type]!])
  const fields = new Map<string, string>()
  const carried: Record<string, string> = {}
  const notCarried: string[] = []
  const mapped = new Set(FIELDS.map(([csl]) => csl))
  for (const [csl, candidates, kind] of FIELDS) {
    if (!has(item[csl])) continue
    const field = candidates.find((f) => accepted.has(f) && !fields.has(f))
    const v = field && value(item[csl], kind, field)
    if (field && v) {
      fields.set(field, v)
      carried[csl] = field
    } else notCarried.push(csl)
  }
  for (const csl of Object.keys(item)) if (!mapped.has(csl) && !STRUCTURAL.has(csl) && !csl.startsWith('_') && has(item[csl])) notCarried.push(csl)
  if (subtype) fields.set('entrysubtype', subtype)
  return {key: bibtexKey(String(item['citation-key'] ?? item.id)), type, fields: [...fields], carried, notCarried}
}

function format(entry: BiblatexEntry): string {
  const width = Math.max(...entry.fields.map(([f]) => f.length))
  return `@${entry.type}{${entry.key},\n${entry.fields.map(([f, v]) => `  ${f.padEnd(width)} = {${v}}`).join(',\n')}\n}`
}

/** Text for a `@comment`: one line, no braces (BibTeX reads a comment up to its closing brace). */
const comment = (s: string) => `@comment{${s.replace(/[{}]/g, '').replace(/\s+/g, ' ').trim()}}`

/** One CSL item as one BibLaTeX entry (what the reading view offers a reference manager). */
export const bibtexEntry = (item: CslItem): string => format(biblatexEntry(item))

export function toBibtex(edition: Edition): string {
  const entries = cslItems(edition).map(biblatexEntry)
  const lost = entries.filter((e) => e.notCarried.length).map((e) => `${e.key} (${e.notCarried.join(', ')})`)
  const head = [
    comment(`How to cite this edition: ${editionCitation(edition).text} ${SOURCE_LABEL}: ${sourceStatement(edition.meta)}`),
    comment('BibLaTeX (biber). Titles keep their capitals: words with one are braced.'),
    ...(lost.length ? [comment(`Not carried, for want of a BibLaTeX field in the entry type (references.json has them): ${lost.join('; ')}.`)] : [])
  ]
  return `${head.join('\n')}\n\n${entries.map(format).join('\n\n')}\n`
}
