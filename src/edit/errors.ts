/** Why an edit was refused. Nothing is written when one is thrown. */
import type {VFile} from 'vfile'
import {hasErrors} from '../model/messages.js'
import {loadEdition} from '../load/index.js'
import type {Edition} from '../model/edition.js'

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

/** The edition, which must load without errors before anything is added to it. */
export async function editable(root: string): Promise<{edition: Edition; files: VFile[]}> {
  const {edition, files} = await loadEdition(root)
  if (!edition || hasErrors(files)) throw new EditError('edition', 'the edition has errors; correct them first (`edition check` lists them)', [], files)
  return {edition, files}
}

/** Refuse an edit whose trial load has errors. */
export function refuseErrors(files: VFile[], what: string): void {
  if (hasErrors(files)) throw new EditError('edition', `${what} would give the edition errors; nothing was written`, [], files.filter((f) => f.messages.some((m) => m.fatal)))
}

/** Today's date, as front matter writes it (the local calendar's). */
export function today(): string {
  const d = new Date()
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}
