/**
 * CSL-JSON → `<biblStruct>`, for the bibliography and for the work the witness is a copy of.
 *
 * TEI fixes the order of a `<monogr>`'s children: names of those responsible come before its
 * title, or after its title only when none came before; identifiers right after the titles; then
 * `<edition>`, `<imprint>`, and the scope. Each element is built once, in that order, whatever the
 * CSL type and whatever fields are present (`tests/export-tei.test.ts` validates every type with
 * every field, and every field alone, with jing).
 *
 * A variable the edition names as not known gets `<gap reason="unknown">` where its value would
 * stand (identifiers, the edition and the event excepted: `<idno>`, `<edition>` and `<meeting>`
 * cannot hold a gap; the note on what is not known names them); nothing is ever guessed.
 */
import type {Element} from 'xast'
import type {CslItem} from '../../model/edition.js'
import {variableName} from '../../model/words.js'
import {target} from './ids.js'
import {languageName, languageTag, titleLanguage} from './language.js'
import type {Attributes} from 'xastscript'
import {x, type Tree} from './xml.js'

/** CSL types whose container is a periodical (its title is `level="j"`). */
const PERIODICAL = new Set(['article', 'article-journal', 'article-magazine', 'article-newspaper', 'review', 'review-book', 'periodical'])

/** Name variables with a TEI element of their own; every other name variable is a `<respStmt>`. */
const OWN_ELEMENT = new Set(['author', 'editor', 'translator', 'container-author', 'collection-editor'])

/** CSL 1.0.2's name variables. */
export const NAME_VARIABLES = [
  'author', 'chair', 'collection-editor', 'compiler', 'composer', 'container-author', 'contributor', 'curator', 'director', 'editor',
  'editorial-director', 'executive-producer', 'guest', 'host', 'illustrator', 'interviewer', 'narrator', 'organizer', 'original-author',
  'performer', 'producer', 'recipient', 'reviewed-author', 'script-writer', 'series-creator', 'translator'
]

/** Notes a work may carry, in the order they are written. */
const NOTES = ['genre', 'medium', 'version', 'status', 'dimensions', 'scale', 'source', 'note']

/** Identifiers: CSL variable → TEI `idno/@type`. */
const IDNOS: [string, string][] = [['ISBN', 'ISBN'], ['ISSN', 'ISSN'], ['number', 'number'], ['call-number', 'callNumber'], ['PMID', 'PMID'], ['PMCID', 'PMCID']]

interface CslName {
  family?: string
  given?: string
  literal?: string
  'non-dropping-particle'?: string
  'dropping-particle'?: string
  suffix?: string
}

export interface BiblOptions {
  /** `xml:id` of the element. */
  id: string
  /** Its number in the bibliography. */
  n?: number
  /** The document's language: titles in it need no `xml:lang`. */
  language: string
  /** CSL variables the edition states are not known. */
  unknown?: Iterable<string>
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : typeof v === 'number' ? String(v) : undefined)
const names = (v: unknown): CslName[] => (Array.isArray(v) ? (v as unknown[]).filter((n): n is CslName => !!n && typeof n === 'object') : [])
/** A token for an attribute whose values are words without spaces (`@type`, `@unit`). */
export const token = (s: string) => s.trim().replace(/[\s\p{C}]+/gu, '-')

/** What stands for a value that is not known: a gap, never a guess. */
const unknownGap = (): Element => x('gap', {reason: 'unknown'}, x('desc', {}, 'not known'))

function persName(n: CslName): Tree {
  if (n.literal || !n.family) return n.literal ?? n.given ?? ''
  return x(
    'persName',
    {},
    n.given ? [x('forename', {}, n.given), ' '] : null,
    n['dropping-particle'] ? [x('nameLink', {}, n['dropping-particle']), ' '] : null,
    n['non-dropping-particle'] ? [x('nameLink', {}, n['non-dropping-particle']), ' '] : null,
    x('surname', {}, n.family),
    n.suffix ? [' ', x('addName', {}, n.suffix)] : null
  )
}

/** A date as `@when` takes it (an ISO 8601 year, month or day that exists), or undefined. */
export function when(date: string | undefined): string | undefined {
  const m = date ? /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(date) : null
  if (!m) return undefined
  const [y, month, day] = [Number(m[1]), Number(m[2] ?? 1), Number(m[3] ?? 1)]
  const d = new Date(Date.UTC(y, month - 1, day))
  return y > 0 && d.getUTCMonth() === month - 1 && d.getUTCDate() === day ? date : undefined
}

/** A date as `<date>`: `@when` for a date in numbers, the words otherwise. */
function cslDate(v: unknown): Element | undefined {
  const d = v as {'date-parts'?: unknown[][]; literal?: string; raw?: string} | undefined
  const parts = Array.isArray(d?.['date-parts']?.[0]) ? d['date-parts'][0] : undefined
  if (parts?.length && parts.length <= 3 && parts.every((p) => /^\d{1,4}$/.test(String(p)))) {
    const iso = parts.map((p, i) => String(p).padStart(i ? 2 : 4, '0')).join('-')
    return x('date', {when: when(iso)}, iso)
  }
  const text = str(d?.literal) ?? str(d?.raw)
  return text ? x('date', {}, text) : undefined
}

/** A page or other range: `from` and `to` when it is one range or one value. */
export function range(value: string): {from?: string; to?: string} {
  const m = /^\s*([^\s,;–—-]+)\s*(?:[-–—]\s*([^\s,;–—-]+)\s*)?$/u.exec(value)
  return m ? {from: m[1], to: m[2] ?? m[1]} : {}
}

/** A CSL item as a `<biblStruct>` (see the module's comment). */
export function biblStruct(item: CslItem, options: BiblOptions): Element {
  const unknown = new Set(options.unknown ?? [])
  const value = (variable: string) => str(item[variable])
  const gap = (variable: string) => (unknown.has(variable) ? unknownGap() : undefined)
  const lang = titleLanguage(str(item.language), options.language)

  /** An element holding a variable's value (or its gap), or nothing. */
  const field = (variable: string, name: string, attributes: Attributes = {}, ...after: Tree[]): Element | undefined => {
    const v = value(variable) ?? gap(variable)
    return v === undefined ? undefined : x(name, attributes, v, ...after)
  }
  const title = (variable: string, level: string) => field(variable, 'title', {level, 'xml:lang': value(variable) && lang(value(variable)!)})
  /** The people of one name variable as `element`s, or one gap when they are not known. */
  const people = (variable: string, element: 'author' | 'editor', role?: string): Element[] => {
    const list = names(item[variable]).map((n) => x(element, {role}, persName(n)))
    return list.length || !unknown.has(variable) ? list : [x(element, {role}, unknownGap())]
  }
  /** Name variables without an element of their own: who did what. */
  const responsibilities = (variables: string[]): Element[] =>
    variables.flatMap((variable) => {
      const list = names(item[variable])
      if (!list.length && !unknown.has(variable)) return []
      const who = list.length ? list.map((n) => x('name', {}, persName(n))) : [x('name', {}, unknownGap())]
      return [x('respStmt', {}, x('resp', {}, variableName(variable, item.type)), who)]
    })
  const idno = (variable: string, type: string) => (value(variable) ? x('idno', {type}, value(variable)) : undefined)
  const scope = (variable: string, unit: string) => field(variable, 'biblScope', {unit, ...(unit === 'page' && value(variable) ? range(value(variable)!) : {})})
  const language = languageTag(str(item.language))
  const textLang = language ? x('textLang', {mainLang: language}, languageName(language)) : undefined

  // The work is part of a larger one when it has a container (or one that is not known).
  const analytic = value('container-title') !== undefined || unknown.has('container-title')
  const own = NAME_VARIABLES.filter((v) => !OWN_ELEMENT.has(v))
  const workNames = [...people('author', 'author'), ...people('translator', 'editor', 'translator'), ...responsibilities(own)]
  const hostNames = analytic ? [...people('container-author', 'author'), ...people('editor', 'editor')] : [...workNames, ...people('editor', 'editor')]
  const event = [value('event-title') ?? value('event'), value('event-place')].filter(Boolean).join(', ')
  const meeting = event ? x('meeting', {}, event) : undefined
  const identifiers = [...IDNOS.map(([v, type]) => idno(v, type)), analytic ? undefined : idno('DOI', 'DOI')]

  const monogr = x(
    'monogr',
    {},
    // Names first (or, when there are none, the title first: TEI allows no name between the two).
    hostNames,
    meeting,
    (analytic ? title('container-title', PERIODICAL.has(item.type) ? 'j' : 'm') : title('title', 'm')) ?? x('title', {level: 'm'}),
    identifiers,
    analytic ? undefined : textLang,
    value('edition') ? x('edition', {}, value('edition')) : undefined,
    x('imprint', {}, field('publisher-place', 'pubPlace'), field('publisher', 'publisher'), cslDate(item.issued) ?? x('date', {}, gap('issued'))),
    scope('volume', 'volume'),
    scope('issue', 'issue'),
    scope('chapter-number', 'chapter'),
    scope('page', 'page'),
    field('number-of-pages', 'extent', {}, value('number-of-pages') ? ' pages' : ''),
    field('number-of-volumes', 'extent', {}, value('number-of-volumes') ? ' volumes' : '')
  )
  const series =
    title('collection-title', 's')
      ? x('series', {}, title('collection-title', 's'), people('collection-editor', 'editor'), field('collection-number', 'biblScope', {unit: 'volume'}))
      : undefined
  // A shelfmark is an <idno>, which cannot hold a gap: an unknown one is a gap in its place.
  const kept = [field('archive', 'orgName'), field('archive-place', 'placeName'), value('archive_location') ? x('idno', {type: 'shelfmark'}, value('archive_location')) : gap('archive_location')].filter((e) => e !== undefined)
  const archive = kept.length ? x('note', {type: 'archive'}, kept.flatMap((e, i) => (i ? [', ', e] : [e]))) : undefined
  const accessed = cslDate(item.accessed)

  return x(
    'biblStruct',
    {'xml:id': options.id, n: options.n, type: token(item.type)},
    analytic ? x('analytic', {}, workNames, title('title', 'a'), idno('DOI', 'DOI'), textLang) : undefined,
    monogr,
    series,
    NOTES.map((v) => field(v, 'note', {type: v === 'note' ? undefined : v})),
    archive,
    accessed ? x('note', {type: 'accessed'}, accessed) : undefined,
    target(value('URL')) ? x('ptr', {target: target(value('URL'))}) : undefined
  )
}
