/**
 * The text block, `#edition-text`. Its text content is exactly `Edition.text`, the characters
 * annotation clients count (Hypothesis, Recogito, dom-anchor-text-quote): sentence numbers and
 * note markers are CSS generated content (`data-n`) with accessible names, and what the witness
 * has where the editors intervened is in attributes (`data-original`, `data-omitted`) that the
 * witness toggle shows as generated content. So a quotation copied from the text is exact, and
 * nothing but the edition's own characters is ever a text node here.
 */
import {h} from 'hastscript'
import type {Element, ElementContent} from 'hast'
import type {State} from 'mdast-util-to-hast'
import type {Annotation, Edition} from '../../model/edition.js'
import type {GapNode, NoteAnchorNode, ReadingNode, SentenceNode, TermNode} from '../../model/nodes.js'
import {PARAGRAPH_SEPARATOR} from '../../model/text.js'
import {textToHast} from '../hast.js'
import type {Apparatus} from './apparatus.js'
import {languageOf} from './languages.js'

/** A note's marker: its number is generated content; its accessible name says what it is. */
function noteMarker(a: Annotation, n: number, k: number): Element {
  return h('sup', {className: ['noteref']}, [h('a', {href: `#${a.id}`, id: `${a.id}-${k}`, dataNote: a.id, dataN: n, ariaLabel: `Note ${n}`})])
}

/** The witness's words where an intervention applies: an attribute, with their language when their script tells it. */
function witnessWords(edition: Edition, words: string, name: 'dataOriginal' | 'dataOmitted'): Record<string, string> {
  const lang = languageOf(words, edition.meta.language)
  return {[name]: words, ...(lang ? {lang} : {})}
}

/**
 * The text as hast: each sentence with its number (a link to the sentence's source and notes in
 * the apparatus), terms linked to their entries, a marker where each note's passage ends and an
 * empty `span.ns` where it starts (the script highlights between the two). Paragraphs are joined
 * by `PARAGRAPH_SEPARATOR`, so the block's text content is exactly `Edition.text`.
 */
export function readingText(app: Apparatus): ElementContent[] {
  const edition = app.edition
  const nodes = textToHast(edition.tree, {
    sentence(state: State, node: SentenceNode): Element {
      const {id, n} = node.data
      const number = h('a', {className: ['sn'], href: `#src-${id}`, dataN: n, ariaLabel: `Sentence ${n}`})
      return h('span', {id, className: ['s'], dataN: n}, [number, ...state.all(node as never)])
    },
    term(state: State, node: TermNode): Element {
      const {gloss, occurrence} = node.data
      return h('a', {href: `#${gloss}`, className: ['term'], id: `${gloss}-${occurrence}`, dataGloss: gloss}, state.all(node as never))
    },
    // The reading in its own span, so the witness toggle can put the witness's words in its place.
    reading(state: State, node: ReadingNode): Element {
      const {intervention, original} = node.data
      return h('span', {className: ['reading'], dataIntervention: intervention, ...witnessWords(edition, original, 'dataOriginal')}, [h('span', {className: ['r']}, state.all(node as never))])
    },
    gap(_state: State, node: GapNode): Element {
      const {intervention, omitted} = node.data
      return h('span', {className: ['gap'], dataIntervention: intervention, ...witnessWords(edition, omitted, 'dataOmitted')})
    },
    noteAnchor(_state: State, node: NoteAnchorNode): Element | undefined {
      const a = app.byId.get(node.data.note)
      if (!a) return undefined
      if (node.data.side === 'start') return h('span', {className: ['ns'], dataNote: a.id, dataK: node.data.k})
      return noteMarker(a, app.noteNumber.get(a.id)!, node.data.k)
    }
  })
  const blocks = nodes.filter((n) => !(n.type === 'text' && !n.value.trim()))
  return blocks.flatMap((b, i) => (i ? [{type: 'text' as const, value: PARAGRAPH_SEPARATOR}, b] : [b]))
}
