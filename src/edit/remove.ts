/**
 * Removing an annotation file. Refused when the removal would give the edition errors it does
 * not have now (a glossary form found only in this note's body, say), so that what is left still
 * builds; the removed text is returned, to be shown and kept.
 */
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {VFile} from 'vfile'
import type {VFileMessage} from 'vfile-message'
import {loadEdition, type Loaded} from '../load/index.js'
import {contentHash, FileConflict, removeFile, type Written} from './files.js'
import {loadWith} from './trial.js'
import {EditError, type Known} from './errors.js'

/** The file of annotation `id`, and what it holds; undefined when there is none. */
export async function findAnnotation(root: string, id: string): Promise<{path: string; content: string; kind: 'note' | 'gloss'} | undefined> {
  if (!/^[a-z][a-z0-9-]*$/.test(id)) return undefined
  for (const [kind, folder] of [['note', 'notes'], ['gloss', 'glossary']] as const) {
    const path = `annotations/${folder}/${id}.md`
    const content = await readFile(join(root, path), 'utf8').catch(() => undefined)
    if (content !== undefined) return {path, content, kind}
  }
  return undefined
}

export async function removeAnnotation(root: string, id: string): Promise<Written[]> {
  return (await removeChecked(root, id)).written
}

export interface RemoveOptions extends Known {
  /** The hash (`contentHash`) of the file as the editor last saw it: removed only if it still holds that. */
  expected?: string
}

/** Remove annotation `id`'s file; returns what was removed and the edition as it loads without it. */
export async function removeChecked(root: string, id: string, options: RemoveOptions = {}): Promise<{written: Written[]; loaded: Loaded}> {
  const found = await findAnnotation(root, id)
  if (!found) throw new EditError('input', `there is no annotation \`${id}\` (no annotations/notes/${id}.md nor annotations/glossary/${id}.md)`)
  if (options.expected !== undefined && contentHash(found.content) !== options.expected) throw new FileConflict(`${found.path} changed since it was read; it was not removed`, found.content)
  const key = (file: VFile, m: VFileMessage) => `${file.path}:${m.line}:${m.column}:${m.reason}`
  const errors = (files: VFile[]) => files.flatMap((file) => (file.path.endsWith(found.path) ? [] : file.messages.filter((m) => m.fatal).map((m) => ({file, m}))))
  // An edition known to load without errors has none to tell apart from the removal's.
  const before = new Set(options.edition ? [] : errors((await loadEdition(root)).files).map(({file, m}) => key(file, m)))
  const loaded = await loadWith(root, new Map([[found.path, null]]))
  const fresh = errors(loaded.files).filter(({file, m}) => !before.has(key(file, m)))
  if (fresh.length) {
    // Only the errors the removal would cause, on their files.
    const files = new Map<string, VFile>()
    for (const {file, m} of fresh) {
      if (!files.has(file.path)) files.set(file.path, new VFile({path: file.path}))
      files.get(file.path)!.messages.push(m)
    }
    throw new EditError('edition', `removing ${found.path} would give the edition these errors; nothing was removed`, [], [...files.values()])
  }
  await removeFile(join(root, found.path), found.content)
  return {written: [{path: found.path, action: 'removed', content: found.content}], loaded}
}
