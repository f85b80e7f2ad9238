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
