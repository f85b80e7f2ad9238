/**
 * Writing an editor's files safely: each file is written whole to a temporary file in its own
 * folder (and flushed to the disk), then moved into place, so a crash never leaves half a note. A
 * new file never replaces an existing one (it is linked into place, which fails if the name is
 * taken); a replaced file must still hold what was read, so an edit made meanwhile by hand is not
 * lost.
 */
import {createHash, randomBytes} from 'node:crypto'
import {link, mkdir, open, readFile, readdir, rename, rm, unlink} from 'node:fs/promises'
import {basename, dirname, join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'

/** A file an edit wrote or removed (path relative to the edition root, with `/`). */
export interface Written {
  path: string
  action: 'created' | 'updated' | 'removed'
  /** What the file holds now (for a removed file: what it held). */
  content: string
  /** What it held before an update. */
  previous?: string
}

export class FileConflict extends Error {
  constructor(
    message: string,
    /** What the file holds now (undefined: it is gone), when a change was refused because of it. */
    readonly current?: string
  ) {
    super(message)
  }
}

/** The hash an editor's client keeps of the file it started from (SHA-256 of its UTF-8, hex). */
export const contentHash = (content: string) => createHash('sha256').update(content, 'utf8').digest('hex')

const TEMPORARY = /^\.(.+)\.(\d+)-[0-9a-f]{8}\.tmp$/
/** Whether `name` (a file name) is one of the temporary files this module writes. */
export const isTemporary = (name: string) => TEMPORARY.test(name)
const temporary = (target: string) => join(dirname(target), `.${basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`)

/**
 * Test only: `EDITION_TEST_SLOW_WRITES=<ms>` writes temporary files a kibibyte at a time with that
 * pause between pieces, so that a test can kill the process while one is half-written.
 */
const SLOW = Number(process.env.EDITION_TEST_SLOW_WRITES) || 0

/** `content` in a new temporary file, whole and flushed, before it is moved into place. */
async function writeTemporary(tmp: string, content: string): Promise<void> {
  const handle = await open(tmp, 'wx')
  try {
    const bytes = Buffer.from(content, 'utf8')
    const step = SLOW ? 1024 : bytes.length
    for (let at = 0; at < bytes.length; at += step) {
      await handle.write(bytes, at, Math.min(step, bytes.length - at))
      if (SLOW) await sleep(SLOW)
    }
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/**
 * Remove the temporary files a killed process left in `dir` (names this module gives them, of a
 * process no longer running). The loader never reads them (they do not end in `.md`).
 */
export async function removeLeftovers(dir: string): Promise<string[]> {
  const removed: string[] = []
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const m = TEMPORARY.exec(name)
    if (!m || running(Number(m[2]))) continue
    await rm(join(dir, name), {force: true})
    removed.push(join(dir, name))
  }
  return removed
}

function running(pid: number): boolean {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (cause) {
    return (cause as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Write `content` to a new file `path`; refuses (FileConflict) if it exists. */
export async function createFile(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), {recursive: true})
  const tmp = temporary(path)
  try {
    await writeTemporary(tmp, content)
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
  if (current !== expected) throw new FileConflict(`${path} changed since it was read; nothing was written to it`, current)
  const tmp = temporary(path)
  try {
    await writeTemporary(tmp, content)
    await rename(tmp, path)
  } finally {
    await rm(tmp, {force: true})
  }
}

/** Remove file `path`, which must still hold `expected`. */
export async function removeFile(path: string, expected: string): Promise<void> {
  const current = await readFile(path, 'utf8').catch(() => undefined)
  if (current !== expected) throw new FileConflict(`${path} changed since it was read; it was not removed`, current)
  await unlink(path)
}
