/**
 * A new edition in ten minutes (issue 14): `edition init` from a witness, a second edition of a
 * different kind annotated by hand, built and exported, with nothing in its outputs that speaks
 * of an abstract or an article, or that names a folder of the machine it was built on.
 */
import {cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {execFile} from 'node:child_process'
import {promisify} from 'node:util'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'
import {runCli} from './helpers/cli.js'
import {deriveText} from '../src/text/derive.js'
import {establish} from '../src/text/witness.js'
import {loadEdition} from '../src/load/index.js'

const run = promisify(execFile)
const repo = fileURLToPath(new URL('../', import.meta.url))
const tmp = (prefix = 'edition-init-') => mkdtempSync(join(tmpdir(), prefix))

const LETTER = `Moscow, 2 March 1936

To the Secretariat of the VTsSPS

Dear Comrades,

The shock workers of shop no. 4 met on 28 February. They resolved to raise the norm by a fifth
and asked the factory committee to publish the names of the best workers every week.

1. The norm is to be raised at once.
2. The names are to be posted at the gate.

With comradely greetings,
I. Ivanov, chairman of the factory committee
`

const BOOK_PAGE = `CHAPTER III

THE UNIONS AND THE PLAN

In the spring of 1936 the unions were asked to do two things at once: to defend the worker's
wage and to raise the worker's output. "Socialist competition," wrote one secretary, "is the
answer to both." The reader will see that it was not.

The figures below are from the Council's own report (pp. 12–14) & they speak for themselves.
`

/** Files a build wrote, by name. */
const dist = (dir: string) => Object.fromEntries(readdirSync(dir).filter((f) => !f.startsWith('.')).map((f) => [f, readFileSync(join(dir, f))]))

/** Words the toolkit must not put in an edition that is neither an abstract nor an article (`<article>` is HTML, not a word). */
const speaksOf = (content: string) => /\babstract|\barticle\b/i.exec(content.replace(/<\/?article\b|\barticle(?=\.entry|\s*\{|\.note|\.gloss)/g, ''))?.[0]

describe('edition init', () => {
  it('makes a complete edition from a witness, which checks and builds at once', async () => {
    const dir = join(tmp(), 'letter')
    const witness = join(tmp(), 'letter-1936.txt')
    writeFileSync(witness, LETTER)
    const made = await runCli(['init', dir, '--witness', witness, '--title', 'A letter to the VTsSPS, 1936', '--language', 'en'])
    expect(made.code, made.stderr).toBe(0)
    expect(made.stderr).toMatch(/edition: ok: \d+ sentences/)
    for (const f of ['edition/edition.yaml', 'edition/text.md', 'edition/witness/letter-1936.txt', 'annotations/references.json', 'annotations/glossary/example.md.txt', 'annotations/notes/example.md.txt', '.gitignore']) {
      expect(existsSync(join(dir, f)), f).toBe(true)
    }
    // The witness byte for byte; every key of edition.yaml present, each with its comment.
    expect(readFileSync(join(dir, 'edition/witness/letter-1936.txt'), 'utf8')).toBe(LETTER)
    const yaml = readFileSync(join(dir, 'edition/edition.yaml'), 'utf8')
    for (const key of ['title', 'subtitle', 'language', 'editors', 'version', 'date', 'url', 'licence', 'source', 'work', 'unknown', 'holds', 'repository', 'record', 'captured', 'style', 'witness', 'interventions']) {
      expect(yaml, key).toMatch(new RegExp(`^\\s*#?\\s*-?\\s*${key}:`, 'm'))
    }
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toContain('dist/')
    const built = await runCli(['build', '--root', dir])
    expect(built.code, built.stderr).toBe(0)
    expect(existsSync(join(dir, 'dist/index.html'))).toBe(true)
  })

  it('names only CSL types where edition.yaml and the schema list them (a letter is `personal_communication`; CSL has no `letter`)', async () => {
    const dir = join(tmp(), 'types')
    const witness = join(tmp(), 'w.txt')
    writeFileSync(witness, 'A text.\n')
    expect((await runCli(['init', dir, '--witness', witness])).code).toBe(0)
    const schema = readFileSync(join(repo, 'schema/edition.schema.json'), 'utf8')
    const types: string[] = JSON.parse(schema).properties.source.properties.work.properties.type.enum
    // Every list of types, in the comments of the edition.yaml init writes and in the schema's descriptions.
    const yaml = readFileSync(join(dir, 'edition/edition.yaml'), 'utf8').replace(/\n\s*#\s*/g, ' ')
    const lists = [yaml, schema].flatMap((t) => [...t.matchAll(/(?:[\w-]+(?: \([^)]*\))?, )+[\w-]+(?: \([^)]*\))?/g)].map((m) => m[0]).filter((l) => l.includes('article-journal')))
    expect(lists.length).toBeGreaterThanOrEqual(3)
    for (const name of lists.flatMap((l) => l.split(', ')).map((n) => n.replace(/ \(.*\)$/, ''))) expect(types, name).toContain(name)
  })

  it('records, as interventions, each character Markdown would read as markup, so the text cites its witness', async () => {
    const witness = '# Not a heading\n\n1936. A year.\n\n- a dash\n\n> a quote\n\n    indented\n\nA <tag> and &amp; and ![x](y).\n'
    const d = deriveText(witness)
    expect(d.left).toEqual([])
    expect(d.text).toBe('\\# Not a heading\n\n1936\\. A year.\n\n\\- a dash\n\n\\> a quote\n\nindented\n\nA \\<tag> and \\&amp; and \\![x](y).\n')
    expect(establish(witness, d.interventions).text).toBe(d.text)
    expect(d.interventions.map((i) => [i.line, i.column, i.original, i.reading])).toEqual([
      [1, 1, '#', '\\#'],
      [3, 5, '.', '\\.'],
      [5, 1, '-', '\\-'],
      [7, 1, '>', '\\>'],
      [9, 1, '    ', ''],
      [11, 3, '<', '\\<'],
      [11, 13, '&', '\\&'],
      [11, 23, '!', '\\!']
    ])
  })

  it('makes an edition whose text passes the text rules, from a witness full of markup', async () => {
    const dir = join(tmp(), 'markup')
    const witness = join(tmp(), 'w.txt')
    writeFileSync(witness, '## Title\n===\n\n* one\n* two\n  + nested\n\n> > twice quoted\n> - and listed\n\n***\n\n[ref]: https://example.org\n\n```\nfenced\n```\n\n<div>html</div>\n\nText &copy; 1936.\n')
    const made = await runCli(['init', dir, '--witness', witness])
    expect(made.code, made.stderr).toBe(0)
    expect(made.stderr).not.toMatch(/: error:/)
  })

  it('refuses a folder that holds anything, and writes nothing', async () => {
    const dir = tmp()
    writeFileSync(join(dir, 'notes.txt'), 'mine')
    const witness = join(tmp(), 'w.txt')
    writeFileSync(witness, 'A text.\n')
    const r = await runCli(['init', dir, '--witness', witness])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/is not empty: init makes a new edition in an empty or new folder/)
    expect(readdirSync(dir)).toEqual(['notes.txt'])
  })

  it('asks for a witness, and refuses one that is not UTF-8 at its line and column', async () => {
    const none = await runCli(['init', join(tmp(), 'x')])
    expect(none.code).toBe(2)
    expect(none.stderr).toMatch(/init needs --witness FILE/)
    const witness = join(tmp(), 'latin1.txt')
    writeFileSync(witness, Buffer.from('First line.\nCaf\xe9 here.\n', 'latin1'))
    const dir = join(tmp(), 'y')
    const bad = await runCli(['init', dir, '--witness', witness])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/latin1\.txt:2:4: error: Invalid UTF-8/)
    expect(existsSync(dir)).toBe(false)
  })
})

/** Write a file of an edition, by path relative to its root. */
const put = (root: string, path: string, content: string) => {
  mkdirSync(join(root, path, '..'), {recursive: true})
  writeFileSync(join(root, path), content)
}

/** Replace edition.yaml's source (init's placeholder) with a description of the work. */
const describeSource = (root: string, source: string) => {
  const path = join(root, 'edition/edition.yaml')
  const yaml = readFileSync(path, 'utf8')
  const start = yaml.indexOf('\nsource:\n')
  const end = yaml.indexOf('\n# Citation style')
  writeFileSync(path, `${yaml.slice(0, start)}\n${source}\n${yaml.slice(end)}`)
}

describe('a second edition, of a different kind, from init to exports', () => {
  it('makes an archival letter’s edition with BibTeX references, and no output speaks of an abstract or an article, or names a local folder', async () => {
    const root = join(tmp('edition-letter-'), 'letter')
    const witness = join(tmp(), 'letter-1936.txt')
    writeFileSync(witness, LETTER)
    expect((await runCli(['init', root, '--witness', witness, '--title', 'A letter to the VTsSPS, 1936'])).code).toBe(0)
    describeSource(
      root,
      `source:
  work:
    type: personal_communication
    title: "Letter of the factory committee of shop no. 4 to the VTsSPS"
    author: [{family: "Ivanov", given: "I."}]
    recipient: [{literal: "Secretariat of the VTsSPS"}]
    issued: {date-parts: [[1936, 3, 2]]}
    archive: "State Archive of the Russian Federation"
    archive_location: "f. 5451, op. 19, d. 1, l. 3"
  holds: "The whole letter, one typed page, transcribed from a photograph."
  repository: "State Archive of the Russian Federation"
  record: "f. 5451, op. 19, d. 1, l. 3"`
    )
    put(root, 'annotations/references.bib', '% The works the notes cite.\n\n@book{siegelbaum1988,\n  author = {Siegelbaum, Lewis H.},\n  title = {Stakhanovism and the Politics of Productivity in the USSR, 1935--1941},\n  publisher = {Cambridge University Press},\n  year = {1988}\n}\n')
    rmSync(join(root, 'annotations/references.json'))
    put(root, 'annotations/glossary/vtsps.md', '---\nterm: VTsSPS\nforms: [VTsSPS]\nlabel: All-Union Central Council of Trade Unions\nstatus: verified\nauthor: Test Editor\ncreated: 2026-01-01\nmodified: 2026-01-01\n---\nThe central body of the Soviet trade unions [@siegelbaum1988, 99].\n')
    put(root, 'annotations/notes/norm.md', '---\ntarget:\n  exact: raise the norm by a fifth\nstatus: verified\nauthor: Test Editor\ncreated: 2026-01-01\nmodified: 2026-01-01\n---\nRaised norms followed the record campaigns [@siegelbaum1988, 66–98].\n')

    // Once it has an address (the one warning a new edition gets until it is published)
    const yamlPath = join(root, 'edition/edition.yaml')
    writeFileSync(yamlPath, readFileSync(yamlPath, 'utf8').replace('# url: "https://example.org/my-edition/"', 'url: "https://example.org/letter/"'))
    const built = await runCli(['build', '--root', root])
    expect(built.code, built.stderr).toBe(0)
    expect(built.stderr).not.toMatch(/warning/)
    const out = dist(join(root, 'dist'))
    expect(Object.keys(out).sort()).toEqual(['annotations.jsonld', 'ceteicean-behaviours.js', 'edition.html', 'edition.json', 'edition.md', 'edition.txt', 'edition.xml', 'index.html', 'references.bib', 'references.json'])
    for (const [name, bytes] of Object.entries(out)) {
      const content = bytes.toString('utf8')
      expect(speaksOf(content), name).toBeUndefined()
      for (const local of [root, tmpdir(), repo, process.cwd()]) expect(content.includes(local), `${name} holds ${local}`).toBe(false)
    }
    const txt = out['edition.txt']!.toString('utf8')
    expect(txt).toMatch(/letter/i)
    expect(txt).toContain('Ivanov')
    const json = JSON.parse(out['edition.json']!.toString('utf8')) as {annotations: {id: string; file: string}[]}
    expect(json.annotations.map((a) => a.file).sort()).toEqual(['annotations/glossary/vtsps.md', 'annotations/notes/norm.md'])
    // Exported one at a time as well, to standard output.
    const tei = await runCli(['export', '--format', 'tei', '--root', root])
    expect(tei.code).toBe(0)
    expect(tei.stdout).toContain('<s xml:id=')
    expect(speaksOf(tei.stdout)).toBeUndefined()
  })

  it('makes a book page’s edition with CSL-JSON references; built from two folders, its outputs are the same bytes', async () => {
    const first = join(tmp('edition-book-'), 'book')
    const witness = join(tmp(), 'page-47.txt')
    writeFileSync(witness, BOOK_PAGE)
    const made = await runCli(['init', first, '--witness', witness, '--title', 'The unions and the plan, p. 47'])
    expect(made.code, made.stderr).toBe(0)
    describeSource(
      first,
      `source:
  work:
    type: book
    title: "The Unions and the Plan"
    publisher: "Profizdat"
    publisher-place: "Moscow"
    issued: {date-parts: [[1937]]}
    page: "47"
  unknown: [author]
  unknown-note: "The title page of the copy is lost."
  holds: "Page 47, transcribed from the printed copy."`
    )
    put(first, 'annotations/references.json', JSON.stringify([{id: 'davies1996', type: 'book', title: 'Crisis and Progress in the Soviet Economy, 1931–1933', author: [{family: 'Davies', given: 'R. W.'}], publisher: 'Macmillan', issued: {'date-parts': [[1996]]}}], null, 2))
    put(first, 'annotations/notes/competition.md', '---\ntarget:\n  exact: Socialist competition\nstatus: disputed\nauthor: Test Editor\ncreated: 2026-01-01\nmodified: 2026-01-01\n---\nThe phrase had a long history before 1936 [@davies1996, 12].\n')

    // The same edition in a second folder, with a different path, built from another working folder.
    const second = join(tmp('edition-elsewhere-'), 'a', 'much', 'longer', 'path', 'book')
    mkdirSync(join(second, '..'), {recursive: true})
    cpSync(first, second, {recursive: true})
    const a = await run(process.execPath, [join(repo, 'bin/edition.js'), 'build', '--root', first], {cwd: tmpdir()})
    const b = await run(process.execPath, [join(repo, 'bin/edition.js'), 'build'], {cwd: second})
    expect(a.stderr).toMatch(/warning: The note is marked `disputed`: readers are told so \[status-disputed\]/)
    expect(b.stderr).toMatch(/edition: wrote dist\/index\.html/)
    const one = dist(join(first, 'dist'))
    const two = dist(join(second, 'dist'))
    expect(Object.keys(two)).toEqual(Object.keys(one))
    for (const name of Object.keys(one)) {
      expect(two[name]!.equals(one[name]!), `${name} differs between the two folders`).toBe(true)
      expect(speaksOf(one[name]!.toString('utf8')), name).toBeUndefined()
    }
    expect(one['edition.txt']!.toString('utf8')).toMatch(/book’s author is not known/)
  })
})

describe('an edition outside the toolkit’s folder, as the README’s quick start makes it', () => {
  it('installs the toolkit’s command from its folder, and runs init and build in a folder of its own', async () => {
    const prefix = tmp('edition-prefix-')
    await run('npm', ['install', '--global', '--prefix', prefix, repo, '--offline', '--no-audit', '--no-fund'], {cwd: tmpdir()})
    const edition = join(prefix, 'bin', 'edition')
    const home = tmp('edition-home-')
    writeFileSync(join(home, 'letter.txt'), LETTER)
    const made = await run(edition, ['init', 'my-letter', '--witness', 'letter.txt'], {cwd: home})
    expect(made.stderr).toMatch(/edition: ok: /)
    const built = await run(edition, ['build'], {cwd: join(home, 'my-letter')})
    expect(built.stderr).toMatch(/wrote dist\/index\.html/)
    expect(existsSync(join(home, 'my-letter/dist/index.html'))).toBe(true)
    // Nothing was written into the toolkit's own folder.
    expect(existsSync(join(repo, 'my-letter'))).toBe(false)
  })
})

describe('check still checks the annotations when the text differs from its witness', () => {
  it('reports the text/witness mismatch and a quote not found, in one run', async () => {
    const dir = join(tmp(), 'e')
    const witness = join(tmp(), 'w.txt')
    writeFileSync(witness, 'The first sentence. The second sentence.\n')
    expect((await runCli(['init', dir, '--witness', witness])).code).toBe(0)
    writeFileSync(join(dir, 'edition/text.md'), 'The first sentence. The 2nd sentence.\n')
    put(dir, 'annotations/notes/n1.md', '---\ntarget:\n  exact: no such words\nstatus: verified\nauthor: T\ncreated: 2026-01-01\nmodified: 2026-01-01\n---\nA note.\n')
    const {files} = await loadEdition(dir)
    const errors = files.flatMap((f) => f.messages.filter((m) => m.fatal).map((m) => m.ruleId))
    expect(errors).toContain('text-witness')
    expect(errors).toContain('quote-not-found')
  })
})
