/**
 * The assemble stage: the stages' results made into the one `Edition`, built once. Notes'
 * passages are marked in the text tree here (`noteAnchor` milestones), so every writer finds
 * them in place and none re-finds a quote.
 */
import type {PhrasingContent} from 'mdast'
import type {Annotation, BibEntry, CslItem, Edition, Metadata, Style, Witness} from '../model/edition.js'
import type {NoteAnchorNode} from '../model/nodes.js'
import {insertMilestones, type Milestone} from '../pipeline/places.js'
import type {TextStage} from '../text/index.js'

export interface Parts {
  meta: Metadata
  witness: Witness
  text: TextStage
  /** Annotations in reading order (see `readingOrder`). */
  annotations: Annotation[]
  orphans: Annotation[]
  introduction?: Edition['introduction']
  references: CslItem[]
  bibliography: BibEntry[]
  style: Style
}

/**
 * Reading order: where each annotation is first called in the text (a note where its first
 * passage ends, a glossary entry at its first occurrence); where two calls stand at one place, the
 * inner passage's first (a term inside a note's passage is called before the note); then by id.
 * Citations are numbered, and "ibid." decided, in this order.
 */
export function readingOrder<T extends {id: string; targets: {start: number; end: number}[]}>(annotations: T[]): T[] {
  const call = (a: T) => a.targets[0]?.end ?? Infinity
  const start = (a: T) => a.targets[0]?.start ?? Infinity
  return [...annotations].sort((a, b) => call(a) - call(b) || start(b) - start(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

export function assemble(parts: Parts): Edition {
  const {text} = parts
  const milestones: Milestone[] = parts.annotations
    .filter((a) => a.type === 'note')
    .flatMap((a) =>
      a.targets.flatMap((t, i): Milestone[] => {
        const node = (side: 'start' | 'end'): PhrasingContent => ({type: 'noteAnchor', data: {note: a.id, k: i + 1, side}}) satisfies NoteAnchorNode
        return [
          {offset: t.start, bind: 'right', node: node('start')},
          {offset: t.end, bind: 'left', node: node('end')}
        ]
      })
    )
  const bySentence = new Map<string, string[]>()
  for (const a of [...parts.annotations].sort((x, y) => (x.targets[0]?.start ?? 0) - (y.targets[0]?.start ?? 0))) {
    for (const sid of new Set(a.targets.flatMap((t) => t.sentences))) bySentence.set(sid, [...(bySentence.get(sid) ?? []), a.id])
  }
  return {
    meta: parts.meta,
    witness: parts.witness,
    text: text.text,
    tree: insertMilestones(text.tree, milestones),
    sentences: text.sentences.map((s) => ({...s, annotations: bySentence.get(s.id) ?? []})),
    annotations: parts.annotations,
    orphans: parts.orphans,
    readings: text.readings,
    ...(parts.introduction ? {introduction: parts.introduction} : {}),
    references: parts.references,
    bibliography: parts.bibliography,
    style: parts.style
  }
}
