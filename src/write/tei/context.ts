/** What the parts of the TEI writer share about one edition, computed once. */
import type {Annotation, Edition, Intervention} from '../../model/edition.js'

export interface Context {
  edition: Edition
  /** One `xml:id` per person responsible: the editors, then any other annotation author. */
  resp: Map<string, string>
  /** How many passages each note has (a note with one passage has anchors without a number). */
  passages: Map<string, number>
  /** Each note's number, in reading order. */
  noteNumber: Map<string, number>
  notes: Annotation[]
  /** Glossary entries, by term. */
  glosses: Annotation[]
  interventions: Map<string, Intervention>
  /** Each sentence's number, by id. */
  sentenceNumber: Map<string, number>
  /** Every annotation and orphan, by id. */
  byId: Map<string, Annotation>
}

export function context(edition: Edition): Context {
  const resp = new Map<string, string>()
  for (const name of [...edition.meta.editors.map((e) => e.name), ...[...edition.annotations, ...edition.orphans].map((a) => a.author)]) {
    if (!resp.has(name)) resp.set(name, `resp-${resp.size + 1}`)
  }
  const notes = edition.annotations.filter((a) => a.type === 'note')
  return {
    edition,
    resp,
    passages: new Map(notes.map((n) => [n.id, n.targets.length])),
    noteNumber: new Map(notes.map((n, i) => [n.id, i + 1])),
    notes,
    glosses: edition.annotations.filter((a) => a.type === 'gloss').sort((a, b) => (a.term ?? a.id).localeCompare(b.term ?? b.id)),
    interventions: new Map(edition.meta.interventions.map((i) => [i.id, i])),
    sentenceNumber: new Map(edition.sentences.map((s) => [s.id, s.n])),
    byId: new Map([...edition.orphans, ...edition.annotations].map((a) => [a.id, a]))
  }
}
