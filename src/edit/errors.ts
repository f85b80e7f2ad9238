/** Why an edit was refused. Nothing is written when one is thrown. */
import type {VFile} from 'vfile'
import {hasErrors} from '../model/messages.js'
import {loadEdition} from '../load/index.js'
import type {Edition, Status} from '../model/edition.js'
import {idProblem, newId} from './ids.js'

export class EditError extends Error {
  constructor(
    /** `input`: what was asked cannot be done (a usage error); `edition`: the files have errors (in `files`). */
    readonly kind: 'input' | 'edition',
    message: string,
    /** Lines that show the problem (candidates, duplicates). */
    readonly details: string[] = [],
    /** Files whose messages say what is wrong (`kind: 'edition'`). */
    readonly files: VFile[] = []
  ) {
    super(message)
  }
}

/** What a caller may know already: the edition as it loads now, without errors (a dev server keeps it). */
export interface Known {
  edition?: Edition
}

/** The edition, which must load without errors before anything is added to it. */
export async function editable(root: string, known: Known = {}): Promise<{edition: Edition; files: VFile[]}> {
  if (known.edition) return {edition: known.edition, files: []}
  const {edition, files} = await loadEdition(root)
  if (!edition || hasErrors(files)) throw new EditError('edition', 'the edition has errors; correct them first (`edition check` lists them)', [], files)
  return {edition, files}
}

/** Refuse an edit whose trial load has errors. */
export function refuseErrors(files: VFile[], what: string): void {
  if (hasErrors(files)) throw new EditError('edition', `${what} would give the edition errors; nothing was written`, [], files.filter((f) => f.messages.some((m) => m.fatal)))
}

/** What an editor may say about any new annotation (each has a default). */
export interface Authoring {
  status?: Status
  /** Default: the first editor in edition.yaml. */
  author?: string
  /** Default: made from `words`. */
  id?: string
  /** The date to write (default: today). */
  date?: string
  /** `further-reading`: works not consulted, one Pandoc citation item each (`@key, chap. 2`). */
  further?: string[]
}

/** The id of a new annotation and the front-matter keys every annotation has. */
export function newEntry(edition: Edition, input: Authoring, words: string, fallback: string) {
  const taken = new Set([...edition.annotations, ...edition.orphans].map((a) => a.id))
  const id = input.id ?? newId(words, taken, fallback)
  const problem = idProblem(id, taken)
  if (problem) throw new EditError('input', `--id: ${problem}`)
  const date = input.date ?? today()
  const common = {status: input.status ?? 'unverified', author: input.author ?? edition.meta.editors[0]?.name ?? 'unknown', created: date, modified: date} as const
  return {id, common: input.further?.length ? {...common, 'further-reading': input.further} : common}
}

/** Today's date, as front matter writes it (the local calendar's). */
export function today(): string {
  const d = new Date()
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}
