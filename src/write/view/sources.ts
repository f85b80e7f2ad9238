/** The list of sentences: each one's place in the source and the witness, and its annotations. */
import {h} from 'hastscript'
import type {Element} from 'hast'
import type {Annotation, Edition, Sentence} from '../../model/edition.js'
import {sourceCitation, witnessRange} from '../../model/source-citation.js'
import {STATUS} from '../../model/words.js'
import type {Apparatus} from './apparatus.js'
import {link} from './clean.js'

/**
 * Where a sentence comes from: the record it was captured from (linked when it has an address)
 * and its place in the witness, linked to that line of the witness shown in this page (a
 * repository path is no use to a reader).
 */
export function sourceOf(edition: Edition, s: Sentence): (Element | string)[] {
  const c = sourceCitation(edition, s)
  const where = [c.repository, c.record ? `record ${c.record}` : ''].filter(Boolean).join(', ')
  const record = where && c.url ? [link(c.url, where)] : where ? [where] : c.url ? [link(c.url, c.url)] : []
  const range = witnessRange(s.witness)
  return [...record, ...(record.length ? ['; '] : []), 'the witness, ', h('a', {href: `#witness-${s.witness.line}`}, range)]
}

export function sentenceEntry(app: Apparatus, s: Sentence): Element {
  const annotations = s.annotations.map((id) => app.byId.get(id)).filter((a): a is Annotation => !!a)
  return h('li', {id: `src-${s.id}`}, [
    h('a', {href: `#${s.id}`}, `Sentence ${s.n}`),
    '. ',
    h('span', {className: ['source']}, ['Source: ', ...sourceOf(app.edition, s), '.']),
    annotations.length
      ? [' ', h('span', {className: ['refs']}, ['Annotations: ', ...annotations.flatMap((a, i) => [i ? '; ' : '', h('a', {href: `#${a.id}`}, app.name(a)), ` (${STATUS[a.status].word.toLowerCase()})`]), '.'])]
      : ''
  ])
}
