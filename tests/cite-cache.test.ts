/** citeproc's output kept between runs: the same inputs read back, any change computes again, nothing unsafe read. */
import {mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {cached, forgetCache} from '../src/cite/cache.js'
import {loadEdition} from '../src/load/index.js'
import {makeEdition, note} from './helpers/fixture.js'
import {textOf} from './helpers/model.js'

const isList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string')

describe('the citation cache', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'edition-cache-test-'))
    process.env.EDITION_CACHE_DIR = dir
    process.env.EDITION_CACHE = '1'
  })
  afterEach(() => {
    delete process.env.EDITION_CACHE_DIR
    process.env.EDITION_CACHE = '0'
  })

  it('computes once for the same inputs, again for changed ones, and keeps the result on disk', () => {
    let runs = 0
    const compute = () => (runs++, ['(Smith 1990)'])
    expect(cached({style: 'a', n: 1}, compute, isList)).toEqual(['(Smith 1990)'])
    expect(cached({style: 'a', n: 1}, compute, isList)).toEqual(['(Smith 1990)'])
    expect(runs).toBe(1)
    cached({style: 'a', n: 2}, compute, isList)
    expect(runs).toBe(2)
    expect(readdirSync(dir).filter((f) => f.endsWith('.json'))).toHaveLength(2)
  })

  it('computes again when what it reads back is not what it wrote', () => {
    let runs = 0
    cached({k: 'tampered'}, () => (runs++, ['x']), isList)
    const [file] = readdirSync(dir).filter((f) => f.endsWith('.json'))
    writeFileSync(join(dir, file!), JSON.stringify({citations: 'not a list'}))
    forgetCache()
    expect(cached({k: 'tampered'}, () => (runs++, ['x']), isList)).toEqual(['x'])
    expect(runs).toBe(2)
    expect(JSON.parse(readFileSync(join(dir, file!), 'utf8'))).toEqual(['x'])
  })

  it('gives a cached edition the same citations, sanitised, as a fresh run', async () => {
    const refs = [{id: 'smith', type: 'book', title: 'Alpha', author: [{family: 'Smith', given: 'Ann'}], issued: {'date-parts': [[1990]]}}]
    const root = makeEdition({text: 'One here.\n', notes: {a: note('One', 'See [@smith, 5].')}, references: refs})
    const first = (await loadEdition(root)).edition!
    // Tamper with every cached file: markup in citeproc's HTML must still arrive as safe text.
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const v = JSON.parse(readFileSync(join(dir, f), 'utf8'))
      v.citations = v.citations.map((c: string) => `${c} read back<img src=x onerror=alert(1)><script>alert(2)</script>`)
      writeFileSync(join(dir, f), JSON.stringify(v))
    }
    forgetCache()
    const second = (await loadEdition(root)).edition!
    expect(textOf(first.annotations[0]!)).toBe('See (Smith 1990, 5).')
    const rendered = JSON.stringify(second.annotations[0]!.body)
    // The tampered file was read (its extra text arrived), and its markup did not.
    expect(textOf(second.annotations[0]!)).toBe('See (Smith 1990, 5) read back.')
    expect(rendered).not.toMatch(/"tagName":"(img|script)"|onerror/)
  })
})
