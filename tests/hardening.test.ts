/**
 * Hardening (issue 15): each finding of the attack on the toolkit, as a test that failed before
 * and passes now. Every bad input becomes a located error (exit 1), never a stack trace (exit 70),
 * a hang, a file read from outside the edition, or a change to `Object.prototype`.
 */
import {existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {execFile, execFileSync, spawn} from 'node:child_process'
import {promisify} from 'node:util'
import {fileURLToPath} from 'node:url'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {ViteDevServer} from 'vite'
import {startDev} from './author-support.js'
import {runCli} from './helpers/cli.js'
import {gloss, makeEdition, MINIMAL_YAML, note} from './helpers/fixture.js'
import {formatAll, resolveStyle, StyleError} from '../src/cite/citeproc.js'
import {MARKER} from '../src/cli/output.js'

const run = promisify(execFile)
const repo = fileURLToPath(new URL('../', import.meta.url))
const cli = join(repo, 'bin/edition.js')
const tmp = () => mkdtempSync(join(tmpdir(), 'edition-hard-'))
const TEXT = 'The VTsSPS met in November 1935. The union leaders hesitated.\n'
const REF = {id: 'a', type: 'book', title: 'A', author: [{family: 'X', given: 'Y'}], issued: {'date-parts': [[1990]]}}
const chicago = readFileSync(join(repo, '../shared/validators/csl/chicago-author-date.csl'), 'utf8')
/** A small CSL style whose citation layout is `layout`. */
const style = (layout: string) =>
  `<?xml version="1.0"?><style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0"><info><title>t</title><id>t</id><updated>2020-01-01T00:00:00+00:00</updated></info><citation><layout>${layout}</layout></citation><bibliography><layout><text variable="title"/></layout></bibliography></style>`

/** Run `check` on an edition made of `options`: exit status, and the lines that are errors. */
async function check(options: Parameters<typeof makeEdition>[0]) {
  const root = makeEdition({references: [], ...options})
  const r = await runCli(['check', '--root', root])
  return {...r, root, errors: r.stderr.split('\n').filter((l) => l.includes(': error:'))}
}

/** An error is located: `path:line:col: error: …`, or `path: error: …` for a file that cannot be read at all. */
const LOCATED = /^\S+(:\d+:\d+)?: error: .+ \[[\w-]+\]$/

const prototypeIsClean = () => expect(Object.keys(Object.prototype)).toEqual([])

describe('files an edition reads stay inside it', () => {
  it('refuses a witness outside the edition, at the witness key, and never shows what it holds', async () => {
    const outside = tmp()
    writeFileSync(join(outside, 'secret.txt'), 'TOP SECRET CONTENT\n')
    const root = makeEdition({text: TEXT})
    // Both folders are in the temporary folder: the witness path climbs out of the edition into the other.
    const yaml = MINIMAL_YAML.replace('witness: witness/w.txt', `witness: ../../${outside.split('/').pop()}/secret.txt`)
    writeFileSync(join(root, 'edition/edition.yaml'), yaml)
    const r = await runCli(['build', '--root', root, '--out', join(tmp(), 'dist')])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/edition\.yaml:20:10: error: witness: `.*secret\.txt` is outside the edition's folder/)
    expect(r.stderr).not.toContain('TOP SECRET')
  })

  it('refuses a witness that is a symbolic link leading out of the edition, and follows one that stays inside', async () => {
    const outside = join(tmp(), 'secret.txt')
    writeFileSync(outside, TEXT)
    const out = makeEdition({text: TEXT})
    rmSync(join(out, 'edition/witness/w.txt'))
    symlinkSync(outside, join(out, 'edition/witness/w.txt'))
    const r = await runCli(['check', '--root', out])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/edition\.yaml:20:10: error: witness: .* is outside the edition's folder \(through a symbolic link\)/)
    const inside = makeEdition({text: TEXT, files: {'captures/original.txt': TEXT}})
    rmSync(join(inside, 'edition/witness/w.txt'))
    symlinkSync(join(inside, 'captures/original.txt'), join(inside, 'edition/witness/w.txt'))
    expect((await runCli(['check', '--root', inside])).code).toBe(0)
  })

  it('refuses a device and a pipe without reading them (no 10 GB from /dev/zero, no wait on a FIFO)', async () => {
    const dir = join(tmp(), 'e')
    const zero = await runCli(['init', dir, '--witness', '/dev/zero'])
    expect(zero.code).toBe(1)
    expect(zero.stderr).toMatch(/\/dev\/zero: error: `\/dev\/zero` is not a regular file \(a device, a pipe or a socket\)/)
    const root = makeEdition({text: TEXT})
    mkdirSync(join(root, 'annotations/glossary'), {recursive: true})
    execFileSync('mkfifo', [join(root, 'annotations/glossary/fifo.md')])
    const r = await runCli(['check', '--root', root])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/annotations\/glossary\/fifo\.md: error: .* is not a regular file/)
  })

  it('says when annotations/notes is a file, or annotations/glossary a loop of links, instead of reading no notes silently', async () => {
    const root = makeEdition({text: TEXT, files: {'annotations/notes': 'not a folder'}})
    symlinkSync('glossary', join(root, 'annotations/glossary'))
    const r = await runCli(['check', '--root', root])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/annotations\/notes: error: `.*annotations\/notes` is not a folder: glossary entries and notes are files in the folders/)
    expect(r.stderr).toMatch(/annotations\/glossary: error: `.*annotations\/glossary` cannot be read \(ELOOP\)/)
  })

  it('refuses a witness above its size bound, without reading it whole', async () => {
    const {MAX_TEXT_BYTES} = await import('../src/model/limits.js')
    const r = await check({text: TEXT, witness: Buffer.alloc(MAX_TEXT_BYTES + 1, 0x61)})
    expect(r.errors[0]).toMatch(/edition\.yaml:20:10: error: witness: .* is 4,194,305 bytes, above the limit of 4 MiB/)
  })
})

describe('inputs that crashed are located errors', () => {
  it.each([
    ['an overlong NUL', [0xc0, 0x80]],
    ['a surrogate', [0xed, 0xa0, 0x80]],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]]
  ])('locates invalid UTF-8 (%s) in every kind of file', async (_name, bad) => {
    const bytes = (s: string) => Buffer.concat([Buffer.from(s), Buffer.from(bad), Buffer.from('\n')])
    const r = await check({
      text: TEXT,
      files: {
        'edition/edition.yaml': bytes(MINIMAL_YAML + '# '),
        'annotations/notes/n1.md': bytes(note('met in') + 'x'),
        'annotations/references.json': bytes('[]'),
        'annotations/references.bib': bytes('% x')
      }
    })
    expect(r.code).toBe(1)
    expect(r.errors.filter((e) => /Invalid UTF-8/.test(e))).toHaveLength(4)
    for (const e of r.errors) expect(e).toMatch(/:\d+:\d+: error: Invalid UTF-8/)
  })

  it.each([
    ['an unresolved alias', MINIMAL_YAML.replace('version: "1.0.0"', 'version: *v'), /edition\.yaml:5:10: error: edition\.yaml: YAML aliases \(`\*v`\) are not allowed/],
    ['an alias bomb', `${MINIMAL_YAML}x: &a [1, 1, 1, 1, 1, 1, 1, 1, 1]\ny: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nz: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n`, /edition\.yaml:22:4: error: edition\.yaml: YAML anchors \(`&a`\) are not allowed/],
    ['a binary tag on a key', `!!binary ${MINIMAL_YAML}`, /edition\.yaml:1:1: error: edition\.yaml: YAML tags \(`!!binary`\) are not allowed/],
    ['a date tag', MINIMAL_YAML.replace('title: A test edition', 'title: !!timestamp 2001-12-14'), /edition\.yaml:1:8: error: edition\.yaml: YAML tags \(`!!timestamp`\) are not allowed/],
    ['a key that is a list', `${MINIMAL_YAML}? [a, b]\n: c\n`, /edition\.yaml:22:3: error: edition\.yaml: YAML keys must be plain text, not a list or a map/],
    ['deep flow nesting', `${MINIMAL_YAML}x: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, /edition\.yaml:\d+:\d+: error: edition\.yaml: YAML nested more than 32 levels deep is not allowed \[yaml-depth\]/],
    ['deep block nesting', `${MINIMAL_YAML}x:\n${Array.from({length: 40}, (_, i) => `${'  '.repeat(i + 1)}k:`).join('\n')} 1\n`, /edition\.yaml:\d+:\d+: error: edition\.yaml: YAML nested more than 32 levels deep is not allowed \[yaml-depth\]/]
  ])('locates YAML with %s', async (_name, yaml, expected) => {
    const r = await check({text: TEXT, yaml})
    expect(r.code).toBe(1)
    expect(r.errors.join('\n')).toMatch(expected)
    for (const e of r.errors) expect(e).toMatch(LOCATED)
  })

  it('locates a citation written inside an image’s alt text at the image', async () => {
    const r = await check({text: TEXT, notes: {n1: note('met in November', '![photo by @someone](https://example.org/p.png)')}})
    expect(r.errors).toEqual([expect.stringMatching(/annotations\/notes\/n1\.md:9:1: error: Unknown citation key `@someone`/)])
  })

  it('cites works whose ids are names of every object’s properties', async () => {
    const ids = ['constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf']
    const root = makeEdition({text: TEXT, notes: {n1: note('met in November', `See ${ids.map((id) => `[@${id}]`).join(', ')}.`)}, references: ids.map((id, i) => ({...REF, id, title: `Work ${i}`}))})
    const out = join(tmp(), 'dist')
    const r = await runCli(['build', '--root', root, '--out', out])
    expect(r.code, r.stderr).toBe(0)
    const json = JSON.parse(readFileSync(join(out, 'edition.json'), 'utf8')) as {bibliography: {id: string}[]}
    expect(json.bibliography.map((b) => b.id).sort()).toEqual([...ids].sort())
    prototypeIsClean()
  })

  it.each([
    ['an element citeproc does not know', chicago.replace('<text macro="title"', '<frobnicate macro="title"'), /citeproc says citeproc-js error: Undefined node name "frobnicate"/],
    ['a macro that calls itself', chicago.replace(/(<macro name="title">)/, '$1<text macro="title"/>'), /would cause an infinite loop/],
    ['a folder named like a style', undefined, /cannot be used: it is a folder: an edition reads only regular files/],
    ['a tag never closed', chicago.replace('</citation>', ''), /its XML is not well formed: <citation> is not closed before <\/style>/],
    ['2,000 nested groups', style(`${'<group>'.repeat(2000)}<text variable="title"/>${'</group>'.repeat(2000)}`), /it nests 65 elements deep, more than the limit of 64/],
    ['bytes that are not UTF-8', Buffer.concat([Buffer.from('<?xml version="1.0"?>\n<!-- '), Buffer.from([0xc0, 0x80]), Buffer.from(` -->\n${chicago.replace(/^<\?xml[^>]*>\s*/, '')}`)]), /it is not UTF-8 \(line 2, column 6\): save it as UTF-8/]
  ])('locates a malformed CSL style: %s', async (_name, xml, reason) => {
    const r = await check({
      text: TEXT,
      yaml: MINIMAL_YAML.replace('style: chicago-author-date', 'style: s.csl'),
      notes: {n1: note('met in November', '[@a, 12]')},
      references: [REF],
      files: xml === undefined ? {'edition/s.csl/.keep': ''} : {'edition/s.csl': xml}
    })
    expect(r.code).toBe(1)
    expect(r.errors).toEqual([expect.stringMatching(/edition\.yaml:19:8: error: The CSL style .*s\.csl cannot be used: /)])
    expect(r.errors[0]).toMatch(reason)
  })

  it('refuses a quote of 40,000 characters and a form of 8,000 words at their places', async () => {
    const r = await check({text: TEXT, notes: {n1: note('word '.repeat(8000).trim())}, glossary: {g: gloss('g', ['w '.repeat(8000).trim()])}})
    expect(r.code).toBe(1)
    expect(r.errors.join('\n')).toMatch(/notes\/n1\.md:3:10: error: front matter: `target\.exact` must NOT have more than 5000 characters/)
    expect(r.errors.join('\n')).toMatch(/glossary\/g\.md:3:9: error: front matter: `forms\.0` must NOT have more than 200 characters/)
  })

  it('refuses a quote of 40,000 characters in `edition annotate` at its bound, in one short line, before any search', async () => {
    const root = makeEdition({text: TEXT})
    const r = await runCli(['annotate', '--root', root, '--quote', 'a'.repeat(40000), '--body', 'x'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^edition annotate: --quote is 40,000 characters, above the limit of 5,000: quote a shorter passage$/m)
    expect(r.stderr.length).toBeLessThan(400)
    // A long quote that is simply not in the text is shown by its start and end.
    const missing = await runCli(['annotate', '--root', root, '--quote', 'no such words '.repeat(300), '--body', 'x'])
    expect(missing.stderr.length).toBeLessThan(400)
  })

  it('locates JSON nested 100,000 deep in a file to import or add, which overflowed the stack of the annotation reader', async () => {
    const root = makeEdition({text: TEXT, references: [REF], notes: {n1: note('met in November', '[@a]')}})
    const file = join(tmp(), 'deep.json')
    writeFileSync(file, `${'['.repeat(100000)}${']'.repeat(100000)}\n`)
    const imported = await runCli(['import', file, '--root', root])
    expect(imported.code, imported.stderr).toBe(1)
    expect(imported.stderr).toMatch(/deep\.json:1:34: error: The JSON nests more than 32 levels deep/)
    const added = await runCli(['ref', 'add', file, '--root', root])
    expect(added.code).toBe(1)
    expect(added.stderr).toMatch(/deep\.json:1:34: error: references\.json nests more than 32 levels deep here/)
  })

  it.each([
    ['6,000 nested block quotes', `${'> '.repeat(6000)}x`, /1:1: error: Markdown nests more than 32 block quotes or list items within one another on this line/],
    ['6,000 nested list items', `${'- '.repeat(6000)}x`, /1:1: error: Markdown nests more than 32 block quotes or list items/],
    ['1,000 lines of a list, each indented two more', Array.from({length: 1000}, (_, i) => `${' '.repeat(i * 2)}- x`).join('\n'), /33:1: error: Markdown nests more than 32 block quotes or list items/],
    ['20,000 nested images', `${'!['.repeat(20000)}x${'](y)'.repeat(20000)}`, /1:66: error: Markdown nests more than 32 brackets/],
    ['a run of 20,000 asterisks either side', `${'*'.repeat(20000)}x${'*'.repeat(20000)}`, /1:1001: error: More than 1,000 `\*` or `_` in one paragraph/],
    ['16,000 emphases within one another', `${'*a '.repeat(16000)}x${' b*'.repeat(16000)}`, /1:3001: error: More than 1,000 `\*` or `_` in one paragraph/],
    ['600 emphases within one another (under the count, over the depth)', `${'*a '.repeat(60)}x${' b*'.repeat(60)}`, /1:92: error: Markdown nests more than 32 levels here/]
  ])('locates Markdown with %s, in the text and in a note, instead of overflowing the stack or parsing for minutes', async (_name, markdown, expected) => {
    // In a process of its own with a time limit: before, these overflowed the stack (70) or parsed for minutes and hours.
    const root = makeEdition({text: `${markdown}\n`, notes: {n1: note('x', markdown)}})
    const r = await new Promise<{code: number | null; stderr: string}>((done) => {
      const child = spawn(process.execPath, [cli, 'check', '--root', root], {stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000})
      let stderr = ''
      child.stderr!.on('data', (d) => (stderr += String(d)))
      child.once('close', (code) => done({code, stderr}))
    })
    expect(r.code, r.stderr.slice(0, 2000)).toBe(1)
    expect(r.stderr).toMatch(new RegExp(`edition/text\\.md:${expected.source}`))
    // The text stops the load at its error; the note's body is checked on its own.
    const body = await runCli(['check', '--root', makeEdition({text: TEXT, notes: {n1: note('met in November', markdown)}})])
    expect(body.code).toBe(1)
    expect(body.stderr).toMatch(/notes\/n1\.md:\d+:\d+: error: (Markdown nests|More than 1,000)/)
  }, 180_000)

  it('imports a comment whose HTML nests 20,000 tags deep as its words, where turning it into Markdown overflowed the stack', async () => {
    const root = makeEdition({text: TEXT})
    const file = join(tmp(), 'comments.jsonld')
    const annotation = {type: 'Annotation', body: {type: 'TextualBody', format: 'text/html', value: `${'<b>'.repeat(20000)}deep words${'</b>'.repeat(20000)}`}, target: {selector: {type: 'TextQuoteSelector', exact: 'met in November'}}}
    writeFileSync(file, JSON.stringify(annotation))
    const r = await runCli(['import', file, '--root', root])
    expect(r.code, r.stderr).toBe(0)
    const [name] = readdirSync(join(root, 'annotations/notes'))
    expect(readFileSync(join(root, 'annotations/notes', name!), 'utf8')).toMatch(/---\ndeep words\n$/)
  })

  it('locates a reference whose title nests 20,000 tags, which overflowed citeproc’s stack and was blamed on the style', async () => {
    const r = await check({text: TEXT, notes: {n1: note('met in November', '[@a]')}, references: [{...REF, title: `${'<i>'.repeat(20000)}T${'</i>'.repeat(20000)}`}]})
    expect(r.errors).toEqual([expect.stringMatching(/references\.json:3:11: error: Reference `a`: `title` nests more than 32 tags \(`<i>`, `<b>`, …\) within one another \[reference-markup\]/)])
  })

  it('lists 200 of 40,000 unknown keys, and says how many more there are', async () => {
    const r = await check({text: TEXT, yaml: MINIMAL_YAML + Array.from({length: 40000}, (_, i) => `k${i}: 1`).join('\n') + '\n'})
    expect(r.code).toBe(1)
    expect(r.errors).toHaveLength(201)
    expect(r.errors[0]).toMatch(/edition\.yaml:22:1: error: edition\.yaml: unknown key `k0` at top level/)
    expect(r.errors[200]).toMatch(/edition\.yaml: 39800 more problems of the same kinds are not listed/)
  })
})

describe('a CSL style cannot change every object', () => {
  const polluting = chicago.replace(/<names variable="author"/, '<names variable="__proto__"')

  it('refuses a style naming `__proto__` before citeproc reads it', async () => {
    const r = await check({text: TEXT, yaml: MINIMAL_YAML.replace('style: chicago-author-date', 'style: s.csl'), notes: {n1: note('met in November', '[@a]')}, references: [REF], files: {'edition/s.csl': polluting}})
    expect(r.errors).toEqual([expect.stringMatching(/edition\.yaml:19:8: error: The CSL style .* cannot be used: <names variable="__proto__"> names no CSL variable/)])
    prototypeIsClean()
  })

  it('undoes what citeproc did to Object.prototype, even for a style that passed the check', () => {
    const style = {...resolveStyle('apa', '.'), xml: polluting}
    expect(() => formatAll([REF], style, [{items: [{key: 'a'}], inText: false, noteIndex: 1}], ['a'])).toThrow(StyleError)
    prototypeIsClean()
    // The same engine still works afterwards.
    const ok = formatAll([REF], resolveStyle('apa', '.'), [{items: [{key: 'a'}], inText: false, noteIndex: 1}], ['a'])
    expect(ok.citations[0]).toMatch(/X, 1990/)
  })

  it('refuses a source type or an unknown variable that names a property of every object, which the words would have printed as code', async () => {
    const yaml = MINIMAL_YAML.replace('type: article-journal', 'type: constructor').replace('unknown: [author, title]', 'unknown: [toString, titel]')
    const r = await check({text: TEXT, yaml})
    expect(r.errors).toEqual([
      expect.stringMatching(/edition\.yaml:13:11: error: edition\.yaml: `source\.work\.type` must be one of the 45 values the schema allows \(The CSL type of the work: /),
      expect.stringMatching(/edition\.yaml:14:13: error: edition\.yaml: `source\.unknown\.0` must be one of the 99 values the schema allows \(a CSL variable: /),
      expect.stringMatching(/edition\.yaml:14:23: error: edition\.yaml: `source\.unknown\.1` must be one of .*: did you mean `title`\?/)
    ])
  })

  it('keeps `__proto__` keys in YAML and JSON as data', async () => {
    const r = await check({
      text: TEXT,
      yaml: MINIMAL_YAML + '__proto__: {polluted: 1}\n',
      notes: {n1: note('met in November').replace('status:', '__proto__: {polluted: 1}\nstatus:')},
      references: '[{"id": "a", "type": "book", "__proto__": {"polluted": 1}}]'
    })
    expect(r.code).toBe(1)
    expect(r.errors.join('\n')).toMatch(/unknown key `__proto__` at top level/)
    prototypeIsClean()
  })
})

describe('the dev server recovers when a broken style is fixed', () => {
  let server: ViteDevServer
  let url: string
  const root = makeEdition({text: TEXT, yaml: MINIMAL_YAML.replace('style: chicago-author-date', 'style: s.csl'), notes: {n1: note('met in November', '[@a]')}, references: [REF], files: {'edition/s.csl': chicago.replace(/<names variable="author"/, '<names variable="__proto__"')}})
  beforeAll(async () => {
    const dev = await startDev(root)
    server = dev.server
    url = dev.url
  })
  afterAll(async () => {
    await server?.close()
  })

  it('shows the style’s error, then the edition once the style is fixed, without a restart', async () => {
    const broken = await fetch(url)
    expect(broken.status).toBe(500)
    expect(await broken.text()).toMatch(/names no CSL variable/)
    writeFileSync(join(root, 'edition/s.csl'), chicago)
    // The server hears of the change from its file watcher (the error page reloads itself then): ask until it has.
    let fixed = await fetch(url)
    for (let i = 0; i < 100 && fixed.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100))
      fixed = await fetch(url)
    }
    expect(fixed.status).toBe(200)
    expect(await fixed.text()).toContain('data-n="2"')
    prototypeIsClean()
  })
})

describe('outputs never replace what the build did not make', () => {
  it('refuses to export onto the text through a symbolic link to the working folder', async () => {
    const root = makeEdition({text: TEXT})
    const link = join(tmp(), 'link')
    symlinkSync(root, link)
    const r = await runCli(['export', '--format', 'txt', '--root', root, '--out', join(link, 'edition/text.md')])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/would overwrite the edition's own files/)
    expect(readFileSync(join(root, 'edition/text.md'), 'utf8')).toBe(TEXT)
  })

  it('refuses to export onto the --style file, or to build into a folder that holds it', async () => {
    const root = makeEdition({text: TEXT, notes: {n1: note('met in November', '[@a]')}, references: [REF]})
    const dir = tmp()
    writeFileSync(join(dir, 'mine.csl'), chicago)
    const onto = await runCli(['export', '--format', 'txt', '--root', root, '--style', join(dir, 'mine.csl'), '--out', join(dir, 'mine.csl')])
    expect(onto.code).toBe(1)
    expect(onto.stderr).toMatch(/is a file the build reads/)
    writeFileSync(join(dir, MARKER), '')
    const into = await runCli(['build', '--root', root, '--style', join(dir, 'mine.csl'), '--out', dir])
    expect(into.code).toBe(1)
    expect(into.stderr).toMatch(/holds .*mine\.csl, which the build reads/)
    expect(readFileSync(join(dir, 'mine.csl'), 'utf8')).toBe(chicago)
  })

  it('finds a relative --style from the working folder, not from edition/', async () => {
    const root = makeEdition({text: TEXT, notes: {n1: note('met in November', '[@a]')}, references: [REF]})
    const work = tmp()
    writeFileSync(join(work, 'mine.csl'), chicago)
    const r = await run(process.execPath, [cli, 'check', '--root', root, '--style', 'mine.csl'], {cwd: work})
    expect(r.stderr).toMatch(new RegExp(`Citations formatted with ${join(work, 'mine.csl')}`))
  })

  it('puts the previous output back when a build was killed between its two renames, and clears what dead builds left', async () => {
    const root = makeEdition({text: TEXT})
    const parent = tmp()
    const out = join(parent, 'dist')
    expect((await runCli(['build', '--root', root, '--out', out])).code).toBe(0)
    // The state a kill between the renames leaves: the old output aside, the new one not yet in place.
    renameSync(out, join(parent, '.dist.old-999999'))
    mkdirSync(join(parent, '.dist.tmp-999998'))
    writeFileSync(join(parent, '.dist.tmp-999998', MARKER), '')
    writeFileSync(join(parent, '.dist.tmp-999998', 'index.html'), 'half')
    const r = await runCli(['build', '--root', root, '--out', out])
    expect(r.code, r.stderr).toBe(0)
    expect(readdirSync(parent)).toEqual(['dist'])
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('data-n="2"')
  })

  it('keeps a whole output through kill -9 at any moment of a build', async () => {
    const root = makeEdition({text: TEXT, notes: {n1: note('met in November', '[@a]')}, references: [REF]})
    const parent = tmp()
    const out = join(parent, 'dist')
    expect((await run(process.execPath, [cli, 'build', '--root', root, '--out', out])).stderr).toMatch(/wrote/)
    for (const delay of [500, 1100, 1700]) {
      const child = spawn(process.execPath, [cli, 'build', '--root', root, '--out', out], {stdio: 'ignore'})
      // Listened for from the start: a build may end before the kill.
      const exited = new Promise((r) => child.once('exit', r))
      await new Promise((r) => setTimeout(r, delay))
      child.kill('SIGKILL')
      await exited
      // The next build recovers whatever the kill left, and leaves one whole output.
      const next = await run(process.execPath, [cli, 'build', '--root', root, '--out', out])
      expect(next.stderr).toMatch(/wrote/)
      expect(readdirSync(parent)).toEqual(['dist'])
      expect(existsSync(join(out, 'index.html')) && existsSync(join(out, MARKER))).toBe(true)
    }
  }, 120_000)
})

describe('the stated bounds (model/limits.ts), each just below and just above', async () => {
  const L = await import('../src/model/limits.js')
  /** edition.yaml without a title: the read stage runs, nothing after it (so a 4 MiB text costs nothing). */
  const NO_TITLE = MINIMAL_YAML.replace('title: A test edition\n', '')
  const tooLarge = (r: {errors: string[]}, file: string) => r.errors.some((e) => e.includes(file) && /above the limit of/.test(e))
  /** `text` padded with spaces (or a YAML comment) to exactly `bytes` bytes. */
  const padded = (text: string, bytes: number, comment = '') => text + (comment ? `${comment}${' '.repeat(bytes - Buffer.byteLength(text) - comment.length - 1)}\n` : ' '.repeat(bytes - Buffer.byteLength(text)))

  it.each([
    ['the text', 'edition/text.md', L.MAX_TEXT_BYTES, (s: string) => s],
    ['a note file', 'annotations/notes/n1.md', L.MAX_FILE_BYTES, (s: string) => note('x', s)],
    ['references.json', 'annotations/references.json', L.MAX_REFERENCES_BYTES, (s: string) => `[]${s}`],
    ['references.bib', 'annotations/references.bib', L.MAX_REFERENCES_BYTES, (s: string) => `%${s}`],
    ['the introduction', 'edition/introduction.md', L.MAX_REFERENCES_BYTES, (s: string) => s]
  ])('reads %s of exactly its bound, and refuses one byte more', async (_name, file, max, wrap) => {
    const at = (bytes: number) => {
      const base = wrap('')
      return check({text: TEXT, yaml: NO_TITLE, files: {[file]: base + 'a'.repeat(bytes - Buffer.byteLength(base))}})
    }
    expect(tooLarge(await at(max), file)).toBe(false)
    expect(tooLarge(await at(max + 1), file)).toBe(true)
  })

  it('reads edition.yaml and a CSL style of exactly their bound, and refuses one byte more', async () => {
    const yaml = (bytes: number) => padded(MINIMAL_YAML, bytes, '#')
    expect((await check({text: TEXT, yaml: yaml(L.MAX_FILE_BYTES)})).code).toBe(0)
    expect(tooLarge(await check({text: TEXT, yaml: yaml(L.MAX_FILE_BYTES + 1)}), 'edition.yaml')).toBe(true)
    const csl = (bytes: number) => chicago.replace('</style>', '') + `<!--${' '.repeat(bytes - Buffer.byteLength(chicago) - 7)}-->` + '</style>'
    const withStyle = (bytes: number) => check({text: TEXT, yaml: MINIMAL_YAML.replace('style: chicago-author-date', 'style: s.csl'), notes: {n1: note('met in November', '[@a]')}, references: [REF], files: {'edition/s.csl': csl(bytes)}})
    expect((await withStyle(L.MAX_FILE_BYTES)).code).toBe(0)
    expect((await withStyle(L.MAX_FILE_BYTES + 1)).errors.join()).toMatch(/cannot be used: it is 1,048,577 bytes|above the limit of 1 MiB/)
  })

  it(`refuses YAML nested deeper than ${L.MAX_YAML_DEPTH} levels, and reads it at ${L.MAX_YAML_DEPTH}`, async () => {
    // The top-level map is level 1; `x:` holds levels 2 and on.
    const nested = (levels: number) => `${MINIMAL_YAML}x:\n${Array.from({length: levels - 1}, (_, i) => `${'  '.repeat(i + 1)}k:`).join('\n')} 1\n`
    const at = await check({text: TEXT, yaml: nested(L.MAX_YAML_DEPTH)})
    expect(at.errors.join('\n')).toMatch(/unknown key `x`/)
    expect(at.errors.join('\n')).not.toMatch(/nested more than/)
    expect((await check({text: TEXT, yaml: nested(L.MAX_YAML_DEPTH + 1)})).errors.join('\n')).toMatch(/YAML nested more than 32 levels deep/)
  })

  it('bounds a quote, its prefix and suffix, a form and the number of forms at their limits', async () => {
    const {validator} = await import('../src/read/schemas.js')
    const noteOk = validator('note.schema.json')
    const glossOk = validator('glossary.schema.json')
    const target = (t: object) => ({target: t, status: 'verified', author: 'T', created: '2026-01-01', modified: '2026-01-01'})
    const entry = (forms: string[]) => ({term: 't', forms, label: 'l', status: 'verified', author: 'T', created: '2026-01-01', modified: '2026-01-01'})
    expect(noteOk(target({exact: 'q'.repeat(L.MAX_QUOTE_CHARS)}))).toBe(true)
    expect(noteOk(target({exact: 'q'.repeat(L.MAX_QUOTE_CHARS + 1)}))).toBe(false)
    for (const side of ['prefix', 'suffix']) {
      expect(noteOk(target({exact: 'q', [side]: 'p'.repeat(L.MAX_CONTEXT_CHARS)}))).toBe(true)
      expect(noteOk(target({exact: 'q', [side]: 'p'.repeat(L.MAX_CONTEXT_CHARS + 1)}))).toBe(false)
    }
    expect(glossOk(entry(['f'.repeat(L.MAX_FORM_CHARS)]))).toBe(true)
    expect(glossOk(entry(['f'.repeat(L.MAX_FORM_CHARS + 1)]))).toBe(false)
    expect(glossOk(entry(Array.from({length: L.MAX_FORMS}, (_, i) => `f${i}`)))).toBe(true)
    expect(glossOk(entry(Array.from({length: L.MAX_FORMS + 1}, (_, i) => `f${i}`)))).toBe(false)
    // And a quote at the bound is searched for without a regular expression too large.
    const r = await check({text: TEXT, notes: {n1: note('word '.repeat(L.MAX_QUOTE_CHARS / 5).trim().slice(0, L.MAX_QUOTE_CHARS))}})
    expect(r.errors).toEqual([expect.stringMatching(/n1\.md:3:10: error: The quote `word word/)])
  })

  it(`reads ${L.MAX_ANNOTATIONS.toLocaleString('en')} glossary entries and notes, and refuses the next`, async () => {
    const notes = (n: number) => Object.fromEntries(Array.from({length: n}, (_, i) => [`n${String(i).padStart(5, '0')}`, 'x']))
    const at = await check({text: TEXT, yaml: NO_TITLE, notes: notes(L.MAX_ANNOTATIONS)})
    expect(at.errors.some((e) => /too-many/.test(e))).toBe(false)
    const above = await check({text: TEXT, yaml: NO_TITLE, notes: notes(L.MAX_ANNOTATIONS + 1)})
    expect(above.errors.filter((e) => /too-many/.test(e))).toEqual([expect.stringMatching(new RegExp(`n${L.MAX_ANNOTATIONS}\\.md:1:1: error: More than ${L.MAX_ANNOTATIONS.toLocaleString('en')} glossary entries and notes: this file and the 0 after it`))])
  }, 120_000)

  it(`refuses a CSL style nested deeper than ${L.MAX_STYLE_DEPTH}, and uses one at ${L.MAX_STYLE_DEPTH}`, async () => {
    // <style>, <citation> and <layout> are three levels; the groups make up the rest.
    const deep = (levels: number) => style(`${'<group>'.repeat(levels - 3)}<text variable="title"/>${'</group>'.repeat(levels - 3)}`)
    const run = (xml: string) => check({text: TEXT, yaml: MINIMAL_YAML.replace('style: chicago-author-date', 'style: s.csl'), notes: {n1: note('met in November', '[@a]')}, references: [REF], files: {'edition/s.csl': xml}})
    expect((await run(deep(L.MAX_STYLE_DEPTH))).code).toBe(0)
    expect((await run(deep(L.MAX_STYLE_DEPTH + 1))).errors.join()).toMatch(/nests 65 elements deep, more than the limit of 64/)
  })

  it(`bounds Markdown at ${L.MAX_MARKDOWN_DEPTH} levels (brackets, containers on a line, the tree) and ${L.MAX_EMPHASIS_MARKS_PER_PARAGRAPH} emphasis markers a paragraph, ${L.MAX_EMPHASIS_MARKS.toLocaleString('en')} a file`, async () => {
    const {beyondParser, tooDeepNode} = await import('../src/pipeline/markdown-bounds.js')
    const {unified} = await import('unified')
    const {default: remarkParse} = await import('remark-parse')
    const D = L.MAX_MARKDOWN_DEPTH
    const P = L.MAX_EMPHASIS_MARKS_PER_PARAGRAPH
    expect(beyondParser(`${'['.repeat(D)}x`)).toBeUndefined()
    expect(beyondParser(`${'['.repeat(D + 1)}x`)?.offset).toBe(D)
    expect(beyondParser(`a\n${'> '.repeat(D)}x`)).toBeUndefined()
    expect(beyondParser(`a\n${'> '.repeat(D + 1)}x`)?.offset).toBe(2)
    expect(beyondParser('*'.repeat(P))).toBeUndefined()
    expect(beyondParser('*'.repeat(P + 1))?.offset).toBe(P)
    // A blank line starts a paragraph's count again; the file's count goes on. Escaped markers are characters.
    const paragraphs = `${'*'.repeat(P)}\n\n`.repeat(L.MAX_EMPHASIS_MARKS / P)
    expect(beyondParser(paragraphs)).toBeUndefined()
    expect(beyondParser(`${paragraphs}*`)?.offset).toBe(paragraphs.length)
    expect(beyondParser('\\*'.repeat(P + 1))).toBeUndefined()
    // Emphasis within emphasis: the paragraph is level 1, each emphasis one more, the text one more.
    const nested = (k: number) => unified().use(remarkParse).parse(`${'*a '.repeat(k)}x${' b*'.repeat(k)}`)
    expect(tooDeepNode(nested(D - 2))).toBeUndefined()
    expect(tooDeepNode(nested(D - 1))).toMatchObject({type: 'text', value: 'a x b'})
  })

  it(`lists ${L.MAX_MESSAGES_PER_FILE} schema problems of a file, and counts the rest in one more`, async () => {
    const keys = (n: number) => MINIMAL_YAML + Array.from({length: n}, (_, i) => `k${i}: 1`).join('\n') + '\n'
    expect((await check({text: TEXT, yaml: keys(L.MAX_MESSAGES_PER_FILE)})).errors).toHaveLength(L.MAX_MESSAGES_PER_FILE)
    const above = await check({text: TEXT, yaml: keys(L.MAX_MESSAGES_PER_FILE + 1)})
    expect(above.errors).toHaveLength(L.MAX_MESSAGES_PER_FILE + 1)
    expect(above.errors.at(-1)).toMatch(/1 more problems of the same kinds are not listed/)
  })

  it('states the same bounds in the published schemas as in model/limits.ts', () => {
    const schema = (name: string) => JSON.parse(readFileSync(join(repo, 'schema', name), 'utf8'))
    const target = schema('note.schema.json').properties.target.properties
    expect([target.exact.maxLength, target.prefix.maxLength, target.suffix.maxLength]).toEqual([L.MAX_QUOTE_CHARS, L.MAX_CONTEXT_CHARS, L.MAX_CONTEXT_CHARS])
    const forms = schema('glossary.schema.json').properties.forms
    expect([forms.items.maxLength, forms.maxItems]).toEqual([L.MAX_FORM_CHARS, L.MAX_FORMS])
  })
})

describe('an output that cannot be written is said, never a stack trace or a hang', () => {
  /** The CLI in its own process (as users run it), with a time limit: a hang fails the test instead of holding the suite. */
  const edition = (args: string[], options: {cwd?: string; stdio?: 'full'} = {}) =>
    new Promise<{code: number | null; stderr: string}>((done) => {
      const out = options.stdio === 'full' ? openSync('/dev/full', 'w') : 'ignore'
      const child = spawn(process.execPath, [cli, ...args], {cwd: options.cwd ?? tmpdir(), stdio: ['ignore', out, 'pipe'], timeout: 60_000})
      let stderr = ''
      child.stderr!.on('data', (d) => (stderr += String(d)))
      child.once('close', (code) => done({code, stderr}))
    })
  const NODE_TRACE = /node:internal|^\s+at /m

  it('refuses --out where no folder can be made (/proc, /sys) with exit 1, for build, export and init alike', async () => {
    const root = makeEdition({text: TEXT})
    const witness = join(tmp(), 'w.txt')
    writeFileSync(witness, TEXT)
    // Node's own recursive mkdir spun forever under /proc; EPERM under /sys was an internal error (70).
    for (const [args, where] of [
      [['build', '--root', root, '--out', '/proc/edition-out'], '/proc/edition-out'],
      [['build', '--root', root, '--out', '/proc/no/such/folder'], '/proc/no/such/folder'],
      [['export', '--format', 'txt', '--root', root, '--out', '/proc/no/such/file.txt'], '/proc/no/such/file.txt'],
      [['init', '/proc/edition-new', '--witness', witness], '/proc/edition-new']
    ] as const) {
      const r = await edition([...args])
      expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(1)
      expect(r.stderr).toMatch(/cannot be written: E[A-Z]+: .*; nothing written/)
      expect(r.stderr).not.toMatch(NODE_TRACE)
      expect(existsSync(where)).toBe(false)
    }
  }, 300_000)

  it('says when standard output is full (exit 1), and ends quietly when it is closed (`| head`)', async () => {
    const root = makeEdition({text: TEXT})
    const full = await edition(['export', '--format', 'json', '--root', root, '--quiet'], {stdio: 'full'})
    expect(full.code).toBe(1)
    expect(full.stderr).toMatch(/edition: cannot write to standard output: ENOSPC/)
    expect(full.stderr).not.toMatch(NODE_TRACE)
    // A reader that stops reading after a few bytes, as `head -c 10` does.
    const closed = await new Promise<{code: number | null; stderr: string}>((done) => {
      const child = spawn(process.execPath, [cli, 'export', '--format', 'json', '--root', root, '--quiet'], {stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000})
      let stderr = ''
      child.stderr.on('data', (d) => (stderr += String(d)))
      child.stdout.once('data', () => child.stdout.destroy())
      child.once('close', (code) => done({code, stderr}))
    })
    expect(closed.stderr).not.toMatch(NODE_TRACE)
    expect(closed.code).toBe(0)
  }, 120_000)
})

describe('the editors’ commands read the user’s own files as the edition’s: regular files, bounded, UTF-8', () => {
  /** The CLI in its own process, stdin from `input` (a path) when given, with a time limit. */
  const edition = (args: string[], input?: string) =>
    new Promise<{code: number | null; stderr: string}>((done) => {
      const child = spawn(process.execPath, [cli, ...args], {cwd: tmpdir(), stdio: [input ? openSync(input, 'r') : 'ignore', 'ignore', 'pipe'], timeout: 60_000})
      let stderr = ''
      child.stderr!.on('data', (d) => (stderr += String(d)))
      child.once('close', (code) => done({code, stderr}))
    })

  it('refuses a device or a pipe as the file to add or import, before reading a byte', async () => {
    const root = makeEdition({text: TEXT, references: [REF], notes: {n1: note('met in November', '[@a]')}})
    const fifo = join(tmp(), 'refs.bib')
    execFileSync('mkfifo', [fifo])
    for (const args of [['ref', 'add', '/dev/zero'], ['ref', 'add', fifo], ['import', '/dev/zero'], ['import', fifo]]) {
      const r = await edition([...args, '--root', root])
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(1)
      expect(r.stderr).toMatch(/: error: `.*` is not a regular file \(a device, a pipe or a socket\)/)
    }
  }, 300_000)

  it('refuses standard input above the bound of an annotation file (`--body - < /dev/zero`)', async () => {
    const root = makeEdition({text: TEXT})
    const r = await edition(['annotate', '--root', root, '--quote', 'met in November', '--body', '-'], '/dev/zero')
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/<stdin>: error: Standard input is above the limit of 1 MiB/)
    expect(existsSync(join(root, 'annotations/notes'))).toBe(false)
  }, 120_000)

  it('locates invalid UTF-8 in a file to add or import, and in a body from standard input, instead of changing the text', async () => {
    const root = makeEdition({text: TEXT, references: [REF], notes: {n1: note('met in November', '[@a]')}})
    const dir = tmp()
    writeFileSync(join(dir, 'refs.json'), Buffer.from('[{"id": "caf\xe9", "type": "book"}]\n', 'latin1'))
    writeFileSync(join(dir, 'notes.jsonld'), Buffer.from('{"type": "Annotation", "body": "Caf\xe9"}\n', 'latin1'))
    writeFileSync(join(dir, 'body.md'), Buffer.from('Caf\xe9 [@a].\n', 'latin1'))
    const refs = await edition(['ref', 'add', join(dir, 'refs.json'), '--root', root])
    expect(refs.stderr).toMatch(/refs\.json:1:13: error: Invalid UTF-8 \(byte 0xe9/)
    const imported = await edition(['import', join(dir, 'notes.jsonld'), '--root', root])
    expect(imported.stderr).toMatch(/notes\.jsonld:1:36: error: Invalid UTF-8 \(byte 0xe9/)
    const body = await edition(['annotate', '--root', root, '--quote', 'union leaders', '--body', '-'], join(dir, 'body.md'))
    expect(body.stderr).toMatch(/<stdin>:1:4: error: Invalid UTF-8 \(byte 0xe9/)
    for (const r of [refs, imported, body]) expect(r.code).toBe(1)
    expect(readFileSync(join(root, 'annotations/references.json'), 'utf8')).not.toContain('caf')
    expect(readdirSync(join(root, 'annotations/notes'))).toEqual(['n1.md'])
  }, 300_000)
})
