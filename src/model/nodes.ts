/**
 * The mdast node types the edition adds, as Pandoc keeps `Note` and `Cite` inside its one AST:
 *
 * - in the text: `sentence` (wraps a sentence), `term` (an occurrence of a glossary form),
 *   `reading` (a substitution's reading), `gap` (where omitted witness lines stood) and
 *   `noteAnchor` (where a note's passage starts and ends: zero-width milestones);
 * - in bodies: `cite` (a Pandoc citation with what citeproc made of it) and `term` (a glossary
 *   form in a note, linking its entry).
 *
 * Every writer meets these nodes and decides what they become; none re-finds them in strings.
 */
import type {Data, Literal, Node, Parent, PhrasingContent} from 'mdast'
import type {Citation, Rendered} from './edition.js'

export interface SentenceNode extends Parent {
  type: 'sentence'
  children: PhrasingContent[]
  data: Data & {id: string; n: number}
}

export interface TermNode extends Parent {
  type: 'term'
  children: PhrasingContent[]
  /** `occurrence` counts the term's places in the text from 1; terms in bodies have none. */
  data: Data & {gloss: string; occurrence?: number}
}

/** A substitution's reading in the text (the witness has `data.original` there). */
export interface ReadingNode extends Parent {
  type: 'reading'
  children: PhrasingContent[]
  data: Data & {intervention: string; original: string}
}

/** Where an omission took witness lines out of the text (`data.omitted` is what they held). */
export interface GapNode extends Node {
  type: 'gap'
  data: Data & {intervention: string; omitted: string}
}

/** Start or end of the `k`-th passage (from 1) of note `note`. */
export interface NoteAnchorNode extends Node {
  type: 'noteAnchor'
  data: Data & {note: string; k: number; side: 'start' | 'end'}
}

/**
 * A citation: one or more works, as written in Pandoc's syntax (`value`), with what the cite
 * stage made of it. `inText` is Pandoc's author-in-text form (`@key [p. 5]`: "Smith (2000, 5)").
 */
export interface CiteNode extends Literal {
  type: 'cite'
  items: Citation[]
  inText: boolean
  /** Filled by the cite stage: the note number it was formatted at and citeproc's output. */
  noteIndex?: number
  rendered?: Rendered
}

declare module 'mdast' {
  interface PhrasingContentMap {
    sentence: SentenceNode
    term: TermNode
    reading: ReadingNode
    gap: GapNode
    noteAnchor: NoteAnchorNode
    cite: CiteNode
  }
  interface RootContentMap {
    sentence: SentenceNode
    term: TermNode
    reading: ReadingNode
    gap: GapNode
    noteAnchor: NoteAnchorNode
    cite: CiteNode
  }
}
