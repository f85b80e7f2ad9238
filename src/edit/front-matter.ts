/**
 * Annotation files as an editor writes them: YAML front matter between `---` lines, then the
 * Markdown body. YAML is written by the `yaml` package (strings quoted where YAML needs it);
 * a file is changed through its YAML document, so its comments and other keys stay as they were.
 */
import {parseDocument, stringify} from 'yaml'
import type {NoteMatter, GlossaryMatter} from '../read/index.js'

const FRONT = /^---[ \t]*\n([\s\S]*?\n)?---[ \t]*(?:\n|$)/
// Flow lists as the edition's files write them (`forms: [VTsSPS]`), so that a file changed through its YAML document keeps them.
const OPTIONS = {lineWidth: 0, indent: 2, flowCollectionPadding: false} as const

/** A whole annotation file from its front matter (keys in the order given) and Markdown body. */
export function annotationFile(matter: object, body: string): string {
  return `---\n${stringify(matter, OPTIONS)}---\n${body.trim()}\n`
}

export type NoteFront = {id: string} & NoteMatter
export type GlossFront = {id: string} & GlossaryMatter

/** The target of a note, as its front matter writes it. */
export type TargetMatter = NoteMatter['target']

/**
 * `file` with its note target replaced by `target` (keys absent from `target` removed from the
 * file's target), and `modified` left as it is: re-anchoring is not a change of the note.
 */
export function withTarget(file: string, target: TargetMatter): string {
  const m = FRONT.exec(file)
  if (!m) throw new Error('The file has no front matter')
  const doc = parseDocument(m[1] ?? '')
  for (const key of ['exact', 'prefix', 'suffix', 'position', 'text'] as const) {
    const value = target[key]
    if (value === undefined) doc.deleteIn(['target', key])
    else doc.setIn(['target', key], value)
  }
  return `---\n${doc.toString(OPTIONS)}---\n${file.slice(m[0].length)}`
}

/** The front matter of `file` as data (for reading back what a file says). */
export function frontMatter(file: string): Record<string, unknown> | undefined {
  const m = FRONT.exec(file)
  return m ? (parseDocument(m[1] ?? '').toJS() as Record<string, unknown>) : undefined
}

/** The keys an editor may change once a file is written: not its id, its passage or when it was created. */
export const EDITABLE = {
  note: ['status', 'author', 'further-reading'],
  gloss: ['term', 'forms', 'case', 'label', 'original', 'sameAs', 'status', 'author', 'further-reading']
} as const

/**
 * `file` with the keys of `front` set (a key given as `null` removed), `modified` set, and its body
 * replaced; other keys, comments and key order stay as they were. Returns the file and its front
 * matter as data, to be checked against the schema.
 */
export function editedFile(file: string, front: Record<string, unknown>, body: string, modified: string): {content: string; matter: Record<string, unknown>} {
  const m = FRONT.exec(file)
  if (!m) throw new Error('The file has no front matter')
  const doc = parseDocument(m[1] ?? '')
  for (const [key, value] of Object.entries(front)) {
    if (value === null) doc.delete(key)
    else doc.set(key, value)
  }
  doc.set('modified', modified)
  return {content: `---\n${doc.toString(OPTIONS)}---\n${body.trim()}\n`, matter: doc.toJS() as Record<string, unknown>}
}

/** The body of an annotation file (what follows its front matter). */
export function bodyOf(file: string): string {
  const m = FRONT.exec(file)
  return m ? file.slice(m[0].length) : file
}
