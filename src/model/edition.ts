/**
 * The `Edition` model: the one document every reader fills and every writer reads (Pandoc's
 * shape: readers in, writers out, nothing in between knows a file format).
 *
 * Everything an editor writes in Markdown is held as a tree, never as formatted HTML: the text
 * (`tree`, with sentence, term, reading, gap and note-anchor nodes), note and glossary bodies and
 * the introduction (mdast with `cite` and `term` nodes). Citations are formatted once per edition,
 * in reading order, by the cite stage; a `cite` node carries its items and what citeproc made of
 * them. Writers walk trees; none parses HTML or Markdown.
 *
 * Offsets (`start`, `end`) are UTF-16 code-unit positions in `Edition.text`, the edition's plain
 * text: its paragraphs' text joined by `PARAGRAPH_SEPARATOR`. The reading view's text block holds
 * exactly these characters, so W3C selectors written from the model land on the page.
 */
import type {Root} from 'mdast'
import type {ElementContent} from 'hast'
import type {CiteNode} from './nodes.js'

export interface Edition {
  /** Metadata from `edition/edition.yaml`. */
  meta: Metadata
  /** The witness as captured, and where it lives. */
  witness: Witness
  /** Plain text of the established text (what offsets and selectors point into). */
  text: string
  /** The text as mdast: paragraphs of `sentence` nodes holding `term`, `reading`, `gap` and `noteStart`/`noteEnd` nodes. */
  tree: Root
  sentences: Sentence[]
  /** Notes and glossary entries in reading order (where each is first called in the text). */
  annotations: Annotation[]
  /** Notes whose passage is no longer in the text: kept and shown, never dropped. */
  orphans: Annotation[]
  /** Each intervention, placed in the text. */
  readings: Reading[]
  /** `edition/introduction.md`: the editors' introduction and editorial statement, if any. */
  introduction?: Root
  /** The bibliography, CSL-JSON (as read: extension fields such as `_verification` kept). */
  references: CslItem[]
  /** The works cited or recommended, formatted in the edition's CSL style, in the style's order. */
  bibliography: BibEntry[]
  /** The CSL style used. */
  style: Style
}

export interface Style {
  /** A path, or the name of a style citation-js ships. */
  name: string
  /** `note` for notes-and-bibliography styles, `in-text` for author-date and numeric ones. */
  class: 'note' | 'in-text'
  /** Set when the requested style was missing and another is used. */
  fallback?: true
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

/**
 * What the witness is a copy of, and how it was captured. The work is a CSL-JSON item of any
 * type (a journal article, a book, a letter, an archival document); what is not known about it is
 * left out of the item and named in `unknown`, never guessed.
 */
export interface Source {
  /** The work (CSL-JSON, without `id`). */
  work: {type: string; title?: string; [key: string]: unknown}
  /** CSL variables of the work that are not known (`author`, `title`, `container-title`, `issued`, …). */
  unknown?: string[]
  /** Why they are not known, in words for a reader. */
  unknownNote?: string
  /** What the capture holds (e.g. "The English abstract only, as shown on the record's page"). */
  holds: string
  /** Where the witness was captured: a catalogue, database or archive, */
  repository?: string
  /** its record or shelfmark, */
  record?: string
  /** its address (http or https), */
  url?: string
  /** and when (ISO 8601). */
  captured?: string
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

/** On witness line `line`, `original` (starting at 1-based `column`, counted in characters) is replaced by `reading`. */
export interface Substitution extends InterventionBase {
  type: 'substitution'
  line: number
  column: number
  original: string
  reading: string
}

/** An intervention placed in the text: a substitution covers its reading, an omission stands where the lines were. */
export interface Reading {
  intervention: Intervention
  start: number
  end: number
  /** What the witness has there (the original, or the omitted lines). */
  witness: string
}

export interface Witness {
  /** Path relative to the edition root, with `/` separators, e.g. `edition/witness/000_….txt`. */
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

/** One work in a citation, as Pandoc's syntax gives it. */
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

/** How a note's passage was found this time (glossary entries are always `anchored`). */
export type AnchorState =
  | {state: 'anchored'}
  /** Found only approximately: the text changed since the note was written. */
  | {state: 'moved'; was: string; now: string}
  /** Not found: the note is kept, with no target. */
  | {state: 'orphaned'; reason: string}

export interface Annotation {
  id: string
  type: 'gloss' | 'note'
  /** For glosses: the term as a heading, its expanded label and original-language form. */
  term?: string
  label?: string
  original?: {text: string; transliteration?: string; language: string}
  /** Authority links (e.g. Wikidata) for glosses. */
  sameAs?: string[]
  /** For glosses: the forms found in the text and in bodies, and how they match letter case. */
  forms?: string[]
  case?: 'exact' | 'ignore' | 'first-letter'
  /** Every place the annotation anchors (a gloss anchors at each occurrence of its forms). */
  targets: Target[]
  /** For glosses: the annotations (and `introduction`) whose bodies link this entry, in reading order. */
  mentionedIn: string[]
  anchor: AnchorState
  /** The body as mdast, sanitised: `cite` nodes are its evidence, `term` nodes link glossary entries. */
  body: Root
  /** The body's Markdown as the editor wrote it (for editing, and for annotation stores). */
  markdown: string
  /** Standard accounts not consulted for the annotation's content, each one `cite` node. */
  further: CiteNode[]
  status: Status
  author: string
  created: string
  modified: string
  /** The annotation's source file, relative to the edition root, with `/` separators. */
  file: string
}

/** CSL-JSON item (only what the writers read is typed). */
export interface CslItem {
  id: string
  type: string
  title?: string
  [key: string]: unknown
}

/** A formatted bibliography entry: sanitised hast (the content of citeproc's `csl-entry`) and its plain text. */
export interface BibEntry {
  id: string
  content: ElementContent[]
  text: string
}

/** What citeproc made of a citation: sanitised hast, and the same as plain text. */
export interface Rendered {
  content: ElementContent[]
  text: string
}
