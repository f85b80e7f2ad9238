/**
 * A dev server killed in the middle of a save (`kill -9`) leaves each annotation file as it was
 * or as it was being saved, whole, never half of it. The server is `npm start`'s own (Vite with
 * vite.config.ts) in a child process, on a copy of the edition; a test-only switch
 * (EDITION_TEST_SLOW_WRITES, set only here) makes it write slowly, so that the kill lands while
 * the new file is half-written. The next start removes what the killed one left.
 */
import {spawn, type ChildProcess} from 'node:child_process'
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs'
import {join} from 'node:path'
import {afterEach, describe, expect, it, vi} from 'vitest'
import {loadEdition} from '../src/load/index.js'
import {frontMatter} from '../src/edit/front-matter.js'
import {REPO} from './fixtures/edition-copy.js'
import {API, call, gitCopy, startDev, targetFor, type Dev} from './author-support.js'

interface Child {
  process: ChildProcess
  dev: Dev
}

const children: ChildProcess[] = []
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
})

/** `vite` with the repository's vite.config.ts, on `root`, writing slowly; resolves once it serves the page. */
async function startChild(root: string): Promise<Child> {
  const child = spawn(process.execPath, [join(REPO, 'node_modules/vite/bin/vite.js'), '--config', join(REPO, 'vite.config.ts'), '--port', '0', '--clearScreen', 'false'], {
    cwd: root,
    env: {...process.env, EDITION_ROOT: root, EDITION_TEST_SLOW_WRITES: '15'},
    stdio: ['ignore', 'pipe', 'pipe']
  })
  children.push(child)
  let out = ''
  child.stdout!.on('data', (c: Buffer) => (out += String(c)))
  child.stderr!.on('data', (c: Buffer) => (out += String(c)))
  const port = await vi.waitFor(
    () => {
      // Vite colours its banner when the environment asks for colour (FORCE_COLOR): the colours go.
      // eslint-disable-next-line no-control-regex
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out.replace(/\x1b\[[0-9;]*m/g, ''))
      if (!m) throw new Error(`not ready: ${out}`)
      return Number(m[1])
    },
    {timeout: 60_000, interval: 100}
  )
  const url = `http://127.0.0.1:${port}/`
  const page = await (await fetch(url)).text()
  const meta = (name: string) => new RegExp(`<meta name="${name}" content="([^"]*)"`).exec(page)?.[1] ?? ''
  return {process: child, dev: {root, server: undefined as never, url, port, token: meta('edition-author-token'), textHash: meta('edition-text-hash'), close: async () => void child.kill('SIGKILL')}}
}

const temporaries = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.tmp'))

/** Kill the child with SIGKILL once a temporary file in `dir` holds at least `bytes`; resolves with its size then. */
async function killMidWrite(child: Child, dir: string, bytes: number): Promise<number> {
  const size = await vi.waitFor(
    () => {
      const tmp = temporaries(dir)[0]
      const n = tmp ? statSync(join(dir, tmp)).size : 0
      if (n < bytes) throw new Error(`the temporary file holds ${n} bytes`)
      return n
    },
    {timeout: 60_000, interval: 5}
  )
  child.process.kill('SIGKILL')
  await new Promise((resolve) => child.process.once('exit', resolve))
  return size
}

const long = (n: number) => `${'A long note, saved while the server is killed. '.repeat(Math.ceil(n / 48)).slice(0, n)}`

describe('a dev server killed during a save', () => {
  it('leaves the old file whole when it is killed while the new one is half-written, and the next start cleans up', async () => {
    const root = gitCopy()
    const path = 'annotations/notes/welfare-turn.md'
    const before = readFileSync(join(root, path), 'utf8')
    const child = await startChild(root)
    const {json} = await call(child.dev, 'POST', `${API}annotations/welfare-turn/read`, {})
    const body = long(200_000)
    const saving = call(child.dev, 'PUT', `${API}annotations/welfare-turn`, {hash: json.hash, front: {status: 'disputed'}, body}).catch((e: Error) => e)
    const size = await killMidWrite(child, join(root, 'annotations/notes'), 20_000)
    expect(await saving).toBeInstanceOf(Error)
    // Killed with part of the new file written: the file is the old one, byte for byte.
    expect(size).toBeLessThan(Buffer.byteLength(body))
    expect(readFileSync(join(root, path), 'utf8')).toBe(before)
    const left = temporaries(join(root, 'annotations/notes'))
    expect(left).toHaveLength(1)
    // The loader never mistakes it for a note; the next start removes it.
    expect((await loadEdition(root)).edition?.annotations.some((a) => a.file.includes('.tmp'))).toBe(false)
    const next = await startDev(root)
    try {
      expect(temporaries(join(root, 'annotations/notes'))).toEqual([])
      expect(readFileSync(join(root, path), 'utf8')).toBe(before)
    } finally {
      await next.close()
    }
  })

  it('writes no new note at all when it is killed while the new file is half-written', async () => {
    const root = gitCopy()
    const notes = readdirSync(join(root, 'annotations/notes')).sort()
    const child = await startChild(root)
    const text = (await loadEdition(root)).edition!.text
    const saving = call(child.dev, 'POST', `${API}annotations`, {kind: 'note', front: {target: targetFor(text, 'the Stalinist leadership', child.dev.textHash), status: 'unverified', author: 'A'}, body: long(150_000)}).catch((e: Error) => e)
    await killMidWrite(child, join(root, 'annotations/notes'), 10_000)
    await saving
    expect(readdirSync(join(root, 'annotations/notes')).filter((f) => f.endsWith('.md')).sort()).toEqual(notes)
    expect(existsSync(join(root, 'annotations/notes/the-stalinist-leadership.md'))).toBe(false)
  })

  it('leaves the old file or the new one, whole, wherever the kill lands', async () => {
    const root = gitCopy()
    const path = 'annotations/notes/unions-delay.md'
    const body = long(60_000)
    const seen = new Set<string>()
    // The kill lands at a different moment of each save: before, during and after the write.
    for (const delay of [0, 150, 400, 700, 1100, 1600, 'after the answer'] as const) {
      const before = readFileSync(join(root, path), 'utf8')
      const child = await startChild(root)
      const {json} = await call(child.dev, 'POST', `${API}annotations/unions-delay/read`, {})
      const mine = `${body} (${delay})`
      const saving = call(child.dev, 'PUT', `${API}annotations/unions-delay`, {hash: json.hash, front: {}, body: mine}).catch((e: Error) => e)
      await (delay === 'after the answer' ? saving : new Promise((resolve) => setTimeout(resolve, delay)))
      child.process.kill('SIGKILL')
      await new Promise((resolve) => child.process.once('exit', resolve))
      const answer = await saving
      const after = readFileSync(join(root, path), 'utf8')
      const whole = after === before || after.endsWith(`---\n${mine}\n`)
      expect(whole, `killed ${typeof delay === 'number' ? `after ${delay} ms` : delay}: the file is neither the old one nor the new one`).toBe(true)
      seen.add(after === before ? 'old' : 'new')
      if (!(answer instanceof Error) && answer.status === 200) expect(after.endsWith(`---\n${mine}\n`)).toBe(true)
      expect(frontMatter(after)).toMatchObject({id: 'unions-delay'})
    }
    // Both ends were reached: some kills came before the file was replaced, some after.
    expect([...seen].sort()).toEqual(['new', 'old'])
  }, 180_000)
})
