/**
 * The `Edition` model: the one document every reader fills and every writer reads
 * (Pandoc's shape: readers in, writers out, nothing in between knows a file format).
 *
 * Offsets (`start`, `end`) are UTF-16 code-unit positions in `Edition.text`, the edition's
 * plain text: its paragraphs' text joined by a blank line. W3C TextPositionSelectors use the
 * same numbers, so an annotation written out can be read back and anchored again.
 */
import type {Root} from 'mdast'

export interface Edition {
  /** Metadata from `edition/edition.yaml`. */
  edition: Metadata
  /** The witness as captured, and where it lives. */
  witness: Witness
  /** Plain text of the established text (what offsets and selectors point into). */
  text: string
  sentences: Sentence[]
  annotations: Annotation[]
  /** The bibliography, CSL-JSON (as read: extension fields such as `_verification` kept). */
  references: CslItem[]
  /** The works cited, formatted in the edition's CSL style, in the style's order. */
  bibliography: {id: string; html: string; text: string}[]
  /** The CSL style used (a path or a built-in name); `fallback` when the requested one was missing. */
  style: {name: string; fallback?: boolean}
  /** The text as an mdast tree with `sentence` and `term` nodes: what the text writers walk. */
  tree: Root
}

export interface Person {
  name: string
  role?: string
  orcid?: string
}

export interface Metadata {
  title: string
  subtitle?: string
  /** BCP 47 tag of the text. */
  language: string
  editors: Person[]
  /** Version of the edition (its own, not the tool's). */
  version: string
  /** Date of this version, ISO 8601. */
  date: string
  /** Canonical address of the published edition, if any. */
  url?: string
  licence: Licence
  source: Source
  /** Path of the witness, relative to `edition/`. */
  witness: string
  interventions: Intervention[]
  /** CSL style: a path (relative to the edition folder) or a style name. */
  style?: string
}

export interface Licence {
  /** Licence of the edition's own contributions (notes, glossary, apparatus), e.g. CC-BY-4.0. */
  notes: string
  /** Licence of the software. */
  code: string
  /** Statement about the rights in the reproduced text. */
  text: string
}

/** What is known of the source of the witness; `null` means "not captured" (never a guess). */
export interface Source {
  /** Where the witness was captured (a catalogue or database record). */
  url: string
  repository: string
  record?: string
  captured?: string
  /** What the capture holds (e.g. "English abstract only"). */
  description: string
  article: {
    title: string | null
    author: string | null
    journal: string | null
    year: string | null
    /** Why any of the above is null, in words for a reader. */
    note?: string
  }
}

export type Intervention = Omission | Substitution

interface InterventionBase {
  id: string
  /** What was done, for a reader. */
  description: string
  /** Why. */
  reason: string
}

/** Witness lines `lines[0]`..`lines[1]` (1-based, inclusive) are left out of the text. */
export interface Omission extends InterventionBase {
  type: 'omission'
  lines: [number, number]
}

/** On witness line `line`, `original` (starting at 1-based `column`) is replaced by `reading`. */
export interface Substitution extends InterventionBase {
  type: 'substitution'
  line: number
  column: number
  original: string
  reading: string
}

export interface Witness {
  /** Path relative to the edition root, e.g. `edition/witness/000_….txt`. */
  file: string
  /** The witness text exactly as captured (after decoding UTF-8). */
  text: string
  /** SHA-256 of the witness bytes, hex. */
  sha256: string
}

/** Where a stretch of the text stands in the witness (1-based line and column, end exclusive). */
export interface WitnessLocation {
  line: number
  column: number
  endLine: number
  endColumn: number
}

export interface Sentence {
  /** Stable id derived from the sentence's content, e.g. `s-3k9x0q2a`. */
  id: string
  /** Ordinal for people: "sentence 7". */
  n: number
  text: string
  start: number
  end: number
  /** Index of the paragraph (0-based). */
  paragraph: number
  /** Where the sentence stands in the witness. */
  witness: WitnessLocation
  /** Ids of the annotations that touch this sentence, in text order. */
  annotations: string[]
}

export type Status = 'verified' | 'unverified' | 'disputed'

export interface Citation {
  /** Citation key in `references`. */
  key: string
  locator?: string
  /** CSL locator label (page, chapter, ...); `page` when the locator is bare. */
  label?: string
  prefix?: string
  suffix?: string
  suppressAuthor?: boolean
}

export interface TextQuoteSelector {
  type: 'TextQuoteSelector'
  exact: string
  prefix?: string
  suffix?: string
}

export interface Target {
  selector: TextQuoteSelector
  start: number
  end: number
  /** Sentences the target overlaps. */
  sentences: string[]
}

export interface Annotation {
  id: string
  type: 'gloss' | 'note'
  /** For glosses: the term as a heading, its expanded label and original-language form. */
  term?: string
  label?: string
  original?: {text: string; transliteration?: string; language: string}
  /** Authority links (e.g. Wikidata) for glosses. */
  sameAs?: string[]
  /** Every place the annotation anchors (a gloss anchors at each occurrence of its forms). */
  targets: Target[]
  body: {markdown: string; html: string; text: string}
  citations: Citation[]
  status: Status
  author: string
  created: string
  modified: string
  /** The annotation's source file, relative to the root. */
  file: string
}

/** CSL-JSON item (only what the writers read is typed). */
export interface CslItem {
  id: string
  type: string
  title?: string
  [key: string]: unknown
}
