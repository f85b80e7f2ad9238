/**
 * Authoring is the dev server's alone: the built edition (`edition build`, every format it
 * writes) carries no editing code, no endpoint, no token. The same marks are first shown in the
 * page the dev server serves, so the test can tell.
 */
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {writers} from '../src/write/index.js'
import {build, repo} from './browser/serve.js'
import {startDev, type Dev} from './author-support.js'

/** What only the authoring code has: its endpoints, token, script and styles, and every long line of author.js and author.css. */
function marks(): string[] {
  const own = ['/__edition/', 'edition-author-token', 'x-edition-token', 'createHotContext', 'author-dialog', 'author-annotate', 'edition:saved', '@vite/client']
  const lines = ['author.js', 'author.css'].flatMap((f) =>
    readFileSync(join(repo, 'src/view', f), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 40 && !l.startsWith('*') && !l.startsWith('//') && !l.startsWith('/*'))
  )
  return [...own, ...lines]
}

let dev: Dev
let dist: string
beforeAll(async () => {
  dev = await startDev()
  dist = await build()
})
afterAll(async () => {
  await dev?.close()
})

describe('authoring, in the dev server only', () => {
  it('is in the page the dev server serves', async () => {
    const page = await (await fetch(dev.url)).text()
    const script = await (await fetch(new URL('/__edition/author.js', dev.url))).text()
    const css = await (await fetch(new URL('/__edition/author.css', dev.url))).text()
    const served = page + script + css
    for (const m of marks().filter((m) => m !== 'x-edition-token' && m !== 'edition:saved')) expect(served, m).toContain(m)
  })

  it('is nowhere in the built edition: not in the reading view, nor in any format it writes', () => {
    const files = readdirSync(dist).filter((f) => !f.startsWith('.'))
    // Every writer's file is there to be looked at.
    expect(files.sort()).toEqual(Object.values(writers).flatMap((w) => [w.file, ...Object.keys(w.companions ?? {})]).sort())
    const all = marks()
    for (const f of files) {
      const content = readFileSync(join(dist, f), 'utf8')
      const found = all.filter((m) => content.toLowerCase().includes(m.toLowerCase()))
      expect(found, f).toEqual([])
    }
  })
})
