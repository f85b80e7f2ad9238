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
 * Security: nothing here renders a body. The Markdown body is returned as written; a caller that
 * shows it must run it through the pipeline's sanitiser like any note.
 */
import {CodePoints} from '../anchor/positions.js'
import type {Annotation, Edition, Status, Target, TextQuoteSelector} from '../model/edition.js'
import {toRanges} from '../anchor/quote.js'

const NS = 'edition:'

export interface ImportProblem {
  /** The annotation's IRI (or its index when it has none). */
  annotation: string
  message: string
}

/** An annotation as read from Web Annotations: what an annotation file holds (its body as Markdown). */
export type ImportedAnnotation = Pick<Annotation, 'id' | 'type' | 'term' | 'label' | 'original' | 'sameAs' | 'targets' | 'markdown' | 'status' | 'author' | 'created' | 'modified' | 'file'>

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

/** The body as Markdown, from a Choice of TextualBodies (or one TextualBody): the Markdown form, else the plain text. */
function markdownOf(bodies: unknown[]): string {
  const textual = bodies.flatMap((b) => (isObject(b) && hasType(b, 'Choice') ? list(b.items) : [b])).filter(isObject)
  const byFormat = (f: string) => textual.find((b) => str(b.format) === f && typeof b.value === 'string')?.value as string | undefined
  const any = textual.find((b) => typeof b.value === 'string')?.value as string | undefined
  return byFormat('text/markdown') ?? byFormat('text/plain') ?? any ?? ''
}

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

/** Anchor one target in the text; `undefined` when it cannot be. */
function anchor(text: string, quote: TextQuoteSelector | undefined, position: {start: number; end: number} | undefined): {start: number; end: number} | undefined {
  if (quote && position && text.slice(position.start, position.end) === quote.exact) return position
  if (!quote) return position && position.end <= text.length && position.start < position.end ? position : undefined
  let ranges = toRanges(text, quote)
  if (!ranges.length) ranges = toRanges(text, {type: 'TextQuoteSelector', exact: quote.exact})
  if (!ranges.length) return undefined
  const hint = position?.start ?? 0
  return ranges.reduce((best, r) => (Math.abs(r.start - hint) < Math.abs(best.start - hint) ? r : best))
}

export function importAnnotations(data: unknown, options: ImportOptions = {}): Imported {
  const problems: ImportProblem[] = []
  const points = options.edition ? new CodePoints(options.edition.text) : undefined
  const annotations = annotationsIn(data).map((a, index): ImportedAnnotation => {
    const iri = str(a.id)
    const name = iri ?? `#${index + 1}`
    const id = localId(iri, index)
    const motivations = list(a.motivation)
    const kind = str(a[`${NS}kind`])
    const type: Annotation['type'] = kind === 'gloss' || kind === 'note' ? kind : motivations.includes('describing') || a[`${NS}term`] !== undefined ? 'gloss' : 'note'
    const bodies = list(a.body)

    const targets: Target[] = list(a.target).flatMap((t, k): Target[] => {
      const target = typeof t === 'string' ? {source: t} : isObject(t) ? t : undefined
      if (!target) return []
      const {quote, position} = selectorsOf(target)
      if (!quote && !position) {
        problems.push({annotation: name, message: `Target ${k + 1} has neither a TextQuoteSelector nor a TextPositionSelector: it cannot be anchored in the text`})
        return []
      }
      const text = options.edition?.text
      // The export counts code points; the model counts UTF-16 units.
      const units = position && points ? {start: points.toUtf16(position.start), end: points.toUtf16(position.end)} : position
      const range = text === undefined ? units : anchor(text, quote, units)
      if (!range) {
        problems.push({annotation: name, message: `Target ${k + 1} (“${quote?.exact ?? ''}”) is not in the text: kept as an orphan`})
      }
      const at = range ?? units ?? {start: 0, end: 0}
      const selector = quote ?? {type: 'TextQuoteSelector' as const, exact: text?.slice(at.start, at.end) ?? ''}
      const sentences = range && options.edition ? options.edition.sentences.filter((s) => s.start < at.end && at.start < s.end).map((s) => s.id) : []
      return [{selector, start: at.start, end: at.end, sentences}]
    })

    const original = a[`${NS}original`]
    const sameAs = bodies.filter((b): b is Json => isObject(b) && list(b.purpose).includes('identifying') && typeof (b.source ?? b.id) === 'string').map((b) => String(b.source ?? b.id))
    const creator = list(a.creator)[0]
    const status = str(a[`${NS}status`])
    const markdown = markdownOf(bodies.filter((b) => !(isObject(b) && list(b.purpose).includes('identifying'))))
    return {
      id,
      type,
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
      targets,
      markdown,
      status: status === 'verified' || status === 'unverified' || status === 'disputed' ? (status as Status) : 'unverified',
      author: (isObject(creator) ? str(creator.name) ?? str(creator.nickname) ?? str(creator.id) : str(creator)) ?? 'unknown',
      created: dateOnly(a.created),
      modified: dateOnly(a.modified ?? a.created),
      file: str(a[`${NS}file`]) ?? `annotations/${type === 'gloss' ? 'glossary' : 'notes'}/${id}.md`
    }
  })
  return {annotations, problems}
}
