/** Every export is a writer in the registry, so `edition build` and `edition export` know it. */
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest'
import {mkdtempSync, readFileSync, readdirSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {main} from '../src/cli/main.js'
import {writers} from '../src/write/index.js'
import {FORMATS} from '../src/write/formats.js'
import {realEdition, ROOT} from './export-support.js'

describe('export formats in the writer registry', () => {
  // The CLI reports warnings on stderr; the test reads its files, not its messages.
  beforeEach(() => void vi.spyOn(process.stderr, 'write').mockImplementation(() => true))
  afterEach(() => vi.restoreAllMocks())

  it('has every format of the issue, each with its own file', () => {
    expect(Object.keys(writers)).toEqual(expect.arrayContaining(['view', 'json', 'html', 'md', 'tei', 'jsonld', 'csl', 'bibtex', 'txt']))
    const files = Object.values(writers).map((w) => w.file)
    expect(new Set(files).size).toBe(files.length)
  })

  it('names the same formats for the CLI’s help as the registry has (the help does not load the writers)', () => {
    expect(FORMATS).toEqual(Object.keys(writers))
  })

  it('edition build writes every format; edition export writes one, the same', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'edition-build-')), 'dist')
    expect(await main(['build', '--root', ROOT, '--out', out, '--quiet'])).toBe(0)
    // Every writer's file, the files its readers need beside it (CETEIcean's behaviours for the
    // TEI), and the marker that lets the next build replace the folder.
    expect(readdirSync(out).sort()).toEqual([...Object.values(writers).flatMap((w) => [w.file, ...Object.keys(w.companions ?? {})]), '.edition-build'].sort())
    expect(readFileSync(join(out, 'ceteicean-behaviours.js'), 'utf8')).toContain('editionBehaviours')

    const file = join(out, 'one.xml')
    expect(await main(['export', '--format', 'tei', '--root', ROOT, '--out', file, '--quiet'])).toBe(0)
    expect(readFileSync(file, 'utf8')).toBe(await writers.tei!.write(await realEdition()))
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(join(out, writers.tei!.file), 'utf8'))
  })
})
