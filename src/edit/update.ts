/**
 * Changing an annotation that exists: its text and the keys an editor may change (status,
 * author, further reading; a glossary entry's term, forms and label), through its YAML document,
 * so its comments and other keys stay. The change is made only to the file the editor started
 * from (by its hash): a file changed since, by hand or from another window, is never overwritten.
 * It is checked against the schema and in a trial load before anything is written.
 */
import {join} from 'node:path'
import type {Loaded} from '../load/index.js'
import {EDITABLE, editedFile} from './front-matter.js'
import {contentHash, FileConflict, replaceFile, type Written} from './files.js'
import {findAnnotation} from './remove.js'
import {frontProblems} from './schema.js'
import {loadWith} from './trial.js'
import {EditError, refuseErrors, today} from './errors.js'

export interface Change {
  /** Front-matter keys to set (`null` removes one); keys not given stay as they are. */
  front: Record<string, unknown>
  /** The new Markdown text. */
  body: string
  /** The `modified` date to write (default: today). */
  date?: string
}

export async function updateAnnotation(root: string, id: string, change: Change, expected: string): Promise<{written: Written[]; loaded: Loaded}> {
  const found = await findAnnotation(root, id)
  if (!found) throw new EditError('input', `there is no annotation \`${id}\` (no annotations/notes/${id}.md nor annotations/glossary/${id}.md)`)
  if (contentHash(found.content) !== expected) throw new FileConflict(`${found.path} changed since it was read; nothing was written to it`, found.content)
  if (!change.body.trim()) throw new EditError('input', `the ${found.kind === 'gloss' ? 'entry' : 'note'} has no text`)
  const allowed = new Set<string>(EDITABLE[found.kind])
  const fixed = Object.keys(change.front).filter((k) => !allowed.has(k) && ['id', 'target', 'created', 'modified'].includes(k))
  if (fixed.length) throw new EditError('input', `${fixed.map((k) => `\`${k}\``).join(', ')} cannot be changed here (${found.kind === 'note' ? 'a note’s passage is changed by `edition check --fix` or by hand' : 'an entry’s id is its file name'})`)
  const {content, matter} = editedFile(found.content, change.front, change.body, change.date ?? today())
  const problems = frontProblems(found.kind, matter)
  if (problems.length) throw new EditError('input', `${found.path}: the front matter would not be valid; nothing was written`, problems.map((p) => `  ${p}`))
  const loaded = await loadWith(root, new Map([[found.path, content]]))
  refuseErrors(loaded.files, 'This change')
  await replaceFile(join(root, found.path), content, found.content)
  return {written: [{path: found.path, action: 'updated', content, previous: found.content}], loaded}
}
