/** The numbers, places and indexes every part of the page needs, worked out once. */
import type {Annotation, BibEntry, Citation, Edition, Sentence} from '../../model/edition.js'
import {citeNodes} from '../../cite/index.js'

export class Apparatus {
  readonly sentences = new Map<string, Sentence>()
  /** Glossary entries, A to Z. */
  readonly glosses: Annotation[]
  /** Notes in text order, numbered from 1. */
  readonly notes: Annotation[]
  readonly noteNumber = new Map<string, number>()
  readonly bibliography: Map<string, BibEntry>
  readonly byId: Map<string, Annotation>

  constructor(readonly edition: Edition) {
    for (const s of edition.sentences) this.sentences.set(s.id, s)
    const first = (a: Annotation) => Math.min(...a.targets.map((t) => t.start), Infinity)
    this.glosses = edition.annotations.filter((a) => a.type === 'gloss').sort((a, b) => (a.term ?? a.id).localeCompare(b.term ?? b.id))
    this.notes = edition.annotations.filter((a) => a.type === 'note').sort((a, b) => first(a) - first(b))
    this.notes.forEach((a, i) => this.noteNumber.set(a.id, i + 1))
    this.bibliography = new Map(edition.bibliography.map((b) => [b.id, b]))
    this.byId = new Map(edition.annotations.map((a) => [a.id, a]))
  }

  /** What a reader calls an annotation: "Note 3", or the glossary term. */
  name(a: Annotation): string {
    return a.type === 'note' ? `Note ${this.noteNumber.get(a.id) ?? ''}`.trim() : (a.term ?? a.id)
  }

  /** The works an annotation cites as evidence (in its body), each with its citations. */
  evidence(a: Annotation): Citation[] {
    return citeNodes(a.body).flatMap((c) => c.items)
  }

  /** Targets in text order: the k-th (from 1) is the element `<annotation>-<k>` in the text. */
  targets(a: Annotation) {
    return [...a.targets].sort((x, y) => x.start - y.start)
  }

  /** The sentence a target ends in (where its note marker goes). */
  lastSentence(sentenceIds: string[]): Sentence | undefined {
    return this.sentences.get(sentenceIds.at(-1) ?? '')
  }

  /** Each work's citing sentences, in text order: a sentence cites a work when an annotation on it does. */
  citingSentences(): Map<string, Sentence[]> {
    const by = new Map<string, Set<string>>()
    for (const a of this.edition.annotations) {
      for (const c of [...this.evidence(a), ...a.further.flatMap((f) => f.items)]) {
        const set = by.get(c.key) ?? new Set()
        for (const t of a.targets) for (const id of t.sentences) set.add(id)
        by.set(c.key, set)
      }
    }
    return new Map(
      [...by].map(([key, ids]) => [key, [...ids].map((id) => this.sentences.get(id)).filter((s): s is Sentence => !!s).sort((x, y) => x.n - y.n)])
    )
  }
}
