/**
 * Reading W3C Web Annotations (JSON-LD) back into the model's `Annotation`s: the other half of
 * `src/write/jsonld.ts`, for an `edition import` command. Takes an AnnotationCollection (its
 * embedded pages), an AnnotationPage, one Annotation or an array of them.
 *
 * Given the edition's text, every target is anchored again, as Hypothesis does: the position is
 * trusted when the text there is the quote; otherwise the quote (with its prefix and suffix) is
 * searched for, the position serving only to choose between matches. A target found nowhere is
 * kept as an orphan, with a problem saying so, never silently dropped.
 *
 * Other tools' exports are read too: Hypothesis's API JSON and client export (`hypothesis.ts`
 * turns them into Web Annotations), its `.jsonld` form, and Recogito's W3C export (a `creator`
 * object, bodies with a `purpose`, HTML comments, tags). `readAnnotations` gives what a file
 * says, without anchoring (for `edition import`); `importAnnotations` anchors it in a text.
 *
 * Security: nothing here renders a body. The Markdown body is returned as written (an HTML body
 * is turned into Markdown text, `imported-body.ts`); a caller that shows it must run it through
 * the pipeline's sanitiser like any note.
 */
import type {Annotation, Edition, Status, Target, TextQuoteSelector} from '../model/edition.js'
import {TextPositionAnchor, TextQuoteAnchor} from '../anchor/types.js'
import {fromHypothesis} from './hypothesis.js'
import {markdownFromHtml} from './imported-body.js'
import {sentencesOver} from '../anchor/index.js'
import {tooDeep} from './depth.js'

const NS = 'edition:'

export interface ImportProblem {
  /** The annotation's IRI (or its index when it has none). */
  annotation: string
  message: string
}

/** An annotation as read from Web Annotations: what an annotation file holds (its body as Markdown). */
export type ImportedAnnotation = Pick<Annotation, 'id' | 'type' | 'term' | 'label' | 'forms' | 'case' | 'original' | 'sameAs' | 'targets' | 'markdown' | 'status' | 'author' | 'created' | 'modified' | 'file'>

export interface Imported {
  annotations: ImportedAnnotation[]
  problems: ImportProblem[]
}

export interface ImportOptions {
  /** The text to anchor in, and its sentences (targets get their `sentences` from them). */
  edition?: Pick<Edition, 'text' | 'sentences'>
}

type Json = Record<string, unknown>

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const list = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v])
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined)
const hasType = (v: Json, type: string) => list(v.type).includes(type)

/** The Annotation objects in any of the shapes the writer (or another tool) produces. */
function annotationsIn(data: unknown): Json[] {
  const hypothesis = fromHypothesis(data)
  if (hypothesis) return hypothesis
  if (Array.isArray(data)) return data.flatMap(annotationsIn)
  if (!isObject(data)) return []
  if (hasType(data, 'Annotation')) return [data]
  if (hasType(data, 'AnnotationPage')) return list(data.items).flatMap(annotationsIn)
  if (hasType(data, 'AnnotationCollection')) {
    // Embedded pages are followed through `next`; pages given only by IRI cannot be read offline.
    const pages: unknown[] = []
    let page: unknown = data.first
    const seen = new Set<unknown>()
    while (isObject(page) && !seen.has(page)) {
      seen.add(page)
      pages.push(page)
      page = page.next
    }
    return pages.flatMap(annotationsIn)
  }
  return []
}

/** A percent-encoded fragment, decoded; as written when it is not valid percent-encoding (`#%`). */
function decodeFragment(raw: string): string {
  try {
    return decodeURIComponent(raw)
  } catch {
    return raw
  }
}

/** The model's id: the IRI's fragment (the writer's `…#id`), else its last path segment. */
function localId(iri: string | undefined, index: number): string {
  const raw = iri ? (iri.includes('#') ? iri.slice(iri.lastIndexOf('#') + 1) : iri.replace(/\/+$/, '').split(/[/:]/).pop() ?? '') : ''
  const id = decodeFragment(raw)
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return /^[a-z]/.test(id) ? id : `annotation-${id || index + 1}`
}

function dateOnly(v: unknown): string {
  const s = str(v) ?? ''
  return /^\d{4}-\d{2}-\d{2}T00:00:00(?:\.0+)?Z$/.test(s) ? s.slice(0, 10) : s
}

/**
 * The body as Markdown, from one TextualBody or a Choice of them: the editor's Markdown that this
 * toolkit's writer keeps beside the HTML (`edition:markdown`), else a Markdown form, else the plain text.
 */
function markdownOf(bodies: unknown[]): string {
  const textual = textualBodies(bodies)
  const byFormat = (f: string) => textual.find((b) => str(b.format) === f && typeof b.value === 'string')?.value as string | undefined
  const any = textual.find((b) => typeof b.value === 'string')?.value as string | undefined
  return editorsMarkdown(textual) ?? byFormat('text/markdown') ?? byFormat('text/plain') ?? any ?? ''
}

const textualBodies = (bodies: unknown[]) => bodies.flatMap((b) => (isObject(b) && hasType(b, 'Choice') ? list(b.items) : [b])).filter(isObject)

/** The Markdown an editor wrote, where this toolkit's export carries it beside the HTML. */
const editorsMarkdown = (textual: Json[]) => textual.find((b) => typeof b[`${NS}markdown`] === 'string')?.[`${NS}markdown`] as string | undefined

function selectorsOf(target: Json): {quote?: TextQuoteSelector; position?: {start: number; end: number}} {
  const out: {quote?: TextQuoteSelector; position?: {start: number; end: number}} = {}
  for (const s of list(target.selector).filter(isObject)) {
    if (hasType(s, 'TextQuoteSelector') && typeof s.exact === 'string' && !out.quote) {
      out.quote = {
        type: 'TextQuoteSelector',
        exact: s.exact,
        ...(typeof s.prefix === 'string' ? {prefix: s.prefix} : {}),
        ...(typeof s.suffix === 'string' ? {suffix: s.suffix} : {})
      }
    }
    if (hasType(s, 'TextPositionSelector') && Number.isInteger(s.start) && Number.isInteger(s.end) && !out.position) {
      out.position = {start: s.start as number, end: s.end as number}
    }
  }
  return out
}

/** What an annotation file says about one target: its quote and position (code points), as written. */
export interface RawTarget {
  quote?: TextQuoteSelector
  position?: {start: number; end: number}
  /** The target is another resource (an annotation), not a passage of the text. */
  resource?: string
}

/** One annotation as a file gives it, before it is anchored in any text. */
export interface RawAnnotation {
  /** Its IRI, if it has one, and its place in the file (0-based). */
  iri?: string
  index: number
  /** The model's id (see `localId`). */
  id: string
  type: Annotation['type']
  targets: RawTarget[]
  /** The body as Markdown (an HTML body turned into Markdown text). */
  markdown: string
  /** The edition's own status, when the file is an edition's export. */
  status?: Status
  author: string
  /** As written (date-times are kept). */
  created?: string
  modified?: string
  term?: string
  label?: string
  original?: Annotation['original']
  sameAs?: string[]
  /** Tags (`tagging` bodies: Hypothesis tags, Recogito tags and vocabulary terms). */
  tags: string[]
  /** A glossary entry's forms and case rule, when the export gives them. */
  forms?: string[]
  case?: string
  file?: string
  /** Set for a reply to another annotation (Hypothesis): it has no passage of its own. */
  reply?: boolean
}

/** The body's Markdown: the Markdown or plain text form, else an HTML form turned into Markdown text. */
function bodyOf(bodies: unknown[]): string {
  const textual = textualBodies(bodies)
  // This toolkit's own export: the editor's Markdown, not its rendering.
  if (editorsMarkdown(textual) !== undefined) return editorsMarkdown(textual)!
  const html = textual.filter((b) => str(b.format) === 'text/html' && typeof b.value === 'string')
  if (html.length && html.length === textual.filter((b) => typeof b.value === 'string').length) return markdownFromHtml(html[0]!.value as string)
  return markdownOf(bodies)
}

const purposes = (b: unknown) => (isObject(b) ? list(b.purpose) : [])

/** The annotations in `data` (any shape `annotationsIn` reads), as written. */
export function readAnnotations(data: unknown): RawAnnotation[] {
  // Reading recurses per level: JSON nested beyond any annotation's shape holds none (`edition import` says where).
  if (tooDeep(data)) return []
  return annotationsIn(data).map((a, index): RawAnnotation => {
    const iri = str(a.id)
    const motivations = list(a.motivation)
    const kind = str(a[`${NS}kind`])
    const type: Annotation['type'] = kind === 'gloss' || kind === 'note' ? kind : motivations.includes('describing') || a[`${NS}term`] !== undefined ? 'gloss' : 'note'
    const bodies = list(a.body)
    const targets = list(a.target).flatMap((t): RawTarget[] => {
      if (typeof t === 'string') return [{resource: t}]
      if (!isObject(t)) return []
      const {quote, position} = selectorsOf(t)
      return [{...(quote ? {quote} : {}), ...(position ? {position} : {}), ...(!quote && !position && typeof t.source === 'string' ? {resource: t.source} : {})}]
    })
    const original = a[`${NS}original`]
    const sameAs = bodies.filter((b): b is Json => purposes(b).includes('identifying') && typeof ((b as Json).source ?? (b as Json).id) === 'string').map((b) => String(b.source ?? b.id))
    const tags = bodies.filter((b) => purposes(b).includes('tagging')).flatMap((b) => {
      const v = (b as Json).value
      const label = typeof v === 'string' ? v : isObject(v) ? str(v.label) ?? str(v.id) : undefined
      return label ? [label] : []
    })
    const creator = list(a.creator)[0]
    const status = str(a[`${NS}status`])
    const forms = list(a[`${NS}forms`]).filter((f): f is string => typeof f === 'string')
    const name = (isObject(creator) ? str(creator.name) ?? str(creator.nickname) ?? str(creator.id) : str(creator))?.replace(/^acct:/, '')
    return {
      ...(iri ? {iri} : {}),
      index,
      id: localId(iri, index),
      type,
      targets,
      markdown: bodyOf(bodies.filter((b) => !purposes(b).includes('identifying') && !purposes(b).includes('tagging'))),
      ...(status === 'verified' || status === 'unverified' || status === 'disputed' ? {status: status as Status} : {}),
      author: name ?? 'unknown',
      ...(str(a.created) ? {created: str(a.created)!} : {}),
      ...(str(a.modified ?? a.created) ? {modified: str(a.modified ?? a.created)!} : {}),
      ...(a[`${NS}term`] !== undefined ? {term: String(a[`${NS}term`])} : {}),
      ...(a[`${NS}label`] !== undefined ? {label: String(a[`${NS}label`])} : {}),
      ...(isObject(original) && typeof original[`${NS}text`] === 'string'
        ? {
            original: {
              text: original[`${NS}text`] as string,
              ...(typeof original[`${NS}transliteration`] === 'string' ? {transliteration: original[`${NS}transliteration`] as string} : {}),
              language: String(original[`${NS}language`] ?? '')
            }
          }
        : {}),
      ...(sameAs.length ? {sameAs} : {}),
      tags,
      ...(forms.length ? {forms} : {}),
      ...(str(a[`${NS}case`]) ? {case: str(a[`${NS}case`])!} : {}),
      ...(str(a[`${NS}file`]) ? {file: str(a[`${NS}file`])!} : {}),
      ...(list(a['hypothesis:references']).length ? {reply: true} : {})
    }
  })
}

/**
 * Anchor one target in the text, as Hypothesis does: the quote decides, the position is a hint
 * (the text may have been revised since: the quote may be found fuzzily); `undefined` when it
 * cannot be found, or not told apart from other places.
 */
function anchor(text: string, quote: TextQuoteSelector | undefined, position: {start: number; end: number} | undefined): {start: number; end: number} | undefined {
  if (!quote) return position && position.end <= text.length && position.start < position.end ? position : undefined
  const found = TextQuoteAnchor.fromSelector(text, quote).locate({...(position ? {hint: position.start} : {}), revised: true})
  if (found.state === 'anchored' || found.state === 'moved') return found.range
  if (found.state === 'ambiguous' && found.nearest !== undefined) return found.ranges[found.nearest]
  return undefined
}

export function importAnnotations(data: unknown, options: ImportOptions = {}): Imported {
  const problems: ImportProblem[] = []
  const text = options.edition?.text
  const annotations = readAnnotations(data).map((a): ImportedAnnotation => {
    const name = a.iri ?? `#${a.index + 1}`
    const targets: Target[] = a.targets.flatMap((t, k): Target[] => {
      if (t.resource !== undefined && !t.quote && !t.position) return []
      const {quote, position} = t
      if (!quote && !position) {
        problems.push({annotation: name, message: `Target ${k + 1} has neither a TextQuoteSelector nor a TextPositionSelector: it cannot be anchored in the text`})
        return []
      }
      // The export counts code points; the model counts UTF-16 units.
      const converted = position && text !== undefined ? TextPositionAnchor.fromSelector(text, position) : undefined
      const units = converted ? {start: converted.start, end: converted.end} : position
      const range = text === undefined ? units : anchor(text, quote, units)
      if (!range) {
        problems.push({annotation: name, message: `Target ${k + 1} (“${quote?.exact ?? ''}”) is not in the text: kept as an orphan`})
      }
      const at = range ?? units ?? {start: 0, end: 0}
      const selector = quote ?? {type: 'TextQuoteSelector' as const, exact: text?.slice(at.start, at.end) ?? ''}
      const sentences = range && options.edition ? sentencesOver(options.edition.sentences, at) : []
      return [{selector, start: at.start, end: at.end, sentences}]
    })
    return {
      id: a.id,
      type: a.type,
      ...(a.term !== undefined ? {term: a.term} : {}),
      ...(a.label !== undefined ? {label: a.label} : {}),
      ...(a.forms ? {forms: a.forms} : {}),
      ...(a.case === 'exact' || a.case === 'ignore' || a.case === 'first-letter' ? {case: a.case} : {}),
      ...(a.original ? {original: a.original} : {}),
      ...(a.sameAs ? {sameAs: a.sameAs} : {}),
      targets,
      markdown: a.markdown,
      status: a.status ?? 'unverified',
      author: a.author,
      created: dateOnly(a.created),
      modified: dateOnly(a.modified),
      file: a.file ?? `annotations/${a.type === 'gloss' ? 'glossary' : 'notes'}/${a.id}.md`
    }
  })
  return {annotations, problems}
}
