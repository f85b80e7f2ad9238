/**
 * Writing an editor's files safely: each file is written whole to a temporary file in its own
 * folder, then moved into place, so a crash never leaves half a note. A new file never replaces
 * an existing one (it is linked into place, which fails if the name is taken); a replaced file
 * must still hold what was read, so an edit made meanwhile by hand is not lost.
 */
import {randomBytes} from 'node:crypto'
import {link, mkdir, readFile, rename, rm, unlink, writeFile} from 'node:fs/promises'
import {basename, dirname, join} from 'node:path'

/** A file an edit wrote or removed (path relative to the edition root, with `/`). */
export interface Written {
  path: string
  action: 'created' | 'updated' | 'removed'
  /** What the file holds now (for a removed file: what it held). */
  content: string
  /** What it held before an update. */
  previous?: string
}

export class FileConflict extends Error {}

const temporary = (target: string) => join(dirname(target), `.${basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`)

/** Write `content` to a new file `path`; refuses (FileConflict) if it exists. */
export async function createFile(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), {recursive: true})
  const tmp = temporary(path)
  try {
    await writeFile(tmp, content, {flag: 'wx'})
    await link(tmp, path).catch((cause: NodeJS.ErrnoException) => {
      throw cause.code === 'EEXIST' ? new FileConflict(`${path} exists already; nothing was overwritten`) : cause
    })
  } finally {
    await rm(tmp, {force: true})
  }
}

/** Replace file `path`, which must still hold `expected`; refuses (FileConflict) otherwise. */
export async function replaceFile(path: string, content: string, expected: string | undefined): Promise<void> {
  const current = await readFile(path, 'utf8').catch(() => undefined)
  if (current !== expected) throw new FileConflict(`${path} changed since it was read; nothing was written to it`)
  const tmp = temporary(path)
  try {
    await writeFile(tmp, content, {flag: 'wx'})
    await rename(tmp, path)
  } finally {
    await rm(tmp, {force: true})
  }
}

/** Remove file `path`, which must still hold `expected`. */
export async function removeFile(path: string, expected: string): Promise<void> {
  const current = await readFile(path, 'utf8').catch(() => undefined)
  if (current !== expected) throw new FileConflict(`${path} changed since it was read; it was not removed`)
  await unlink(path)
}
