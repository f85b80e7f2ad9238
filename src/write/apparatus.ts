/**
 * What the Markdown and plain-text writers both lay out around the text: notes in text order,
 * the glossary A to Z, the places each annotation occurs (with the sentences they fall in) and
 * the annotations and introduction that mention a glossary entry. One index, so the two exports
 * number, order and cross-refer the same way.
 */
import type {Annotation, Edition, Sentence, Target} from '../model/edition.js'

export interface Apparatus {
  edition: Edition
  sentences: Map<string, Sentence>
  /** Every annotation, orphans included, by id. */
  byId: Map<string, Annotation>
  /** Notes placed in the text, in the order their first passages start. */
  notes: Annotation[]
  /** Glossary entries, A to Z by term. */
  glossary: Annotation[]
}

/** One place an annotation occurs: its `k`-th target (from 1) and the sentences it starts and ends in. */
export interface Place {
  annotation: Annotation
  k: number
  target: Target
  first: Sentence
  last: Sentence
}

export function apparatus(edition: Edition): Apparatus {
  const start = (a: Annotation) => Math.min(...a.targets.map((t) => t.start), Infinity)
  const term = (a: Annotation) => a.term ?? a.id
  return {
    edition,
    sentences: new Map(edition.sentences.map((s) => [s.id, s])),
    byId: new Map([...edition.annotations, ...edition.orphans].map((a) => [a.id, a])),
    notes: edition.annotations.filter((a) => a.type === 'note').sort((a, b) => start(a) - start(b)),
    glossary: edition.annotations.filter((a) => a.type === 'gloss').sort((a, b) => term(a).localeCompare(term(b)))
  }
}

/**
 * An annotation's places in text order. `k` is the target's number (from 1), as the text tree's
 * milestones (`<note>-<k>`) and term occurrences (`<gloss>-<k>`) number them.
 */
export function places(app: Apparatus, a: Annotation): Place[] {
  return a.targets
    .flatMap((target, i) => {
      const first = app.sentences.get(target.sentences[0] ?? '')
      const last = app.sentences.get(target.sentences.at(-1) ?? '')
      return first && last ? [{annotation: a, k: i + 1, target, first, last}] : []
    })
    .sort((x, y) => x.target.start - y.target.start)
}

/** Every place of every annotation, under the sentence it starts in, in text order. */
export function placesBySentence(app: Apparatus): Map<string, Place[]> {
  const by = new Map<string, Place[]>()
  for (const a of app.edition.annotations) {
    for (const p of places(app, a)) {
      const list = by.get(p.first.id)
      if (list) list.push(p)
      else by.set(p.first.id, [p])
    }
  }
  for (const list of by.values()) list.sort((x, y) => x.target.start - y.target.start || x.target.end - y.target.end)
  return by
}

/** "sentence 3", "sentences 3–4". */
export function sentenceSpan(p: Pick<Place, 'first' | 'last'>): string {
  return p.first.n === p.last.n ? `sentence ${p.first.n}` : `sentences ${p.first.n}–${p.last.n}`
}

/** Who mentions a glossary entry in a body: the introduction, notes, other entries (in reading order). */
export function mentions(app: Apparatus, a: Annotation): {introduction: boolean; notes: Annotation[]; entries: Annotation[]} {
  const by = a.mentionedIn.map((id) => app.byId.get(id)).filter((m): m is Annotation => !!m)
  return {introduction: a.mentionedIn.includes('introduction'), notes: by.filter((m) => m.type === 'note'), entries: by.filter((m) => m.type === 'gloss')}
}

/** What an orphan says instead of its passage. */
export function notFound(a: Annotation): string {
  return `Its passage was not found in this version of the text${a.anchor.state === 'orphaned' ? ` (${a.anchor.reason})` : ''}.`
}
