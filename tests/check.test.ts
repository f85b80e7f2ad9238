import {execFile} from 'node:child_process'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'
import {runCli} from './helpers/cli.js'
import {gloss, makeEdition, note} from './helpers/fixture.js'

const TEXT = 'The VTsSPS met in November 1935. The union leaders hesitated. The union leaders hesitated again.\n'
const REFS = [
  {id: 'siegelbaum1988', type: 'book', title: 'Stakhanovism and the Politics of Productivity in the USSR, 1935-1941', author: [{family: 'Siegelbaum', given: 'Lewis H.'}], issued: {'date-parts': [[1988]]}, publisher: 'Cambridge University Press'},
  {id: 'unused2000', type: 'book', title: 'A work never cited', issued: {'date-parts': [[2000]]}}
]

async function check(options: Parameters<typeof makeEdition>[0]) {
  const root = makeEdition({references: REFS, ...options})
  const r = await runCli(['check', '--root', root])
  const file = (p: string) => join(root, p)
  return {...r, file}
}

describe('edition check', () => {
  it('passes the edition itself with exit 0', async () => {
    const r = await runCli(['check', '--root', fileURLToPath(new URL('../', import.meta.url))])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).not.toMatch(/: error:/)
  })

  it('locates a YAML syntax error in front matter', async () => {
    const r = await check({text: TEXT, glossary: {vtsps: '---\nterm: VTsSPS\nforms: [VTsSPS\n---\nBody.\n'}})
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(new RegExp(`${r.file('annotations/glossary/vtsps.md')}:\\d+:\\d+: error: front matter: YAML syntax`))
  })

  it('names an unknown key and a missing key at their lines', async () => {
    const body = gloss('VTsSPS', ['VTsSPS'], 'Body.').replace('label: "VTsSPS"\n', 'lable: "VTsSPS"\n')
    const r = await check({text: TEXT, glossary: {vtsps: body}})
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`${r.file('annotations/glossary/vtsps.md')}:4:1: error: front matter: unknown key \`lable\` at top level`)
    expect(r.stderr).toContain(`${r.file('annotations/glossary/vtsps.md')}:2:1: error: front matter: missing key \`label\` at top level`)
  })

  it('refuses a bad status, naming the allowed ones', async () => {
    const r = await check({text: TEXT, notes: {n1: note('met in November', 'Body.').replace('status: verified', 'status: probable')}})
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`${r.file('annotations/notes/n1.md')}:4:9: error: front matter: \`status\` must be one of \`verified\`, \`unverified\`, \`disputed\``)
  })

  it('refuses duplicate ids across glossary and notes', async () => {
    const r = await check({text: TEXT, glossary: {vtsps: gloss('VTsSPS', ['VTsSPS'])}, notes: {vtsps: note('met in November')}})
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(new RegExp(`${r.file('annotations/notes/vtsps.md')}:1:1: error: Duplicate id \`vtsps\``))
  })

  it('refuses an id that differs from the file name', async () => {
    const r = await check({text: TEXT, notes: {n1: `---\nid: n2\n${note('met in November').slice(4)}`}})
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`${r.file('annotations/notes/n1.md')}:2:5: error: The id \`n2\` differs from the file name \`n1.md\``)
  })

  it('says where a quote is not found', async () => {
    const r = await check({text: TEXT, notes: {n1: note('met in December')}})
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`${r.file('annotations/notes/n1.md')}:3:10: error: The quote \`met in December\` is not in the text`)
  })

  it('says where an ambiguous quote is found, and which prefix or suffix would settle it', async () => {
    const r = await check({text: TEXT, notes: {n1: note('The union leaders hesitated')}})
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`${r.file('annotations/notes/n1.md')}:3:10: error: The quote \`The union leaders hesitated\` is found 2 times (sentence 2, sentence 3); add suffix: "." to target the first`)
  })

  it('anchors an ambiguous quote once a prefix or suffix settles it', async () => {
    const bySuffix = await check({text: TEXT, notes: {n1: note('The union leaders hesitated', 'Body [@siegelbaum1988].', 'suffix: " again"\n'.replace(/^/, '  '))}})
    expect(bySuffix.stderr).not.toMatch(/error/)
    const byPrefix = await check({text: TEXT, notes: {n1: note('The union leaders hesitated', 'Body [@siegelbaum1988].', '  prefix: "1935. "\n')}})
    expect(byPrefix.stderr).not.toMatch(/error/)
    const wrong = await check({text: TEXT, notes: {n1: note('The union leaders hesitated', 'Body.', '  prefix: "nowhere "\n')}})
    expect(wrong.stderr).toMatch(/error: The quote is in the text, but not with this prefix\/suffix/)
  })

  it('says where a glossary form matches nothing', async () => {
    const r = await check({text: TEXT, glossary: {vtsps: gloss('VTsSPS', ['VTsSPS', 'ACCTU'])}})
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`${r.file('annotations/glossary/vtsps.md')}:3:18: error: The form \`ACCTU\` matches nothing in the text`)
  })

  it('says where a citation key is not in the bibliography', async () => {
    const r = await check({text: TEXT, notes: {n1: note('met in November', 'See [@siegelbaum1988, 66; @nobody1999].')}})
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`${r.file('annotations/notes/n1.md')}:9:27: error: Unknown citation key \`@nobody1999\``)
  })

  it('warns of a reference never cited and of an unverified note, and still exits 0', async () => {
    const r = await check({text: TEXT, notes: {n1: note('met in November', 'See [@siegelbaum1988].').replace('status: verified', 'status: unverified')}})
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toMatch(new RegExp(`${r.file('annotations/references.json')}:\\d+:\\d+: warning: Reference \`unused2000\` is never cited`))
    expect(r.stderr).toContain(`${r.file('annotations/notes/n1.md')}:4:9: warning: The note is marked \`unverified\``)
  })

  it('locates invalid JSON in the bibliography', async () => {
    const r = await check({text: TEXT, references: '[\n  {"id": "a", "type": "book",}\n]'})
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(new RegExp(`${r.file('annotations/references.json')}:2:\\d+: error: Invalid JSON`))
  })

  it('prints every problem at once', async () => {
    const r = await check({text: TEXT, glossary: {vtsps: gloss('VTsSPS', ['ACCTU'])}, notes: {n1: note('nowhere'), n2: note('met in November', '[@nobody]')}})
    expect(r.code).toBe(1)
    expect(r.stderr.match(/: error:/g)).toHaveLength(3)
  })

  it('refuses to build when check fails', async () => {
    const root = makeEdition({text: TEXT, notes: {n1: note('nowhere')}})
    const r = await runCli(['build', '--root', root, '--out', join(root, 'dist')])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/nothing written/)
  })
})

describe('edition check on the bibliography and the metadata', () => {
  it('locates a reference item that breaks the CSL-JSON schema, and refuses unsafe URLs', async () => {
    const refs = JSON.stringify([{id: 'a', type: 'book', title: 'Fine'}, {type: 'book', title: 'No id'}, {id: 'b', type: 'book', URL: 'javascript:alert(1)'}, {id: 'c', type: 'bok'}], null, 2)
    const r = await check({text: TEXT, references: refs})
    expect(r.code).toBe(1)
    const file = r.file('annotations/references.json')
    expect(r.stderr).toContain(`${file}:7:3: error: references.json: item 2: missing key \`id\``)
    expect(r.stderr).toContain(`${file}:14:12: error: references.json: item 3 (\`b\`): \`URL\` must match pattern "^https?://"`)
    expect(r.stderr).toContain(`${file}:18:13: error: references.json: item 4 (\`c\`): \`type\` \`bok\` is not a CSL type: did you mean \`book\`?`)
  })

  it('locates a BibTeX entry with an unsafe URL', async () => {
    const r = await check({text: TEXT, references: [], files: {'annotations/references.bib': '% refs\n\n@book{bad,\n  title = {T},\n  url = {javascript:alert(1)}\n}\n'}})
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(new RegExp(`${r.file('annotations/references.bib')}:3:7: error: Entry \`bad\`: URL must match pattern`))
  })

  it('refuses an edition or source address that is not http(s)', async () => {
    const {MINIMAL_YAML} = await import('./helpers/fixture.js')
    const r = await check({text: TEXT, yaml: MINIMAL_YAML.replace('url: https://example.org/record/1', 'url: javascript:alert(1)')})
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/edition\.yaml:18:8: error: edition\.yaml: `source\.url` must match pattern "\^https\?:\/\/"/)
  })
})

describe('edition check on the style and the interventions', () => {
  it('locates a CSL style that cannot be used, and one that is not installed', async () => {
    const {MINIMAL_YAML} = await import('./helpers/fixture.js')
    const citationOnly = '<?xml version="1.0"?><style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0"><info><title>x</title><id>x</id><updated>2020-01-01T00:00:00+00:00</updated></info><citation><layout><text variable="title"/></layout></citation></style>'
    const broken = await check({text: TEXT, yaml: MINIMAL_YAML.replace('style: chicago-author-date', 'style: mine.csl'), files: {'edition/mine.csl': citationOnly}})
    expect(broken.code).toBe(1)
    expect(broken.stderr).toMatch(/edition\.yaml:19:8: error: The CSL style .*mine\.csl cannot be used: it has no <bibliography>/)
    const missing = await check({text: TEXT, yaml: MINIMAL_YAML.replace('style: chicago-author-date', 'style: no-such-style')})
    expect(missing.code).toBe(0)
    expect(missing.stderr).toMatch(/edition\.yaml:19:8: warning: CSL style `no-such-style` was not found/)
  })

  it('locates an intervention that does not fit the witness, however its id is quoted', async () => {
    const {MINIMAL_YAML} = await import('./helpers/fixture.js')
    const yaml = MINIMAL_YAML.replace('interventions: []', 'interventions:\n  - id: "cut"\n    type: omission\n    lines: [5, 9]\n    description: d\n    reason: r')
    const r = await check({text: TEXT, yaml})
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/edition\.yaml:22:5: error: Intervention `cut`: lines 5–9 are not in the witness/)
  })
})

describe('annotation ids stay clear of the page’s own', () => {
  it.each([['panel', /is an id of the page itself/], ['s-intro', /starting `s-`/], ['ref-list', /starting `ref-`/], ['glossary-h', /is an id of the page itself/]])('refuses %s', async (id, reason) => {
    const r = await check({text: TEXT, notes: {[id]: note('met in November', 'See [@siegelbaum1988].')}})
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(new RegExp(`${r.file(`annotations/notes/${id}.md`)}:1:1: error: The id \`${id}\` \\(from the file name\\) is reserved: `))
    expect(r.stderr).toMatch(reason)
  })
})

describe('annotation ids and the places annotations occur', () => {
  it('refuses <id>-<k> beside an annotation <id>, and allows ids ending in a year', async () => {
    const clash = await check({text: TEXT, glossary: {vtsps: gloss('VTsSPS', ['VTsSPS'], 'See [@siegelbaum1988].')}, notes: {'vtsps-1': note('met in November', 'See [@siegelbaum1988].')}})
    expect(clash.code).toBe(1)
    expect(clash.stderr).toContain(`${clash.file('annotations/notes/vtsps-1.md')}:1:1: error: The id \`vtsps-1\` is taken by the places \`vtsps\` occurs`)
    const year = await check({text: TEXT, notes: {'meeting-1935': note('met in November', 'See [@siegelbaum1988].')}})
    expect(year.stderr).not.toMatch(/error/)
  })
})

describe('BibTeX gets every check CSL-JSON gets, each at its place', () => {
  const cites = (...keys: string[]) => ({n1: note('met in November', `See ${keys.map((k) => `[@${k}]`).join(', ')}.`)})
  const bib = async (content: string, keys: string[], references: unknown[] = []) => {
    const r = await check({text: TEXT, notes: cites(...keys), references, files: {'annotations/references.bib': content}})
    return {...r, at: r.file('annotations/references.bib'), errors: r.stderr.split('\n').filter((l) => l.includes(': error:'))}
  }
  const A = '@book{a,\n  title = {One},\n  year = {1990}\n}\n'
  const B = '@book{b,\n  title = {Two},\n  year = {1991}\n}\n'

  it('refuses a duplicate key at its second entry, naming the first', async () => {
    const r = await bib(`${A}\n@book{a,\n  title = {Another one}\n}\n`, ['a'])
    expect(r.code).toBe(1)
    expect(r.errors).toEqual([`${r.at}:6:7: error: Duplicate reference key \`a\`: also at line 1; every citation of it would take one of the two silently: rename one [duplicate-id]`])
  })

  it('refuses a key given in both references.json and references.bib', async () => {
    const r = await bib(A, ['a'], [{id: 'a', type: 'book', title: 'One'}])
    expect(r.errors).toEqual([expect.stringMatching(new RegExp(`${r.at}:1:7: error: Duplicate reference key \`a\`: also at .*references\\.json:3`))])
  })

  it('warns of an entry never cited, at its key', async () => {
    const r = await bib(`${A}\n${B}`, ['a'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toContain(`${r.at}:6:7: warning: Reference \`b\` is never cited [reference-uncited]`)
  })

  it('refuses a misspelt entry type, suggesting the nearest', async () => {
    const r = await bib(`${A}\n@bok{b,\n  title = {Two}\n}\n`, ['a', 'b'])
    expect(r.errors).toEqual([`${r.at}:6:1: error: Unknown entry type \`@bok\`: did you mean \`@book\`? (the BibTeX and biblatex types: \`@article\`, \`@book\`, \`@incollection\`, \`@letter\`, \`@misc\`, …) [bibtex-type]`])
  })

  it('reports an unbalanced brace at the value that is not closed, first, and cites the other entries without a cascade', async () => {
    const broken = '@book{b,\n  title = {Two,\n  year = {1991}\n}\n'
    const r = await bib(`${A}\n${broken}\n@book{c,\n  title = {Three}\n}\n`, ['a', 'b', 'c'])
    expect(r.code).toBe(1)
    // The error is at line 7, where `title = {Two,` opens, not at the next entry.
    expect(r.errors).toEqual([`${r.at}:7:3: error: The value that starts here is not closed: a \`}\` is missing (so the entry \`b\` runs on into the next entry) [bibtex-syntax]`])
    expect(r.stderr.indexOf('references.bib')).toBeLessThan(r.stderr.indexOf('notes/n1.md') === -1 ? Infinity : r.stderr.indexOf('notes/n1.md'))
  })

  it('reports a missing comma after a key at its place, and the entry’s citations do not cascade', async () => {
    const r = await bib(`${A}\n@book{b\n  title = {Two}\n}\n`, ['a', 'b'])
    expect(r.errors).toEqual([`${r.at}:7:3: error: A comma must follow the key \`b\`: \`@book{b, title = …}\` [bibtex-syntax]`])
  })

  it('reports a `}` too many, which would silently lose the fields after it', async () => {
    const r = await bib('@book{a,\n  title = {One}},\n  year = {1990},\n}\n', ['a'])
    expect(r.errors).toEqual([`${r.at}:3:3: error: This is outside any entry, so BibTeX ignores it: the entry \`a\` closed before it (a \`}\` too many?) [bibtex-syntax]`])
  })

  it('reports a brace that closes a value too early once, at the word after it, and reads the entries around it', async () => {
    const early = '@book{b,\n  title = {Two } words,\n  year = {1991}\n}\n'
    const C = '@book{c,\n  title = {Three},\n  year = {1992}\n}\n'
    const r = await bib(`${A}\n${early}\n${C}`, ['a', 'b', 'c'])
    // Line 7, column 18: `words`, where BibTeX expected the `}` or `,` that ends the value.
    expect(r.errors).toEqual([`${r.at}:7:18: error: BibTeX cannot read this: \`}\` was expected here, not a word (a brace that closes a value too early, or a comma missing?) [bibtex-syntax]`])
    // `a` and `c` were read: cited, and not "never cited"; `b` is the one error, not a second one where it is cited.
    expect(r.stderr).not.toMatch(/never cited|Unknown citation key/)
  })

  it('reports a `}` too many inside a value once: the BibTeX reader’s own complaint about the same brace is not a second error', async () => {
    const r = await bib(`${A}\n@book{b,\n  title = {Two } words},\n  year = {1991}\n}\n`, ['a', 'b'])
    expect(r.errors).toEqual([`${r.at}:8:3: error: This is outside any entry, so BibTeX ignores it: the entry \`b\` closed before it (a \`}\` too many?) [bibtex-syntax]`])
  })

  it('reports an entry that never closes at the entry, not at the end of the file', async () => {
    const r = await bib(`@book{a,\n  title = {One},\n  year = {1990}\n\n${B}`, ['a', 'b'])
    expect(r.errors).toEqual([`${r.at}:1:1: error: The entry \`a\` is not closed: a \`}\` is missing before the next entry (\`@book{b,\`) [bibtex-syntax]`])
  })
})

describe('an invalid references.json does not cascade either', () => {
  it('reports a JSON syntax error alone: the ids written in the file are not reported again where they are cited', async () => {
    const r = await check({text: TEXT, notes: {n1: note('met in November', 'See [@siegelbaum1988] and [@nobody].')}, references: '[\n  {"id": "siegelbaum1988", "type": "book", "title": "S"},\n  {"id": "x" "type": "book"}\n]'})
    const errors = r.stderr.split('\n').filter((l) => l.includes(': error:'))
    expect(errors).toEqual([expect.stringMatching(new RegExp(`${r.file('annotations/references.json')}:3:14: error: Invalid JSON`)), expect.stringMatching(/n1\.md:\d+:\d+: error: Unknown citation key `@nobody`/)])
  })

  it('keeps the valid items of a file with an invalid one, and citing the invalid one is not a second error', async () => {
    const refs = JSON.stringify([{id: 'good', type: 'book', title: 'Good'}, {id: 'bad', type: 'bok', title: 'Bad'}], null, 2)
    const r = await check({text: TEXT, notes: {n1: note('met in November', 'See [@good] and [@bad].')}, references: refs})
    const errors = r.stderr.split('\n').filter((l) => l.includes(': error:'))
    expect(errors).toEqual([`${r.file('annotations/references.json')}:9:13: error: references.json: item 2 (\`bad\`): \`type\` \`bok\` is not a CSL type: did you mean \`book\`? [schema-enum]`])
  })

  it('refuses a duplicate id at the second, as before', async () => {
    const refs = JSON.stringify([{id: 'a', type: 'book'}, {id: 'a', type: 'book'}], null, 2)
    const r = await check({text: TEXT, notes: {n1: note('met in November', '[@a]')}, references: refs})
    expect(r.stderr).toContain(`${r.file('annotations/references.json')}:7:11: error: Duplicate reference key \`a\`: also at line 3`)
  })
})

describe('schema errors say what shape is expected', () => {
  it('says what licence must hold, and points at the README', async () => {
    const {MINIMAL_YAML} = await import('./helpers/fixture.js')
    const r = await check({text: TEXT, yaml: MINIMAL_YAML.replace(/licence:\n(  .*\n)+/, 'licence: CC-BY-4.0\n')})
    expect(r.stderr).toContain('edition.yaml:7:10: error: edition.yaml: `licence` must be an object with `notes`, `code`, `text` (see “edition.yaml, key by key” in the README) [schema-type]')
  })

  it('says the same through the installed command, whose schema validators are compiled ahead (they carry no schema of their own)', async () => {
    const {MINIMAL_YAML} = await import('./helpers/fixture.js')
    const root = makeEdition({text: TEXT, yaml: MINIMAL_YAML.replace(/licence:\n(  .*\n)+/, 'licence: CC-BY-4.0\n').replace('version: "1.0.0"\n', '')})
    const bin = fileURLToPath(new URL('../bin/edition.js', import.meta.url))
    const r = await new Promise<string>((done) => execFile(process.execPath, [bin, 'check', '--root', root], (_e, _out, stderr) => done(stderr)))
    expect(r).toContain('edition.yaml: `licence` must be an object with `notes`, `code`, `text` (see “edition.yaml, key by key” in the README) [schema-type]')
    expect(r).toContain('edition.yaml: missing key `version` at top level: a string (text), e.g. `version: "1.0.0"`')
  })

  it('names a missing key with its shape and an example, and a misspelt key with the nearest', async () => {
    const {MINIMAL_YAML} = await import('./helpers/fixture.js')
    const r = await check({text: TEXT, yaml: MINIMAL_YAML.replace('version: "1.0.0"\n', '').replace('language: en', 'langauge: en')})
    expect(r.stderr).toContain('edition.yaml:1:1: error: edition.yaml: missing key `version` at top level: a string (text), e.g. `version: "1.0.0"`')
    expect(r.stderr).toContain('edition.yaml:2:1: error: edition.yaml: unknown key `langauge` at top level: did you mean `language`?')
  })

  it('gives a substitution’s errors only, saying what is missing', async () => {
    const {MINIMAL_YAML} = await import('./helpers/fixture.js')
    const yaml = MINIMAL_YAML.replace('interventions: []', 'interventions:\n  - id: fix\n    type: substitution\n    line: 1\n    column: 1\n    original: "The"\n    reading: "A"')
    const r = await check({text: TEXT, yaml})
    const errors = r.stderr.split('\n').filter((l) => l.includes(': error:'))
    expect(errors.map((e) => e.replace(/^.*?error: /, ''))).toEqual([
      'edition.yaml: missing key `description` at `interventions.0`: a string (text) (see “edition.yaml, key by key” in the README) [schema-required]',
      'edition.yaml: missing key `reason` at `interventions.0`: a string (text) (see “edition.yaml, key by key” in the README) [schema-required]'
    ])
  })
})

describe('the small messages a new user met', () => {
  it('says an unknown export format is unknown, and check never says “nothing written”', async () => {
    const pdf = await runCli(['export', '--format', 'pdf', '--root', makeEdition({text: TEXT})])
    expect(pdf.code).toBe(2)
    expect(pdf.stderr).toMatch(/unknown format `pdf`: choose one of .*\btei\b/)
    const r = await check({text: TEXT, notes: {n1: note('nowhere')}})
    expect(r.stderr).toMatch(/edition: 1 error, \d+ warnings?\n?$/)
    expect(r.stderr).not.toMatch(/nothing written/)
  })

  it('says a front matter is not closed, at its end, rather than missing', async () => {
    const r = await check({text: TEXT, notes: {n1: '---\ntarget:\n  exact: met in November\nstatus: verified\n\nThe note, with no closing line.\n'}})
    expect(r.stderr).toMatch(/notes\/n1\.md:7:1: error: The front matter is not closed: add a line `---` after its last key/)
  })

  it('gives a disputed note’s warning its own rule id', async () => {
    const r = await check({text: TEXT, notes: {n1: note('met in November', 'See [@siegelbaum1988].').replace('status: verified', 'status: disputed')}})
    expect(r.stderr).toMatch(/n1\.md:4:9: warning: The note is marked `disputed`: readers are told so \[status-disputed\]/)
  })

  it('says when a quote differs from the text only in its quotation marks', async () => {
    const r = await check({text: 'They called it “socialist competition” at the time.\n', notes: {n1: note('called it "socialist competition"')}})
    expect(r.stderr).toMatch(/n1\.md:3:10: error: The quote `called it "socialist competition"` is not in the text: the text has `called it “socialist competition”`, with other quotation marks or apostrophes; copy the quote from the text \[quote-not-found\]/)
  })
})
