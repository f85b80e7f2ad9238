/**
 * The edition's shared vocabulary: what each status means, how locators are labelled, how the
 * source is described and how the edition is cited. Every writer takes these words from here, so
 * the view, the exports and the editorial statement never drift apart.
 */
import type {CslItem, Edition, Intervention, Metadata, Source, Status} from './edition.js'

// ---------------------------------------------------------------------------------------------
// Statuses

/** One meaning per status; the editorial statement of every output prints these. */
export const STATUS: Record<Status, {word: string; meaning: string}> = {
  verified: {word: 'Verified', meaning: 'every factual statement in the annotation is supported by the evidence it cites'},
  unverified: {word: 'Unverified', meaning: 'the annotation reports a claim (the text’s, or a fact) whose evidence is missing or weak, and says which'},
  disputed: {word: 'Disputed', meaning: 'the sources disagree on a point the annotation makes, and the annotation says how'}
}

export const STATUSES = Object.keys(STATUS) as Status[]

/** "Verified: every factual statement … ." */
export function statusSentence(status: Status): string {
  const s = STATUS[status]
  return `${s.word}: ${s.meaning}.`
}

/** What evidence and further reading are, for the editorial statement. */
export const EVIDENCE = {
  evidence: 'Evidence: the works an annotation’s statements rest on, which the editors consulted; they are cited in the annotation’s text, with the place consulted.',
  further: 'Further reading: standard accounts of the subject that the editors did not consult for the annotation; they are listed after it.'
}

// ---------------------------------------------------------------------------------------------
// Locators

/**
 * CSL locator labels: how Pandoc's syntax writes them (`parse`), and how they are printed
 * (`short` for one, `plural` for a range). One table for the reader and every writer.
 */
export const LOCATORS: {label: string; short: string; plural: string; parse: RegExp}[] = [
  {label: 'page', short: 'p.', plural: 'pp.', parse: /^(?:pages|page|pp|p)\.?\s*/iu},
  {label: 'chapter', short: 'chap.', plural: 'chaps.', parse: /^(?:chapters|chapter|chaps|chap|ch)\.?\s*/iu},
  {label: 'section', short: 'sec.', plural: 'secs.', parse: /^(?:sections|section|secs|sec|§§?)\.?\s*/iu},
  {label: 'note', short: 'n.', plural: 'nn.', parse: /^(?:notes|note|nn|n)\.\s*/iu},
  {label: 'volume', short: 'vol.', plural: 'vols.', parse: /^(?:volumes|volume|vols|vol)\.?\s*/iu},
  {label: 'figure', short: 'fig.', plural: 'figs.', parse: /^(?:figures|figure|figs|fig)\.?\s*/iu},
  {label: 'column', short: 'col.', plural: 'cols.', parse: /^(?:columns|column|cols|col)\.?\s*/iu},
  {label: 'line', short: 'l.', plural: 'll.', parse: /^(?:lines|line|ll|l)\.\s*/iu},
  {label: 'paragraph', short: 'para.', plural: 'paras.', parse: /^(?:paragraphs|paragraph|paras|para|¶¶?)\.?\s*/iu},
  {label: 'folio', short: 'fol.', plural: 'fols.', parse: /^(?:folios|folio|fols|fol)\.?\s*/iu}
]

const byLabel = new Map(LOCATORS.map((l) => [l.label, l]))

/** "pp. 66–98", "chap. 2", "sentence 7": a locator as printed. */
export function locatorText(locator: string | undefined, label = 'page'): string {
  if (!locator) return ''
  const l = byLabel.get(label)
  const many = /[–,-]/.test(locator)
  return `${l ? (many ? l.plural : l.short) : label} ${locator}`
}

/** The label as written in Pandoc's syntax before a locator (nothing for pages, which are the default). */
export function pandocLabel(label: string | undefined): string {
  if (!label || label === 'page') return ''
  return `${byLabel.get(label)?.short ?? label} `
}

// ---------------------------------------------------------------------------------------------
// Names, titles, dates, licences

/** "A, B and C". */
export function joinNames(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}

export function fullTitle(meta: Metadata): string {
  return meta.subtitle ? `${meta.title}: ${meta.subtitle}` : meta.title
}

/** A licence's canonical address, from its SPDX id (Creative Commons ids to their deeds). */
export function licenceUrl(spdx: string): string {
  const cc = /^CC-(BY(?:-SA|-ND|-NC|-NC-SA|-NC-ND)?)-(\d\.\d)$/i.exec(spdx)
  if (cc) return `https://creativecommons.org/licenses/${cc[1]!.toLowerCase()}/${cc[2]}/`
  if (/^CC0-1\.0$/i.test(spdx)) return 'https://creativecommons.org/publicdomain/zero/1.0/'
  return `https://spdx.org/licenses/${encodeURIComponent(spdx)}.html`
}

/** A licence as people write it ("CC BY 4.0"). */
export function licenceName(spdx: string): string {
  return /^CC/i.test(spdx) ? spdx.replace(/-/g, ' ').replace(/ (SA|ND|NC)\b/g, '-$1') : spdx
}

/** Dates and times for formats that want xsd:dateTime; a bare date is midnight UTC. */
export function dateTime(date: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T00:00:00Z` : date
}

/** "26 November 2026" (or the string as given, when it is not an ISO date). */
export function longDate(iso: string): string {
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`)
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString('en-GB', {day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC'})
}

// ---------------------------------------------------------------------------------------------
// The source

/** What a CSL type is called in a sentence ("a journal article", "a letter"). */
const TYPE_NAMES: Record<string, string> = {
  'article-journal': 'journal article',
  'article-magazine': 'magazine article',
  'article-newspaper': 'newspaper article',
  article: 'article',
  book: 'book',
  chapter: 'book chapter',
  manuscript: 'manuscript',
  personal_communication: 'letter',
  document: 'document',
  report: 'report',
  thesis: 'thesis',
  speech: 'speech',
  webpage: 'web page',
  'post-weblog': 'blog post',
  'entry-encyclopedia': 'encyclopedia entry',
  'entry-dictionary': 'dictionary entry',
  interview: 'interview',
  map: 'map',
  pamphlet: 'pamphlet',
  'paper-conference': 'conference paper',
  legislation: 'law',
  bill: 'bill',
  regulation: 'regulation',
  treaty: 'treaty',
  broadcast: 'broadcast',
  graphic: 'image',
  periodical: 'periodical',
  classic: 'classic work',
  collection: 'archival collection',
  standard: 'standard',
  patent: 'patent'
}

export function typeName(type: string): string {
  return TYPE_NAMES[type] ?? type.replace(/-/g, ' ')
}

/** What a CSL variable is called for a work of this type ("journal" for an article's container). */
export function variableName(variable: string, type: string): string {
  if (variable === 'container-title') {
    if (type === 'article-journal') return 'journal'
    if (type === 'article-newspaper') return 'newspaper'
    if (type === 'article-magazine') return 'magazine'
    if (type === 'chapter' || type.startsWith('entry')) return 'book'
    if (type === 'webpage' || type === 'post-weblog') return 'website'
    return 'container'
  }
  const names: Record<string, string> = {
    issued: 'date',
    'publisher-place': 'place of publication',
    archive: 'archive',
    archive_location: 'place in the archive',
    'archive-place': 'place of the archive',
    'collection-title': 'series',
    'number-of-pages': 'length',
    recipient: 'recipient',
    'event-title': 'event',
    'event-place': 'place of the event',
    page: 'pages',
    DOI: 'DOI',
    ISBN: 'ISBN',
    URL: 'address'
  }
  return names[variable] ?? variable.replace(/[-_]/g, ' ')
}

/** "a journal article", "an archival collection". */
export function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`
}

interface CslName {
  family?: string
  given?: string
  literal?: string
}

/** A CSL value in words: names, dates and strings as a reader writes them. */
export function cslValue(value: unknown): string | undefined {
  if (typeof value === 'string' || typeof value === 'number') return String(value)
  if (Array.isArray(value)) {
    const names = (value as CslName[]).map((n) => n.literal ?? [n.given, n.family].filter(Boolean).join(' ')).filter(Boolean)
    return names.length ? joinNames(names) : undefined
  }
  if (value && typeof value === 'object') {
    const d = value as {'date-parts'?: unknown[][]; literal?: string; raw?: string}
    const parts = d['date-parts']?.[0]
    if (parts?.length) return parts.map((p) => String(p).padStart(2, '0')).join('-').replace(/^0+(?=\d{4})/, '')
    return d.literal ?? d.raw
  }
  return undefined
}

/** The parts of the source statement, for writers that lay them out (the view links the record). */
export interface SourceParts {
  /** "The English abstract of a journal article, as shown on the record's page." */
  holds: string
  /** The known fields of the work, in words: `[["author", "A. Smith"], ["title", "…"]]`. */
  known: [string, string][]
  /** "The journal article's author, title, journal and date are not known." (or '') */
  unknown: string
  /** Why not (or ''). */
  unknownNote: string
  /** "earticle (Korean scholarly database), record 3022614" (or '') */
  where: string
  url?: string
  captured?: string
}

/** Fields of the work worth naming, in the order a citation gives them. */
const WORK_FIELDS = ['author', 'editor', 'recipient', 'title', 'container-title', 'collection-title', 'volume', 'issue', 'page', 'publisher', 'publisher-place', 'issued', 'archive', 'archive_location', 'DOI', 'ISBN', 'URL']

export function sourceParts(source: Source): SourceParts {
  const work = source.work
  const kind = typeName(work.type)
  const known = WORK_FIELDS.flatMap((f): [string, string][] => {
    const v = cslValue(work[f])
    return v ? [[variableName(f, work.type), v]] : []
  })
  const unknown = (source.unknown ?? []).map((v) => variableName(v, work.type))
  const sentence = (s: string) => {
    const t = s.trim()
    return t && !/[.?!]$/.test(t) ? `${t}.` : t
  }
  return {
    holds: sentence(source.holds),
    known,
    unknown: unknown.length ? `The ${kind}’s ${joinNames(unknown)} ${unknown.length > 1 ? 'are' : 'is'} not known.` : '',
    unknownNote: sentence(source.unknownNote ?? ''),
    where: [source.repository, source.record ? `record ${source.record}` : ''].filter(Boolean).join(', '),
    ...(source.url ? {url: source.url} : {}),
    ...(source.captured ? {captured: source.captured} : {})
  }
}

/**
 * How the source statement is introduced where it stands inside another record (the edition's
 * CSL note, the BibTeX file's comment). Words, not one word: CSL readers (pandoc, citeproc-js)
 * take a note's first line of the form `word: value` for a CSL variable, and "Source: …" would
 * become the `source` field.
 */
export const SOURCE_LABEL = 'Source of the text'

/** Where the text comes from, in one paragraph of words. */
export function sourceStatement(meta: Metadata): string {
  const p = sourceParts(meta.source)
  const kind = typeName(meta.source.work.type)
  const from = p.where || p.url ? ` Captured from ${[p.where, p.url ? `(${p.url})` : ''].filter(Boolean).join(' ')}${p.captured ? ` on ${p.captured}` : ''}.` : ''
  const known = p.known.length ? ` The ${kind}: ${p.known.map(([k, v]) => `${k} ${v}`).join('; ')}.` : ''
  return `${p.holds}${from}${known}${p.unknown ? ` ${p.unknown}` : ''}${p.unknownNote ? ` ${p.unknownNote}` : ''}`.trim()
}

// ---------------------------------------------------------------------------------------------
// Interventions

/** Where an intervention applies, in words. */
export function interventionPlace(i: Intervention): string {
  return i.type === 'omission' ? `Witness lines ${i.lines[0]}–${i.lines[1]} omitted.` : `Witness line ${i.line}, column ${i.column}: “${i.original}” → “${i.reading}”.`
}

/** An editorial intervention in words, on one line. */
export function interventionText(i: Intervention): string {
  return `${interventionPlace(i)} ${i.description.trim()} Why: ${i.reason.trim()}`
}

// ---------------------------------------------------------------------------------------------
// How to cite the edition

/** "Editors (ed.), Title, version V (date)": the edition's citation without its address. */
export function citationWords(meta: Metadata): string {
  const eds = meta.editors.length > 1 ? 'eds.' : 'ed.'
  return `${joinNames(meta.editors.map((e) => e.name))} (${eds}), ${fullTitle(meta)}, version ${meta.version} (${meta.date})`
}

/** "November 26, 2026": a date as Chicago style writes it (or the string as given, when it is not an ISO date). */
export function chicagoDate(iso: string): string {
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`)
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString('en-US', {day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC'})
}

/** One sentence of the edition, as a reader cites it. */
export interface CitedSentence {
  /** The sentence's number ("7"). */
  n: string
  /** Its address: the edition's `url` with the sentence's fragment. None when the edition has no `url`. */
  address?: string
  /** When the reader consulted it: an ISO date and the same date as Chicago writes it. */
  accessed: {iso: string; long: string}
}

/**
 * A sentence's citation in the forms scholars paste: `chicago` (a Chicago note: editors, title,
 * version and date, the sentence as locator, the access date, the address) and `plain` (the
 * edition's citation words with the sentence). Both name the version, since the text of another
 * version may differ; neither invents an address the edition does not have.
 */
export function sentenceCitation(meta: Metadata, s: CitedSentence, style: 'chicago' | 'plain'): string {
  if (style === 'plain') return `${citationWords(meta)}, sentence ${s.n}.${s.address ? ` ${s.address}` : ''} Accessed ${s.accessed.iso}.`
  const eds = meta.editors.length > 1 ? 'eds.' : 'ed.'
  const names = joinNames(meta.editors.map((e) => e.name))
  return `${names}, ${eds}, ${fullTitle(meta)}, version ${meta.version} (${chicagoDate(meta.date)}), sentence ${s.n}, accessed ${s.accessed.long}${s.address ? `, ${s.address}` : ''}.`
}

/** Id of the edition's own CSL item, unless a reference already uses it. */
export function editionItemId(edition: Pick<Edition, 'references'>): string {
  const taken = new Set(edition.references.map((r) => r.id))
  let id = 'edition'
  for (let n = 2; taken.has(id); n++) id = `edition-${n}`
  return id
}

/** The edition as a work: a citation in words, and a CSL item for bibliography exports. */
export function editionCitation(edition: Pick<Edition, 'meta' | 'references'>): {text: string; item: CslItem} {
  const meta = edition.meta
  const text = `${citationWords(meta)}.${meta.url ? ` ${meta.url}` : ''}`
  const parts = meta.date.split('-').map(Number).filter((n) => Number.isFinite(n) && n > 0)
  const item: CslItem = {
    id: editionItemId(edition),
    type: 'book',
    title: fullTitle(meta),
    ...(meta.subtitle ? {'title-short': meta.title} : {}),
    editor: meta.editors.map((e) => ({literal: e.name})),
    version: meta.version,
    medium: 'Digital edition',
    issued: {'date-parts': [parts]},
    ...(meta.url ? {URL: meta.url} : {}),
    note: `${SOURCE_LABEL}: ${sourceStatement(meta)}`
  }
  return {text, item}
}
