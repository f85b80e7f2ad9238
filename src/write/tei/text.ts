/**
 * The edition's text as TEI: one `<s xml:id n>` a sentence, `<term ref xml:id>` at each
 * occurrence of a glossary form, `<anchor>`s where each note's passage starts and ends, and the
 * apparatus in place: a substitution is `<choice><sic/><corr/></choice>`, an omission a
 * `<gap reason="editorial">`, each pointing (`@corresp`) at its description in the header.
 */
import type {Element} from 'xast'
import type {RootContent} from 'mdast'
import type {GapNode, NoteAnchorNode, ReadingNode, SentenceNode, TermNode} from '../../model/nodes.js'
import {interventionPlace} from '../../model/words.js'
import type {Context} from './context.js'
import {ids, pointer} from './ids.js'
import {sections, state, type State} from './mdast.js'
import {x, type Tree} from './xml.js'

export function textBody(ctx: Context): Element {
  const s = state({
    sentence: (node: SentenceNode, s: State) => x('s', {'xml:id': node.data.id, n: node.data.n}, s.all(node)),
    term: (node: TermNode, s: State) =>
      x('term', {ref: pointer(ids.gloss(node.data.gloss)), 'xml:id': node.data.occurrence === undefined ? undefined : ids.term(node.data.gloss, node.data.occurrence)}, s.all(node)),
    noteAnchor: (node: NoteAnchorNode) => {
      const {note, k, side} = node.data
      return x('anchor', {'xml:id': ids.anchor(note, side, (ctx.passages.get(note) ?? 1) > 1 ? k : undefined)})
    },
    reading: (node: ReadingNode, s: State) => reading(node, s, ctx),
    gap: (node: GapNode) => gap(node, ctx)
  })
  return x('body', {}, x('div', {type: 'edition'}, sections(ctx.edition.tree.children, s)))
}

/**
 * A substitution: what the witness has (`<sic>`) and what the text reads (`<corr>`). An omission
 * that ends where the reading starts (or starts where it ends) is placed outside the choice: it
 * is no part of either reading.
 */
function reading(node: ReadingNode, s: State, ctx: Context): Tree {
  const children = [...node.children] as RootContent[]
  const before: RootContent[] = []
  const after: RootContent[] = []
  while (children[0]?.type === 'gap') before.push(children.shift()!)
  while (children.at(-1)?.type === 'gap') after.unshift(children.pop()!)
  const id = node.data.intervention
  return [
    before.map((n) => s.one(n)),
    x('choice', {corresp: ctx.interventions.has(id) ? pointer(ids.intervention(id)) : undefined}, x('sic', {}, node.data.original), x('corr', {}, children.map((n) => s.one(n)))),
    after.map((n) => s.one(n))
  ]
}

/** Where an omission took witness lines out: how many, and the header's words for it. */
function gap(node: GapNode, ctx: Context): Element {
  const i = ctx.interventions.get(node.data.intervention)
  const lines = i?.type === 'omission' ? i.lines : undefined
  return x(
    'gap',
    {
      reason: 'editorial',
      unit: lines ? 'line' : undefined,
      quantity: lines ? lines[1] - lines[0] + 1 : undefined,
      corresp: i ? pointer(ids.intervention(i.id)) : undefined
    },
    i ? x('desc', {}, `${interventionPlace(i)} ${i.description.trim()}`) : undefined
  )
}
