/** Creating a note: the passage located, the file written as an editor would, checked first. */
import {join} from 'node:path'
import {TextPositionAnchor, textHash} from '../anchor/types.js'
import {annotationFile, type NoteFront} from './front-matter.js'
import {createFile, type Written} from './files.js'
import {locateQuote, sentenceAt, type QuoteInput} from './locate.js'
import {loadWith} from './trial.js'
import type {Loaded} from '../load/index.js'
import {editable, EditError, newEntry, refuseErrors, type Authoring, type Known} from './errors.js'

export interface NoteInput extends QuoteInput, Authoring {
  /** The note's text, Markdown (Pandoc citations `[@key, 66]`). */
  body: string
}

export interface Created {
  written: Written[]
  /** Sentences (numbers) the passage spans. */
  sentences: number[]
  /** The edition as loaded with the new file (it is the edition as it is now). */
  loaded: Loaded
}

/** Write a new note on the passage `input` quotes. */
export async function createNote(root: string, input: NoteInput, known: Known = {}): Promise<Created> {
  if (!input.body.trim()) throw new EditError('input', 'the note has no text: give --body')
  const {edition} = await editable(root, known)
  const {range, selector} = locateQuote(edition, input)
  const {id, common} = newEntry(edition, input, input.quote, 'note')
  const front: NoteFront = {
    id,
    target: {
      exact: selector.exact,
      ...(selector.prefix !== undefined ? {prefix: selector.prefix} : {}),
      ...(selector.suffix !== undefined ? {suffix: selector.suffix} : {}),
      position: TextPositionAnchor.fromRange(edition.text, range).toSelector().start,
      text: textHash(edition.text)
    },
    ...common
  }
  const path = `annotations/notes/${id}.md`
  const content = annotationFile(front, input.body)
  const trial = await loadWith(root, new Map([[path, content]]))
  refuseErrors(trial.files, 'This note')
  await createFile(join(root, path), content)
  const first = sentenceAt(edition, range.start)
  const last = sentenceAt(edition, Math.max(range.start, range.end - 1))
  return {written: [{path, action: 'created', content}], sentences: Array.from({length: last - first + 1}, (_, k) => first + k), loaded: trial}
}
