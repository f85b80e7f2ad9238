/**
 * The stated bounds on what the toolkit reads. Every input above a bound is refused with a
 * located error that names the bound; every stage is linear (or n·log n) below it, so a check
 * of an edition at these bounds takes seconds, not minutes (`npm run bench` gives the figures).
 *
 * The bounds are far above any real edition's needs, and low enough that a hostile or broken
 * input (a 10 GB device file, an alias bomb, a 40,000-character regular expression) cannot make
 * a build hang or run out of memory. Change them here and in the README together.
 */

/**
 * The text and the witness, each: 4 MiB. A long book is about 1 MB of plain text (Moby-Dick:
 * 1.2 MB); an edition of several volumes is several editions.
 */
export const MAX_TEXT_BYTES = 4 * 1024 * 1024

/**
 * The bibliography (`references.json`, `references.bib`) and the introduction: 4 MiB. A Zotero
 * export of 5,000 works is about 3 MB of CSL-JSON.
 */
export const MAX_REFERENCES_BYTES = 4 * 1024 * 1024

/**
 * `edition.yaml`, one glossary entry or note file, a CSL style: 1 MiB each. The longest styles in
 * the CSL repository are under 200 KB; a note of a thousand words is 7 KB.
 */
export const MAX_FILE_BYTES = 1024 * 1024

/**
 * How deep YAML may nest (maps and lists within one another): 32. `edition.yaml` needs 5; the
 * YAML parser recurses per level, and a few thousand levels overflow its stack.
 */
export const MAX_YAML_DEPTH = 32

/**
 * YAML anchors (`&a`) and aliases (`*a`) are refused, not limited: an editor never needs them,
 * and they are how a 1 KB file becomes a billion values ("billion laughs").
 */
export const YAML_ALIASES = false

/** A note's quote (`target.exact`): 5,000 characters, about two pages. */
export const MAX_QUOTE_CHARS = 5000

/** A note's `prefix` or `suffix`: 500 characters (a selector written by the toolkit keeps 32). */
export const MAX_CONTEXT_CHARS = 500

/** A glossary form: 200 characters (a term, not a passage); an entry may have 100 forms. */
export const MAX_FORM_CHARS = 200
export const MAX_FORMS = 100

/**
 * A file of Web Annotations to import (`edition import`): 64 MiB. The edition's own
 * `annotations.jsonld` holds about 4 KB an annotation (each body in HTML and in Markdown), so
 * 40 MB for 10,000 annotations; a larger collection is imported in parts.
 */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024

/**
 * How deep Markdown may nest (block quotes, lists, emphasis, links, in one another; brackets
 * open at once): 32 levels. Real text nests under 6. Every walk over a tree recurses per level
 * (6,000 nested quotes overflowed the stack), and micromark's time for nested image brackets
 * grows with the cube of their depth (4,000 nested `![`: 34 s).
 */
export const MAX_MARKDOWN_DEPTH = 32

/**
 * Emphasis markers (`*`, `_`): 1,000 in one paragraph, 50,000 in a file. micromark matches them
 * in time that grows faster than their number in a paragraph (200 runs of 100 `*`, 20 KB:
 * 16 s); at 1,000 a paragraph takes at most 0.12 s, a file at most a few seconds. Prose has a
 * few in a paragraph; a line of blanks to fill in, 60.
 */
export const MAX_EMPHASIS_MARKS_PER_PARAGRAPH = 1000
export const MAX_EMPHASIS_MARKS = 50_000

/**
 * Glossary entries and notes together: 25,000 files. A 2 MiB book annotated as densely as the
 * benchmark's editions (a note for about every sentence) has 20,000.
 */
export const MAX_ANNOTATIONS = 25000

/** How deep a CSL style's XML may nest: 64 (real styles nest under 15; citeproc recurses per level). */
export const MAX_STYLE_DEPTH = 64

/**
 * Messages printed per file: 200. A file with 40,000 unknown keys gets 200 messages and a last
 * one saying how many more there are; the problems are still counted.
 */
export const MAX_MESSAGES_PER_FILE = 200

/** Bytes in words for a message: `4 MiB`, `1 MiB`. */
export function sizeWords(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB` : bytes >= 1024 ? `${Math.round(bytes / 1024)} KiB` : `${bytes} bytes`
}
