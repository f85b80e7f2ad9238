/**
 * What citeproc made of an edition, kept between runs. Citeproc is the slowest stage of an
 * editor's `edition check` (a style to compile, every work registered, every citation formatted),
 * yet most runs follow an edit that changed no citation. Its output is a pure function of the
 * style, the locale, the works and the citations in reading order: hashed together, they name a
 * file in a per-user cache folder. A changed input is a new key, so nothing stale is ever read.
 *
 * The cache holds citeproc's HTML strings only; they are parsed and sanitised on every run like
 * fresh output (`renderer` in ./index.ts), so a tampered cache file cannot put markup in a page.
 * `EDITION_CACHE=0` turns it off; `EDITION_CACHE_DIR` moves it.
 */
import {createHash} from 'node:crypto'
import {mkdirSync, readFileSync, renameSync, writeFileSync} from 'node:fs'
import {tmpdir, userInfo} from 'node:os'
import {join} from 'node:path'

/** Bumped when the shape of what is cached, or how it is computed, changes. */
const VERSION = 1

const folder = () => process.env.EDITION_CACHE_DIR ?? join(tmpdir(), `edition-cache-${safeUser()}`)

function safeUser(): string {
  try {
    return String(userInfo().uid)
  } catch {
    return 'user'
  }
}

const memory = new Map<string, unknown>()

/** Forget what this process formatted (as a new process would): for tests. */
export const forgetCache = () => memory.clear()

/** `compute()`, or what it gave last time for the same `inputs`. `valid` checks what is read back. */
export function cached<T>(inputs: unknown, compute: () => T, valid: (value: unknown) => value is T): T {
  const key = createHash('sha256').update(JSON.stringify([VERSION, inputs])).digest('hex')
  const hit = memory.get(key)
  if (hit !== undefined && valid(hit)) return hit
  const off = process.env.EDITION_CACHE === '0'
  const file = join(folder(), `${key}.json`)
  if (!off) {
    try {
      const value: unknown = JSON.parse(readFileSync(file, 'utf8'))
      if (valid(value)) {
        memory.set(key, value)
        return value
      }
    } catch {
      // Not cached yet (or unreadable): compute it.
    }
  }
  const value = compute()
  memory.set(key, value)
  if (!off) {
    try {
      mkdirSync(folder(), {recursive: true, mode: 0o700})
      const tmp = `${file}.${process.pid}.tmp`
      writeFileSync(tmp, JSON.stringify(value), {mode: 0o600})
      renameSync(tmp, file)
    } catch {
      // A cache that cannot be written only costs the next run its time.
    }
  }
  return value
}
