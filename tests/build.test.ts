import {existsSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'
import {runCli} from './helpers/cli.js'
import {makeEdition, MINIMAL_YAML} from './helpers/fixture.js'
import {loadEdition} from '../src/load/index.js'
import type {SentenceNode} from '../src/model/nodes.js'
import {htmlOf} from './helpers/model.js'

const repo = fileURLToPath(new URL('../', import.meta.url))
const tmp = () => mkdtempSync(join(tmpdir(), 'edition-out-'))

interface Json {
  edition: {title: string; interventions: {id: string}[]}
  text: string
  sentences: {id: string; n: number; text: string; start: number; end: number}[]
}

describe('edition build', () => {
  it('writes index.html and edition.json with the 14 sentences, which rebuild the text', async () => {
    const out = join(tmp(), 'dist')
    const r = await runCli(['build', '--root', repo, '--out', out])
    expect(r.code, r.stderr).toBe(0)
    expect(existsSync(join(out, 'index.html'))).toBe(true)
    const json = JSON.parse(readFileSync(join(out, 'edition.json'), 'utf8')) as Json
    expect(json.sentences).toHaveLength(14)
    expect(json.sentences.map((s) => s.n)).toEqual([...Array(14).keys()].map((i) => i + 1))
    expect(json.sentences.map((s) => s.text).join(' ')).toBe(readFileSync(join(repo, 'edition/text.md'), 'utf8').trim())
    for (const s of json.sentences) expect(json.text.slice(s.start, s.end)).toBe(s.text)
    expect(json.text).not.toContain('초록')
    expect(json.edition.interventions.map((i) => i.id)).toEqual(['omit-interface-label', 'omit-second-copy'])
    const html = readFileSync(join(out, 'index.html'), 'utf8')
    for (const s of json.sentences) expect(html).toContain(`id="${s.id}"`)
  })

  it('builds a second, different edition from --root: nothing about the abstract is hard-coded', async () => {
    const root = makeEdition({text: 'Первая фраза. The second sentence, with *emphasis. Across* a boundary.\n\nA new paragraph. Dr. Who came.\n'})
    const out = join(tmp(), 'site')
    const r = await runCli(['build', '--root', root, '--out', out])
    expect(r.code, r.stderr).toBe(0)
    const json = JSON.parse(readFileSync(join(out, 'edition.json'), 'utf8')) as Json
    expect(json.edition.title).toBe('A test edition')
    expect(json.sentences.map((s) => s.text)).toEqual(['Первая фраза.', 'The second sentence, with emphasis.', 'Across a boundary.', 'A new paragraph.', 'Dr. Who came.'])
    expect(json.text).toBe('Первая фраза. The second sentence, with emphasis. Across a boundary.\n\nA new paragraph. Dr. Who came.')
  })

  it('keeps inline markup inside a sentence and splits it at a boundary', async () => {
    const {edition} = await loadEdition(makeEdition({text: 'One *two. Three* [four](https://example.org). Five.\n'}))
    const paragraph = edition!.tree.children[0] as {children: {type: string}[]}
    const sentences = paragraph.children.filter((n): n is SentenceNode => n.type === 'sentence')
    const html = sentences.map((s) => htmlOf({type: 'root', children: [{type: 'paragraph', children: s.children}]}))
    expect(html).toEqual(['<p>One <em>two.</em></p>', '<p><em>Three</em> <a href="https://example.org">four</a>.</p>', '<p>Five.</p>'])
    expect(edition!.sentences.map((s) => s.text)).toEqual(['One two.', 'Three four.', 'Five.'])
    expect(sentences.map((s) => s.data.n)).toEqual([1, 2, 3])
  })
})

describe('bad input', () => {
  const build = async (root: string) => {
    const out = join(tmp(), 'dist')
    const r = await runCli(['build', '--root', root, '--out', out])
    return {...r, out}
  }

  it('names a missing text.md and writes nothing', async () => {
    const root = makeEdition({text: 'x'})
    const {rmSync} = await import('node:fs')
    rmSync(join(root, 'edition/text.md'))
    const r = await build(root)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/edition\/text\.md: error: Cannot find/)
    expect(existsSync(r.out)).toBe(false)
  })

  it('names a missing edition.yaml', async () => {
    const root = makeEdition({text: 'A sentence.'})
    const {rmSync} = await import('node:fs')
    rmSync(join(root, 'edition/edition.yaml'))
    const r = await build(root)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/edition\/edition\.yaml: error: Cannot find/)
  })

  it('locates a YAML syntax error', async () => {
    const r = await build(makeEdition({text: 'A sentence.', yaml: MINIMAL_YAML.replace('title: A test edition', 'title: [unclosed')}))
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/edition\/edition\.yaml:\d+:\d+: error: edition\.yaml: YAML syntax/)
  })

  it('locates an unknown key at its line and column', async () => {
    const r = await build(makeEdition({text: 'A sentence.', yaml: MINIMAL_YAML.replace('language: en', 'language: en\nlangauge: en')}))
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('edition/edition.yaml:3:1: error: edition.yaml: unknown key `langauge` at top level')
  })

  it('locates a missing key and a bad value', async () => {
    const r = await build(makeEdition({text: 'A sentence.', yaml: MINIMAL_YAML.replace('version: "1.0.0"\n', '').replace('date: "2026-01-01"', 'date: "yesterday"')}))
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/edition\.yaml:1:1: error: edition\.yaml: missing key `version`/)
    expect(r.stderr).toMatch(/edition\.yaml:5:7: error: edition\.yaml: `date` must match format "date"/)
  })

  it('removes a UTF-8 BOM and normalises CRLF, and says so', async () => {
    const text = '\uFEFFFirst line.\r\nSecond line.\r\n'
    const r = await build(makeEdition({text, witness: text}))
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/edition\/text\.md:1:1: info: Removed a UTF-8 byte order mark/)
    expect(r.stderr).toMatch(/edition\/text\.md:1:12: info: Normalised CRLF line ends to LF/)
  })

  it('refuses an empty text', async () => {
    const r = await build(makeEdition({text: '  \n'}))
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/edition\/text\.md:1:1: error: The text is empty/)
  })

  it('locates invalid UTF-8 at its line and column', async () => {
    const bytes = Buffer.concat([Buffer.from('Good line.\nBad '), Buffer.from([0xff, 0xfe]), Buffer.from(' here.\n')])
    const r = await build(makeEdition({text: 'x', files: {'edition/text.md': bytes}}))
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/edition\/text\.md:2:5: error: Invalid UTF-8 \(byte 0xff at byte offset 15\)/)
  })

  it('refuses a text that the witness and its interventions do not yield, and says where', async () => {
    const r = await build(makeEdition({text: 'A sentence.\nAnother one.\n', witness: 'A sentence.\nAnother 1.\n'}))
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/edition\/text\.md:2:9: error: The text differs from the witness/)
  })

  it('leaves the previous output whole when a build fails', async () => {
    const out = join(tmp(), 'dist')
    mkdirSync(out)
    writeFileSync(join(out, 'index.html'), 'previous build')
    const r = await runCli(['build', '--root', makeEdition({text: ''}), '--out', out])
    expect(r.code).toBe(1)
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe('previous build')
  })

  it('exits 2 with the usage on an unknown command', async () => {
    const r = await runCli(['frobnicate'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('Usage: edition')
  })
})

describe('where a build may write', () => {
  it.each([['.'], ['edition'], ['annotations/notes'], ['..']])('refuses --out %s, which would overwrite the edition', async (out) => {
    const root = makeEdition({text: 'A sentence.\n', files: {'NOTES.txt': 'keep me'}})
    const r = await runCli(['build', '--root', root, '--out', join(root, out)])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/would overwrite the edition's own files; choose a folder of its own/)
    expect(readFileSync(join(root, 'NOTES.txt'), 'utf8')).toBe('keep me')
    expect(readFileSync(join(root, 'edition/text.md'), 'utf8')).toBe('A sentence.\n')
  })

  it('refuses to replace a folder it did not make, even one holding only files named like a build’s, and replaces one it made', async () => {
    const root = makeEdition({text: 'A sentence.\n'})
    // A folder of the user's, and a user's own site: its index.html is not a build's, whatever its name.
    for (const [file, content] of [['mine.txt', 'not a build'], ['index.html', 'my own home page']] as const) {
      const out = join(tmp(), 'site')
      mkdirSync(out)
      writeFileSync(join(out, file), content)
      const refused = await runCli(['build', '--root', root, '--out', out])
      expect(refused.code).toBe(1)
      expect(refused.stderr).toMatch(/is a folder that an earlier build did not make/)
      expect(readFileSync(join(out, file), 'utf8')).toBe(content)
    }
    const fresh = join(tmp(), 'site')
    expect((await runCli(['build', '--root', root, '--out', fresh])).code).toBe(0)
    expect((await runCli(['build', '--root', root, '--out', fresh])).code).toBe(0)
    expect(existsSync(join(fresh, 'index.html'))).toBe(true)
  })

  it('refuses to export onto a folder or into the edition, and leaves no temporary file', async () => {
    const root = makeEdition({text: 'A sentence.\n'})
    const dir = tmp()
    const onFolder = await runCli(['export', '--format', 'txt', '--root', root, '--out', dir])
    expect(onFolder.code).toBe(1)
    expect(onFolder.stderr).toMatch(/is a folder; give a file name/)
    const intoEdition = await runCli(['export', '--format', 'txt', '--root', root, '--out', join(root, 'edition/text.md')])
    expect(intoEdition.code).toBe(1)
    expect(readFileSync(join(root, 'edition/text.md'), 'utf8')).toBe('A sentence.\n')
    const {readdirSync} = await import('node:fs')
    expect(readdirSync(join(dir, '..')).filter((f) => f.includes('.tmp-'))).toEqual([])
  })
})

describe('Markdown must not change the text', () => {
  const errors = async (text: string) => {
    const r = await runCli(['check', '--root', makeEdition({text})])
    return {code: r.code, lines: r.stderr.split('\n').filter((l) => l.includes(': error:'))}
  }
  it('refuses raw HTML, which readers would lose, at its line and column', async () => {
    const r = await errors('The unions met in <Moscow> that year.\n')
    expect(r.code).toBe(1)
    expect(r.lines[0]).toMatch(/edition\/text\.md:1:19: error: Markdown reads `<Moscow>` as raw HTML/)
  })
  it('refuses a line that Markdown reads as a list, a heading or a quote', async () => {
    const r = await errors('1936. The year began.\n\n# Not a heading.\n\n> Not a quote.\n')
    expect(r.lines.map((l) => /:(\d+:\d+): error: Markdown reads this as (a \w+)/.exec(l)?.slice(1))).toEqual([
      ['1:1', 'a list'],
      ['3:1', 'a heading'],
      ['5:1', 'a block']
    ])
  })
  it('refuses a character reference, which readers would see as another character', async () => {
    const r = await errors('Pay &amp; conditions.\n')
    expect(r.lines[0]).toMatch(/text\.md:1:5: error: Markdown reads `&amp;` as a character reference/)
  })
  it('accepts emphasis, links, code, escapes and wrapped lines', async () => {
    const r = await errors('Plain *emph* and [a link](https://example.org) and `code`, 1936\\. ok.\nA wrapped\n  line.\n')
    expect(r.lines).toEqual([])
  })
})
