/** Creating a note: the passage located, the file written as an editor would, checked first. */
import {join} from 'node:path'
import type {Status} from '../model/edition.js'
import {TextPositionAnchor, textHash} from '../anchor/types.js'
import {annotationFile, type NoteFront} from './front-matter.js'
import {createFile, type Written} from './files.js'
import {idProblem, newId} from './ids.js'
import {locateQuote, sentenceAt, type QuoteInput} from './locate.js'
import {loadWith} from './trial.js'
import {editable, EditError, refuseErrors, today} from './errors.js'

export interface NoteInput extends QuoteInput {
  /** The note's text, Markdown (Pandoc citations `[@key, 66]`). */
  body: string
  status?: Status
  author?: string
  id?: string
  /** The date to write (default: today). */
  date?: string
}

export interface Created {
  written: Written[]
  /** Sentences (numbers) the passage spans. */
  sentences: number[]
}

/** Write a new note on the passage `input` quotes. */
export async function createNote(root: string, input: NoteInput): Promise<Created> {
  if (!input.body.trim()) throw new EditError('input', 'the note has no text: give --body')
  const {edition} = await editable(root)
  const {range, selector} = locateQuote(edition, input)
  const taken = new Set([...edition.annotations, ...edition.orphans].map((a) => a.id))
  const id = input.id ?? newId(input.quote, taken)
  const problem = idProblem(id, taken)
  if (problem) throw new EditError('input', `--id: ${problem}`)
  const date = input.date ?? today()
  const front: NoteFront = {
    id,
    target: {
      exact: selector.exact,
      ...(selector.prefix !== undefined ? {prefix: selector.prefix} : {}),
      ...(selector.suffix !== undefined ? {suffix: selector.suffix} : {}),
      position: TextPositionAnchor.fromRange(edition.text, range).toSelector().start,
      text: textHash(edition.text)
    },
    status: input.status ?? 'unverified',
    author: input.author ?? edition.meta.editors[0]?.name ?? 'unknown',
    created: date,
    modified: date
  }
  const path = `annotations/notes/${id}.md`
  const content = annotationFile(front, input.body)
  const trial = await loadWith(root, new Map([[path, content]]))
  refuseErrors(trial.files, 'This note')
  await createFile(join(root, path), content)
  const first = sentenceAt(edition, range.start)
  const last = sentenceAt(edition, Math.max(range.start, range.end - 1))
  return {written: [{path, action: 'created', content}], sentences: Array.from({length: last - first + 1}, (_, k) => first + k)}
}
