/**
 * The editors' commands, run as an editor runs them: each writes the files an editor would write
 * by hand, checked before writing, and prints what it wrote; each error is a usage error (exit 2)
 * or `file:line:col: message` (exit 1), and nothing is written.
 */
import {execFileSync} from 'node:child_process'
import {existsSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {parse as parseYaml} from 'yaml'
import {COMMANDS} from '../src/cli/main.js'
import {createFile, FileConflict} from '../src/edit/files.js'
import {loadEdition} from '../src/load/index.js'
import {textHash} from '../src/anchor/types.js'
import {runCli} from './helpers/cli.js'
import {gloss, makeEdition, note} from './helpers/fixture.js'
import {copyEdition, read, REPO, run} from './fixtures/edition-copy.js'

const TEXT = 'The VTsSPS met in November 1935. The union leaders hesitated. The union leaders hesitated again.\n'
const REFS = [
  {id: 'siegelbaum1988', type: 'book', title: 'Stakhanovism and the Politics of Productivity in the USSR, 1935-1941', author: [{family: 'Siegelbaum', given: 'Lewis H.'}], issued: {'date-parts': [[1988]]}, ISBN: '9780521345484'},
  {id: 'filtzer2002', type: 'article-journal', title: 'Soviet workers and late Stalinism', issued: {'date-parts': [[2002]]}, DOI: '10.1080/0966813022000008447'}
]
const small = (extra: Parameters<typeof makeEdition>[0] = {text: TEXT}) =>
  makeEdition({references: REFS, glossary: {vtsps: gloss('VTsSPS', ['VTsSPS'], 'The council [@siegelbaum1988].')}, notes: {n0: note('met in November 1935', 'Cites [@filtzer2002].')}, ...extra})
const notes = (root: string) => readdirSync(join(root, 'annotations/notes')).sort()
const errorsOf = async (root: string) => (await loadEdition(root)).files.flatMap((f) => f.messages.filter((m) => m.fatal).map((m) => `${f.path}: ${m.reason}`))
const today = /^\d{4}-\d{2}-\d{2}$/

describe('edition annotate', () => {
  it('writes the note an editor would write, prints it, and the edition checks without errors', async () => {
    const root = small()
    const r = await run(root, 'annotate', '--quote', 'The VTsSPS met', '--body', 'See [@siegelbaum1988, 66].', '--status', 'verified', '--author', 'A. Editor')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toContain('edition: wrote annotations/notes/the-vtssps-met.md (sentence 1)')
    const file = read(root, 'annotations/notes/the-vtssps-met.md')
    expect(r.stdout).toBe(file)
    const [, front, body] = /^---\n([\s\S]*?)---\n([\s\S]*)$/.exec(file)!
    const data = parseYaml(front!) as Record<string, unknown>
    expect(data).toMatchObject({id: 'the-vtssps-met', target: {exact: 'The VTsSPS met', position: 0, text: textHash(TEXT.trim())}, status: 'verified', author: 'A. Editor'})
    expect(String(data.created)).toMatch(today)
    expect(body).toBe('See [@siegelbaum1988, 66].\n')
    expect(await errorsOf(root)).toEqual([])
    const {edition} = await loadEdition(root)
    expect(edition!.annotations.find((a) => a.id === 'the-vtssps-met')).toMatchObject({anchor: {state: 'anchored'}, targets: [{start: 0, end: 14}]})
  })

  it('refuses an ambiguous quote, showing each place in context with the prefix or suffix that settles it; writes nothing', async () => {
    const root = small()
    const r = await run(root, 'annotate', '--quote', 'The union leaders hesitated', '--body', 'A note.')
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('edition annotate: the quote “The union leaders hesitated” is found 2 times; say which with the option shown after it:')
    expect(r.stderr).toContain('  sentence 2: …VTsSPS met in November 1935. [The union leaders hesitated]. The union leaders hesitated again.   --suffix "." or --sentence 2')
    expect(r.stderr).toContain('  sentence 3: …1935. The union leaders hesitated. [The union leaders hesitated] again.   --suffix " again." or --sentence 3')
    expect(notes(root)).toEqual(['n0.md'])
  })

  it('with --sentence, picks the place in that sentence and writes the context that settles it', async () => {
    const root = small()
    const r = await run(root, 'annotate', '--quote', 'The union leaders hesitated', '--sentence', '3', '--body', 'Again.')
    expect(r.code, r.stderr).toBe(0)
    expect(read(root, 'annotations/notes/the-union-leaders-hesitated.md')).toContain('target:\n  exact: The union leaders hesitated\n  suffix: " again."\n  position: 62\n')
    const {edition} = await loadEdition(root)
    expect(edition!.annotations.find((a) => a.id === 'the-union-leaders-hesitated')!.targets[0]).toMatchObject({start: 62})
  })

  it('anchors by --prefix or --suffix as given, and refuses one that does not fit', async () => {
    const root = small()
    expect((await run(root, 'annotate', '--quote', 'union leaders hesitated', '--suffix', ' again', '--body', 'x')).code).toBe(0)
    const wrong = await run(root, 'annotate', '--quote', 'union leaders hesitated', '--prefix', 'Our ', '--body', 'x')
    expect(wrong.code).toBe(2)
    expect(wrong.stderr).toContain('the quote “union leaders hesitated” is in the text (sentence 2, 3), but not with this prefix/suffix')
  })

  it('refuses a quote that is not in the text, naming the nearest passage', async () => {
    const r = await run(small(), 'annotate', '--quote', 'met in Novmber', '--body', 'x')
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('edition annotate: the quote “met in Novmber” is not in the text; the nearest passage is “met in November” (sentence 1)')
  })

  it('refuses an id that is not valid, is reserved, or is taken', async () => {
    const root = small()
    for (const [id, why] of [['Bad_Id', 'is not a valid id'], ['panel', 'is reserved'], ['vtsps', 'is taken by another annotation'], ['vtsps-2', 'taken by the places `vtsps` occurs']]) {
      const r = await run(root, 'annotate', '--quote', 'The VTsSPS met', '--body', 'x', '--id', id!)
      expect(r.code, id).toBe(2)
      expect(r.stderr).toContain(why)
    }
    expect(notes(root)).toEqual(['n0.md'])
  })

  it('refuses a body that cites a work not in the bibliography, at its line and column; writes nothing', async () => {
    const root = small()
    const r = await run(root, 'annotate', '--quote', 'The VTsSPS met', '--body', 'First line.\nSee [@nobody1999].', '--id', 'met')
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/annotations\/notes\/met\.md:13:6: error: Unknown citation key `@nobody1999`: it is not in the bibliography \[citation-key\]/)
    expect(r.stderr).toContain('edition annotate: This note would give the edition errors; nothing was written')
    expect(existsSync(join(root, 'annotations/notes/met.md'))).toBe(false)
  })

  it('reads the body from standard input with --body -', () => {
    const root = small()
    const out = execFileSync('node', [join(REPO, 'bin/edition.js'), 'annotate', '--root', root, '--quote', 'The VTsSPS met', '--body', '-'], {input: 'From *standard input* [@siegelbaum1988].\n', encoding: 'utf8'})
    expect(out).toContain('From *standard input* [@siegelbaum1988].')
    expect(read(root, 'annotations/notes/the-vtssps-met.md')).toMatch(/---\nFrom \*standard input\* \[@siegelbaum1988\]\.\n$/)
  })

  it('refuses to add to an edition that has errors, printing them', async () => {
    const root = small({text: TEXT, notes: {n0: note('met in November 1935', 'Cites [@filtzer2002].'), broken: note('not in the text at all')}})
    const r = await run(root, 'annotate', '--quote', 'The VTsSPS met', '--body', 'x')
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/annotations\/notes\/broken\.md:3:10: error: The quote `not in the text at all` is not in the text/)
    expect(r.stderr).toContain('the edition has errors; correct them first')
  })

  it('says what is missing or wrong in the options, with exit 2', async () => {
    const root = small()
    for (const [args, message] of [
      [['--body', 'x'], '--quote is required'],
      [['--quote', 'The VTsSPS met'], 'give the text with --body'],
      [['--quote', 'The VTsSPS met', '--body', 'x', '--status', 'probable'], '--status must be verified, unverified or disputed'],
      [['--quote', 'The VTsSPS met', '--body', 'x', '--sentence', 'two'], '--sentence must be a sentence number'],
      [['--quote', 'The VTsSPS met', '--body', 'x', '--sentence', '9'], '--sentence 9: the text has 3 sentences'],
      [['--quote', 'The VTsSPS met', '--body', '  '], 'the note has no text'],
      [['--quote', 'x', '--body', 'x', '--colour', 'red'], "Unknown option '--colour'"]
    ] as const) {
      const r = await run(root, 'annotate', ...args)
      expect(r.code, message).toBe(2)
      expect(r.stderr).toContain(message)
    }
  })
})

describe('writing files', () => {
  it('never overwrites an existing file, and leaves no temporary file behind', async () => {
    const root = small()
    const path = join(root, 'annotations/notes/n0.md')
    const before = readFileSync(path, 'utf8')
    await expect(createFile(path, 'other')).rejects.toBeInstanceOf(FileConflict)
    expect(readFileSync(path, 'utf8')).toBe(before)
    expect(readdirSync(join(root, 'annotations/notes'))).toEqual(['n0.md'])
  })
})

describe('edition gloss', () => {
  it('writes the entry, says where its forms are linked, and the edition checks without errors', async () => {
    const root = small()
    const r = await run(root, 'gloss', '--term', 'union leaders', '--form', 'union leaders', '--label', 'The leaders of the trade unions', '--original', 'профсоюзные руководители', '--transliteration', 'profsoiuznye rukovoditeli', '--lang', 'ru', '--same-as', 'https://www.wikidata.org/wiki/Q178790', '--body', 'The secretaries [@siegelbaum1988].')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toContain('edition: wrote annotations/glossary/union-leaders.md (linked at 2 places: sentence 2, 3)')
    const data = parseYaml(/^---\n([\s\S]*?)---/.exec(read(root, 'annotations/glossary/union-leaders.md'))![1]!) as Record<string, unknown>
    expect(data).toMatchObject({id: 'union-leaders', term: 'union leaders', forms: ['union leaders'], label: 'The leaders of the trade unions', original: {text: 'профсоюзные руководители', transliteration: 'profsoiuznye rukovoditeli', language: 'ru'}, sameAs: ['https://www.wikidata.org/wiki/Q178790'], status: 'unverified'})
    expect(await errorsOf(root)).toEqual([])
  })

  it('refuses a form that matches nothing, naming it, before writing', async () => {
    const root = small()
    const r = await run(root, 'gloss', '--term', 'union leaders', '--form', 'union leaders', '--form', 'union bosses', '--label', 'x', '--body', 'x')
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('  --form: the form `union bosses` matches nothing in the text or in any note')
    expect(existsSync(join(root, 'annotations/glossary/union-leaders.md'))).toBe(false)
  })

  it('refuses a form that would take another entry’s only occurrences, naming that entry', async () => {
    const root = small()
    const r = await run(root, 'gloss', '--term', 'the VTsSPS', '--form', 'The VTsSPS', '--label', 'x', '--body', 'x')
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/annotations\/glossary\/vtsps\.md:3:\d+: error: The form `VTsSPS` matches nothing/)
  })

  it('says what is missing or wrong in the options, with exit 2', async () => {
    const root = small()
    for (const [args, message] of [
      [['--form', 'x', '--label', 'x', '--body', 'x'], '--term is required'],
      [['--term', 'x', '--label', 'x', '--body', 'x'], 'give at least one --form'],
      [['--term', 'x', '--form', 'x', '--body', 'x'], '--label is required'],
      [['--term', 'x', '--form', 'x', '--label', 'x', '--body', 'x', '--case', 'upper'], '--case must be exact, ignore or first-letter'],
      [['--term', 'x', '--form', 'x', '--label', 'x', '--body', 'x', '--original', 'ВЦСПС'], '--original needs --lang'],
      [['--term', 'x', '--form', 'x', '--label', 'x', '--body', 'x', '--lang', 'ru'], '--lang and --transliteration describe --original']
    ] as const) {
      const r = await run(root, 'gloss', ...args)
      expect(r.code, message).toBe(2)
      expect(r.stderr).toContain(message)
    }
  })
})

describe('edition ref add', () => {
  const file = (root: string, name: string, content: string) => {
    writeFileSync(join(root, name), content)
    return join(root, name)
  }

  it('appends CSL-JSON items, keeping the file as it was before them, and prints what it added', async () => {
    const root = small()
    const before = read(root, 'annotations/references.json')
    const item = {id: 'davies1996', type: 'book', title: 'Crisis and Progress in the Soviet Economy, 1931–1933', issued: {'date-parts': [[1996]]}}
    const r = await run(root, 'ref', 'add', file(root, 'new.json', JSON.stringify(item)))
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toContain('edition: added `davies1996` to annotations/references.json')
    expect(JSON.parse(r.stdout)).toEqual([item])
    const after = read(root, 'annotations/references.json')
    expect(after.startsWith(before.replace(/\s*\]\s*$/, ''))).toBe(true)
    expect(JSON.parse(after)).toEqual([...REFS, item])
    expect(await errorsOf(root)).toEqual([])
  })

  it('reads BibTeX, writing plain CSL-JSON (nothing of the BibTeX reader’s own bookkeeping)', async () => {
    const root = small()
    const r = await run(root, 'ref', 'add', file(root, 'new.bib', '@book{davies1996,\n  author = {Davies, R. W.},\n  title = {Crisis and Progress in the Soviet Economy},\n  year = {1996}\n}\n'))
    expect(r.code, r.stderr).toBe(0)
    const added = JSON.parse(read(root, 'annotations/references.json')).at(-1)
    expect(added).toMatchObject({id: 'davies1996', type: 'book', author: [{family: 'Davies', given: 'R. W.'}]})
    expect(Object.keys(added).filter((k) => k.startsWith('_') || k === 'citation-key')).toEqual([])
  })

  it('reports a work already there, by id, DOI or ISBN, and never adds it twice', async () => {
    const root = small()
    const before = read(root, 'annotations/references.json')
    const same = [
      {id: 'siegelbaum1988', type: 'book', title: 'Stakhanovism and the Politics of Productivity in the USSR, 1935-1941'},
      {id: 'filtzer', type: 'article-journal', title: 'x', DOI: '10.1080/0966813022000008447'.toUpperCase()},
      {id: 'sieg', type: 'book', title: 'y', ISBN: '0-521-34548-0'}
    ]
    const other = [{id: 'siegelbaum1988', type: 'book', title: 'Another book'}]
    const r = await run(root, 'ref', 'add', file(root, 'same.json', JSON.stringify(same, null, 2)), file(root, 'other.json', JSON.stringify(other)))
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toContain('same.json: `siegelbaum1988` is in the bibliography already; not added')
    expect(r.stderr).toContain('same.json: `filtzer` has the DOI of `filtzer2002` (10.1080/0966813022000008447), which is in the bibliography already; not added')
    expect(r.stderr).toContain('same.json: `sieg` has an ISBN of `siegelbaum1988`, which is in the bibliography already; not added')
    expect(r.stderr).toContain('other.json: the id `siegelbaum1988` is taken by another work (“Stakhanovism and the Politics of Productivity in the USSR, 1935-1941”): give the new entry another id; not added')
    expect(r.stderr).toContain('edition ref: nothing added')
    expect(read(root, 'annotations/references.json')).toBe(before)
  })

  it('refuses a file that names one work twice, at the second', async () => {
    const root = small()
    const path = file(root, 'twice.json', JSON.stringify([{id: 'a2000', type: 'book'}, {id: 'a2000', type: 'book'}], null, 2))
    const r = await run(root, 'ref', 'add', path)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/twice\.json:7:11: error: Duplicate reference key `a2000`/)
  })

  it('locates an item that breaks the CSL-JSON schema in the file given, and adds nothing', async () => {
    const root = small()
    const before = read(root, 'annotations/references.json')
    const path = file(root, 'bad.json', '[\n  {"id": "ok2000", "type": "book"},\n  {"id": "bad", "type": "bok"}\n]\n')
    const r = await run(root, 'ref', 'add', path)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:25: error: references\\.json: item 2 \\(\`bad\`\\): \`type\` \`bok\` is not a CSL type: did you mean \`book\`\\?`))
    expect(read(root, 'annotations/references.json')).toBe(before)
  })

  it('says what is missing in the command, with exit 2', async () => {
    const root = small()
    expect((await run(root, 'ref')).stderr).toContain('say what to do: `edition ref add FILE`')
    expect((await run(root, 'ref', 'add')).code).toBe(2)
    expect((await run(root, 'ref', 'remove', 'x')).stderr).toContain('unknown action `remove`')
    const missing = await run(root, 'ref', 'add', join(root, 'nowhere.json'))
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('cannot read')
  })
})

describe('edition list', () => {
  const orphaned = () =>
    small({text: TEXT, notes: {n0: note('met in November 1935', 'Cites [@filtzer2002].'), lost: note('the leaders dithered badly', 'Lost [@siegelbaum1988].', '  position: 40\n  text: "cyrb53:00000000000000"\n').replace('status: verified', 'status: unverified')}})

  it('prints a table of the annotations with how each anchored, orphans too', async () => {
    const r = await run(orphaned(), 'list')
    expect(r.code, r.stderr).toBe(0)
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^id\s+kind\s+status\s+anchor\s+sentences\s+passage$/)
    expect(lines.slice(2).map((l) => l.split(/\s{2,}/).slice(0, 5))).toEqual([
      ['vtsps', 'gloss', 'verified', 'anchored', '1'],
      ['n0', 'note', 'verified', 'anchored', '1'],
      ['lost', 'note', 'unverified', 'orphaned', '—']
    ])
  })

  it('filters by sentence and by status, and prints JSON', async () => {
    const root = orphaned()
    expect((await run(root, 'list', '--status', 'unverified')).stdout).toMatch(/^lost\s/m)
    expect((await run(root, 'list', '--status', 'unverified')).stdout).not.toMatch(/^n0\s/m)
    const json = JSON.parse((await run(root, 'list', '--sentence', '1', '--json')).stdout) as {id: string}[]
    expect(json.map((r) => r.id)).toEqual(['vtsps', 'n0'])
    expect(json[1]).toEqual({id: 'n0', kind: 'note', status: 'verified', anchor: 'anchored', sentences: [1], passage: 'met in November 1935', places: 1, file: 'annotations/notes/n0.md'})
  })

  it('refuses a sentence or status that is not one, with exit 2', async () => {
    const root = small()
    expect((await run(root, 'list', '--sentence', '0')).code).toBe(2)
    expect((await run(root, 'list', '--sentence', '7')).stderr).toContain('--sentence 7: the text has 3 sentences')
    expect((await run(root, 'list', '--status', 'maybe')).code).toBe(2)
  })
})

describe('edition remove', () => {
  it('removes an annotation and prints what it held; the edition still checks', async () => {
    const root = small({text: TEXT, notes: {n0: note('met in November 1935', 'Cites [@filtzer2002].'), n1: note('The union leaders hesitated again', 'Again [@siegelbaum1988].')}})
    const held = read(root, 'annotations/notes/n1.md')
    const r = await run(root, 'remove', 'n1')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toContain('edition: removed annotations/notes/n1.md')
    expect(r.stdout).toBe(held)
    expect(existsSync(join(root, 'annotations/notes/n1.md'))).toBe(false)
    expect(await errorsOf(root)).toEqual([])
  })

  it('refuses an id that names no annotation, with exit 2', async () => {
    const r = await run(small(), 'remove', 'nothing-here')
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('there is no annotation `nothing-here`')
  })

  it('refuses a removal that would give the edition an error, naming it; removes nothing', async () => {
    // The glossary form `union leaders` occurs only in n1's body: without n1 it would match nothing.
    const root = small({
      text: 'The VTsSPS met in November 1935.\n',
      glossary: {vtsps: gloss('VTsSPS', ['VTsSPS'], 'The council [@siegelbaum1988].'), leaders: gloss('union leaders', ['union leaders'], 'Secretaries [@siegelbaum1988].')},
      notes: {n0: note('met in November 1935', 'Cites [@filtzer2002].'), n1: note('The VTsSPS met', 'The union leaders met.')}
    })
    const r = await run(root, 'remove', 'n1', '--yes')
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/annotations\/glossary\/leaders\.md:3:\d+: error: The form `union leaders` matches nothing/)
    expect(r.stderr).toContain('removing annotations/notes/n1.md would give the edition these errors; nothing was removed')
    expect(existsSync(join(root, 'annotations/notes/n1.md'))).toBe(true)
  })
})

describe('edition import', () => {
  const fixture = (name: string) => join(REPO, 'tests/fixtures/import', name)
  const front = (root: string, path: string) => parseYaml(/^---\n([\s\S]*?)---/.exec(read(root, path))![1]!) as Record<string, any>

  it('imports a Hypothesis search result: anchored, moved (old and new shown), orphaned, HTML made text; a reply skipped', async () => {
    const root = copyEdition()
    const r = await run(root, 'import', fixture('hypothesis-search.json'))
    expect(r.code, r.stderr).toBe(0)
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('edition import: '))
    expect(lines).toEqual([
      'edition import: anchored: annotations/notes/provided-a-valuable-opportunity.md: anchored in sentence 2',
      'edition import: moved: annotations/notes/how-to-include-such.md: re-anchored fuzzily in sentence 4: was “how to include such a shift in thier future charter”, now “how to include such a shift in their future charter”',
      'edition import: orphan: annotations/notes/the-coal-output-of.md: “the coal output of the Donbas mines in September” is not in the text: kept as an orphan',
      'edition import: anchored: annotations/notes/the-party-plenum-in.md: anchored in sentence 9 (raw HTML turned into text; `@m_durand` is not a citation of a work in the bibliography: written as code)',
      'edition import: skipped: https://hypothes.is/a/e4Rt6Yu8Ee-2qW4eR6tY8u is a reply to another annotation, with no passage of its own: not imported'
    ])
    expect(r.stderr).toContain('edition: imported 4 (2 anchored, 1 moved, 1 orphans); 0 duplicates and 1 others not imported')
    expect(front(root, 'annotations/notes/provided-a-valuable-opportunity.md')).toMatchObject({
      target: {exact: 'provided a valuable opportunity to accelerate the drive of production efficiency', position: 288},
      status: 'unverified',
      author: 'Felicity Nunsun',
      created: '2027-01-14',
      modified: '2027-01-14'
    })
    expect(read(root, 'annotations/notes/provided-a-valuable-opportunity.md')).toMatch(/reads the autumn of 1935 differently\.\n\nTags: stakhanovism, reading\.\n$/)
    const orphan = front(root, 'annotations/notes/the-coal-output-of.md')
    expect(orphan.target).toEqual({exact: 'the coal output of the Donbas mines in September', prefix: 's not a top priority for the VTs', suffix: ' as it devoted itself to work wi', position: 905})
    const html = read(root, 'annotations/notes/the-party-plenum-in.md')
    expect(html).not.toMatch(/<|alert\(|onerror/)
    expect(html).toContain('Date it: 20–29 December 1935. `@m_durand`, see the plenum')

    const checked = await run(root, 'check')
    expect(checked.code, checked.stderr).toBe(0)
    expect(checked.stderr).toMatch(/the-coal-output-of\.md:\d+:\d+: warning: The passage “the coal output of the Donbas mines in September” is no longer in the text.*\[quote-orphaned\]/)
    expect(checked.stderr).toContain('(20 notes: 19 anchored, 0 moved, 1 orphan)')
  })

  it('reports duplicates of notes already there when the same file is imported again, and writes nothing', async () => {
    const root = copyEdition()
    expect((await run(root, 'import', fixture('hypothesis-search.json'))).code).toBe(0)
    const before = notes(root)
    const again = await run(root, 'import', fixture('hypothesis-export.json'))
    expect(again.code, again.stderr).toBe(0)
    expect(again.stderr).toContain('edition import: duplicate: https://hypothes.is/a/Qm3kV7xyEe-8Zk2HfLr0aQ is a note on the same passage with the same text as annotations/notes/provided-a-valuable-opportunity.md: not imported')
    expect(again.stderr).toContain('edition: imported 0 (0 anchored, 0 moved, 0 orphans); 2 duplicates and 0 others not imported')
    expect(notes(root)).toEqual(before)
  })

  it('imports Hypothesis’s .jsonld form of an annotation', async () => {
    const root = copyEdition()
    const r = await run(root, 'import', fixture('hypothesis-annotation.jsonld'))
    expect(r.code, r.stderr).toBe(0)
    expect(front(root, 'annotations/notes/provided-a-valuable-opportunity.md')).toMatchObject({author: 'felicity_nunsun@hypothes.is', created: '2027-01-14', status: 'unverified'})
  })

  it('imports Recogito’s W3C export: creator objects, tags and vocabulary terms, an HTML comment made Markdown text', async () => {
    const root = copyEdition()
    const r = await run(root, 'import', fixture('recogito-export.json'))
    expect(r.code, r.stderr).toBe(0)
    expect(front(root, 'annotations/notes/the-unions-again-played.md')).toMatchObject({author: 'zD62eVrpvJgMEEWuPpPS', created: '2027-02-01', target: {exact: 'the unions again played the role of'}})
    const html = read(root, 'annotations/notes/the-mobilization-of-workers.md')
    expect(front(root, 'annotations/notes/the-mobilization-of-workers.md')).toMatchObject({author: 'Marie Durand', created: '2027-02-02', modified: '2027-02-02'})
    expect(html).toContain('Mobilization meant *shock work* and competition; see [Siegelbaum](https://example.org/siegelbaum).\n\nSecond **paragraph**.\n\nTags: labour, 1936.\n')
    expect(html).not.toMatch(/javascript|<|alert/)
    expect(await errorsOf(root)).toEqual([])
  })

  it('gives back the same annotations from the edition’s own export (the round trip)', async () => {
    const original = copyEdition()
    const exported = join(original, 'annotations.jsonld')
    expect((await run(original, 'export', '--format', 'jsonld', '--out', exported)).code).toBe(0)
    // The export carries each glossary entry's forms and case rule (`edition:forms`, `edition:case`):
    // without them, forms found only in note bodies would be lost, and with them the entries' mentions.
    expect(JSON.parse(read(original, 'annotations.jsonld')).first.items.filter((i: Record<string, unknown>) => i['edition:forms']).length).toBe(21)
    const root = copyEdition()
    for (const folder of ['annotations/notes', 'annotations/glossary']) rmSync(join(root, folder), {recursive: true})
    const r = await run(root, 'import', exported)
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toContain('edition: imported 37 (37 anchored, 0 moved, 0 orphans); 0 duplicates and 0 others not imported')
    const shape = (a: NonNullable<Awaited<ReturnType<typeof loadEdition>>['edition']>['annotations'][number]) => ({
      id: a.id,
      type: a.type,
      term: a.term,
      label: a.label,
      original: a.original,
      sameAs: a.sameAs,
      targets: a.targets.map((t) => [t.start, t.end, t.sentences]),
      mentionedIn: a.mentionedIn,
      anchor: a.anchor,
      markdown: a.markdown,
      status: a.status,
      author: a.author,
      created: a.created,
      modified: a.modified,
      file: a.file
    })
    const before = (await loadEdition(original)).edition!.annotations.map(shape)
    const after = (await loadEdition(root)).edition!.annotations.map(shape)
    expect(after).toEqual(before)
  })

  it('locates invalid JSON in the file given, and refuses a file with no annotations', async () => {
    const root = small()
    writeFileSync(join(root, 'bad.json'), '{\n  "rows": [,]\n}\n')
    const bad = await run(root, 'import', join(root, 'bad.json'))
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/bad\.json:2:\d+: error: Invalid JSON/)
    writeFileSync(join(root, 'empty.json'), '{"rows": []}')
    const empty = await run(root, 'import', join(root, 'empty.json'))
    expect(empty.code).toBe(2)
    expect(empty.stderr).toContain('holds no annotations')
  })
})

describe('edition check --fix', () => {
  it('records where each note anchors, leaves orphans as they are, and says so', async () => {
    const root = small({text: TEXT, notes: {n0: note('met in November 1935', 'Cites [@filtzer2002].'), lost: note('the leaders dithered badly', 'Lost [@siegelbaum1988].', '  position: 40\n')}})
    const r = await run(root, 'check', '--fix')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toContain('edition check --fix: recorded where 1 note anchors (position and text hash): n0')
    expect(r.stderr).toContain('edition check --fix: annotations/notes/lost.md: an orphan, left as it is (give it a new quote, or remove it)')
    expect(read(root, 'annotations/notes/n0.md')).toContain('  exact: "met in November 1935"\n  position: 11\n  text: cyrb53:')
    expect(read(root, 'annotations/notes/lost.md')).toBe(note('the leaders dithered badly', 'Lost [@siegelbaum1988].', '  position: 40\n'))
    const again = await run(root, 'check', '--fix')
    expect(again.stderr).toContain('edition check --fix: nothing to rewrite')
  })

  it('rewrites nothing while the edition has errors', async () => {
    const root = small({text: TEXT, notes: {n0: note('met in November 1935', 'Cites [@filtzer2002].'), broken: note('nowhere at all')}})
    const before = read(root, 'annotations/notes/n0.md')
    const r = await run(root, 'check', '--fix')
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('edition check --fix: the edition has errors; targets are rewritten only once it has none')
    expect(read(root, 'annotations/notes/n0.md')).toBe(before)
  })
})

describe('help', () => {
  it('lists every command', async () => {
    const r = await runCli(['--help'])
    for (const c of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${c.name}\\s+\\S`, 'm'))
    for (const name of ['annotate', 'gloss', 'ref', 'list', 'remove', 'import', 'check']) expect(COMMANDS.map((c) => c.name)).toContain(name)
  })

  it.each(['annotate', 'gloss', 'ref', 'list', 'remove', 'import', 'check'])('`edition %s --help` describes every option and gives an example', async (name) => {
    const c = COMMANDS.find((x) => x.name === name)!
    const r = await runCli([name, '--help'])
    expect(r.code).toBe(0)
    for (const option of Object.keys(c.options)) {
      expect(r.stdout).toMatch(new RegExp(`^  --${option}\\b.*\\S\\s{2,}\\S`, 'm'))
      expect(c.describe[option], `${name} --${option}`).toBeTruthy()
    }
    expect(r.stdout).toMatch(/\nExamples:\n  edition /)
  })
})
