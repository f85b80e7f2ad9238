/**
 * The bibliography exports: CSL-JSON and BibLaTeX, checked by biber against biblatex's data
 * model, and read back by pandoc and citation-js, variable by variable.
 */
import {beforeAll, describe, expect, it} from 'vitest'
import {execFile} from 'node:child_process'
import {promisify} from 'node:util'
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {CslItem, Edition} from '../src/model/edition.js'
import {Cite} from '../src/cite/citation-js.js'
import {editionCitation, SOURCE_LABEL} from '../src/model/words.js'
import {biblatexEntry, bibtexKey, DATAMODEL, escapeLatex, langid} from '../src/write/bibtex.js'
import {loadEdition} from '../src/load/index.js'
import {makeEdition} from './helpers/fixture.js'
import {tool} from './helpers/tools.js'
import {awkwardEdition, output, realEdition, writeAll} from './export-support.js'

const pandoc = tool('pandoc', 'apt-get install -y --no-install-recommends pandoc')
const biber = tool('biber', 'apt-get install -y --no-install-recommends biber')

type Files = {dir: string; files: Record<string, string>; text: Record<string, string>}
const editions: ({name: string; edition: Edition} & Files)[] = []

/** A small edition whose one reference has every character BibTeX is touchy about, lone braces included. */
async function touchyEdition(): Promise<Edition> {
  const root = makeEdition({
    text: 'The text.\n',
    references: [{id: 'touchy', type: 'book', author: [{family: 'van der Berg', given: 'Jan', suffix: 'Jr.'}, {literal: 'Smith and Sons, Ltd'}], title: 'Lone } and { braces, {paired} ones, a \\ back\\slash, 100% & $5 #1 a_b ~ ^ <x>', publisher: 'A and B', 'publisher-place': 'London; New York', issued: {'date-parts': [[1990, 5]]}, note: 'Not a field: just a note.', URL: 'https://example.org/a b/{c}'}]
  })
  const {edition, files} = await loadEdition(root)
  if (!edition) throw new Error(files.flatMap((f) => f.messages.map(String)).join('\n'))
  return edition
}

beforeAll(async () => {
  for (const [name, load] of [['real', realEdition], ['awkward', awkwardEdition], ['touchy', touchyEdition]] as const) {
    const edition = await load()
    editions.push({name, edition, ...(await writeAll(edition, ['csl', 'bibtex']))})
  }
})

const cslOf = (e: Files) => JSON.parse(e.text.csl!) as CslItem[]

describe('CSL-JSON export', () => {
  it('is the edition itself, then every reference without extension fields', () => {
    for (const {edition, text} of editions) {
      const items = JSON.parse(text.csl!) as CslItem[]
      expect(items[0]).toEqual(editionCitation(edition).item)
      expect(items.slice(1).map((i) => i.id)).toEqual(edition.references.map((r) => r.id))
      expect(text.csl).not.toContain('_verification')
      expect(items[0]!.note).toMatch(/’s [a-z, ]+ (?:is|are) not known/)
    }
  })
})

// ------------------------------------------------------------------------------------- biber

/** Run a command in `cwd`; its output whatever the exit status. */
async function run(cmd: string, args: string[], cwd: string): Promise<{stdout: string; stderr: string; code: number}> {
  try {
    return {...(await promisify(execFile)(cmd, args, {cwd, maxBuffer: 16 * 1024 * 1024})), code: 0}
  } catch (e) {
    const err = e as {stdout?: string; stderr?: string; code?: number}
    return {stdout: err.stdout ?? '', stderr: err.stderr ?? '', code: typeof err.code === 'number' ? err.code : 1}
  }
}

interface Warning {
  key: string
  text: string
}

async function biberWarnings(bib: string): Promise<{warnings: Warning[]; errors: string[]}> {
  const dir = mkdtempSync(join(tmpdir(), 'edition-biber-'))
  writeFileSync(join(dir, 'references.bib'), bib)
  // biber names its log after the input, inside --output-directory: give it the file's bare name.
  const r = await run(biber!, ['--tool', '--validate-datamodel', '--output-directory', dir, 'references.bib'], dir)
  const lines = `${r.stdout}\n${r.stderr}`.split('\n')
  return {
    warnings: lines.filter((l) => l.startsWith('WARN')).map((l) => ({key: /Entry '([^']+)'/.exec(l)?.[1] ?? '', text: l.replace(/ \([^)]*references\.bib\)/, '')})),
    errors: [...lines.filter((l) => l.startsWith('ERROR')), ...(r.code ? [`exit ${r.code}`] : [])]
  }
}

/** The CSL variables whose absence a "missing mandatory field" warning reports. */
const MANDATORY: Record<string, string[]> = {
  author: ['author'],
  editor: ['editor'],
  title: ['title'],
  'date, year': ['issued'],
  'url, doi, eprint': ['URL', 'DOI'],
  journaltitle: ['container-title'],
  booktitle: ['container-title'],
  type: ['genre'],
  institution: ['publisher']
}

describe.skipIf(!biber)('BibLaTeX export, checked by biber against biblatex’s data model', () => {
  it('biber flags a field an entry type does not have, a malformed date and a missing field', async () => {
    const {warnings} = await biberWarnings('@article{x, author = {A, B}, title = {T}, journaltitle = {J}, publisher = {P}, date = {nov 17}}\n@book{y, title = {T}, date = {2001}}\n')
    expect(warnings.map((w) => w.text).join('\n')).toMatch(/Invalid field 'publisher' for entrytype 'article'/)
    expect(warnings.map((w) => w.text).join('\n')).toMatch(/Entry 'x'.*date/i)
    expect(warnings.map((w) => w.text).join('\n')).toMatch(/Entry 'y'.*Missing mandatory field 'author'/)
  })

  it('reads every entry, and warns of nothing but fields a work does not have (never made up)', async () => {
    for (const e of editions) {
      const {warnings, errors} = await biberWarnings(e.text.bibtex!)
      expect(errors, e.name).toEqual([])
      const items = new Map(cslOf(e).map((i) => [bibtexKey(i.id), i]))
      for (const w of warnings) {
        const m = /Missing mandatory field (?:'([^']+)'|- one of '([^']+)' must be defined)/.exec(w.text)
        expect(m, `${e.name}: ${w.text}`).not.toBeNull()
        const wanted = MANDATORY[(m![1] ?? m![2])!]
        expect(wanted, w.text).toBeDefined()
        // The work has none of the CSL variables the field would come from.
        expect(wanted!.filter((v) => items.get(w.key)![v] !== undefined), `${e.name}: ${w.text}`).toEqual([])
      }
    }
  })

  it('keeps the table of fields each entry type accepts the same as biber’s data model', async () => {
    // `biber --tool-config` prints where its default configuration (with the data model) is.
    const where = (await run(biber!, ['--tool-config'], tmpdir())).stdout.trim().split('\n').pop()!
    const conf = readFileSync(where, 'utf8')
    const model = conf.slice(conf.indexOf('<datamodel>'))
    for (const [type, fields] of Object.entries(DATAMODEL)) {
      const block = [...model.matchAll(/<entryfields>([\s\S]*?)<\/entryfields>/g)].map((m) => m[1]!).find((b) => new RegExp(`<entrytype>${type}</entrytype>`).test(b))!
      const theirs = new Set([...block.matchAll(/<field>([^<]+)<\/field>/g)].map((m) => m[1]!))
      expect(fields.filter((f) => !theirs.has(f) && !/^(?:event)?date$/.test(f)), type).toEqual([])
    }
  })
})

describe('BibLaTeX export, escaping', () => {
  it('keeps Unicode, escapes what LaTeX would read as commands, and keeps every brace balanced', () => {
    expect(escapeLatex('\\a{b}&%$#_~^<>')).toBe('\\textbackslash{}a\\{b\\}\\&\\%\\$\\#\\_\\textasciitilde{}\\textasciicircum{}\\textless{}\\textgreater{}')
    // A lone brace as `\}` would close the field for BibTeX, which counts escaped braces too.
    expect(escapeLatex('a } b { c')).toBe('a \\textbraceright{} b \\textbraceleft{} c')
    expect(escapeLatex('{x} }{')).toBe('\\{x\\} \\textbraceright{}\\textbraceleft{}')
    expect(escapeLatex('The Great Soviet {Encyclopedia}', true)).toBe('{The} {Great} {Soviet} \\{{Encyclopedia}\\}')
    expect(bibtexKey('a key, {with} "junk"')).toBe('a-key-with-junk-')
    const {text} = editions.find((e) => e.name === 'awkward')!
    expect(text.bibtex).toContain('{Кириллица} и 한국어 \\{braces\\} 50\\% \\$x\\$')
    expect(text.bibtex).toMatch(/^@comment\{How to cite this edition: /)
  })

  it('writes names, places and publishers so that “and” and commas inside them do not split them', () => {
    const touchy = biblatexEntry(cslOf(editions.find((e) => e.name === 'touchy')!)[1]!)
    expect(Object.fromEntries(touchy.fields)).toMatchObject({
      author: '{van der Berg}, Jr., Jan and {Smith and Sons, Ltd}',
      publisher: '{A and B}',
      location: '{London; New York}',
      date: '1990-05',
      url: 'https://example.org/a%20b/%7Bc%7D'
    })
    expect(langid('ru')).toBe('russian')
    expect(langid('en-GB')).toBe('british')
  })
})

// --------------------------------------------------------------------------- read back

type Reader = 'pandoc' | 'citation-js'

/** babel's language names as readers return them, to their BCP 47 primary subtags. */
const LANGUAGE: Record<string, string> = {russian: 'ru', ngerman: 'de', korean: 'ko', english: 'en', american: 'en', british: 'en'}

/**
 * How each reader gives back a type differently, by its own limits (README, "What each consumer
 * gets"): citation-js has no entry-encyclopedia, speech or article-magazine for biblatex's
 * `@inreference`, `@unpublished` with an event, `@article` with `entrysubtype`; pandoc reads
 * `@misc` as no type.
 */
const TYPES: Record<Reader, Record<string, string>> = {
  pandoc: {document: ''},
  'citation-js': {'entry-encyclopedia': 'entry', 'entry-dictionary': 'entry', speech: 'manuscript', 'article-magazine': 'article-journal', 'article-newspaper': 'article-journal'}
}

interface Name {
  family?: string
  given?: string
  literal?: string
  suffix?: string
  'dropping-particle'?: string
  'non-dropping-particle'?: string
}

/** A CSL item with what no reader keeps apart folded: typographic quotes, page dashes, percent-encoding, name shapes. */
function normal(item: CslItem): Record<string, unknown> {
  const fold = (s: string) => s.replace(/[‘’]/g, "'").replace(/[“”]/g, '"')
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(item)) {
    if (k === 'id' || k === 'citation-key' || k === '_graph') continue
    // CSL 1.0.2 renamed `event` to `event-title`; citation-js writes the new name.
    const key = k === 'event' ? 'event-title' : k
    if (k === 'page') out[key] = String(v).replace(/[–-]+/g, '-')
    else if (k === 'URL') out[key] = decodeURI(String(v))
    else if (k === 'language') out[key] = LANGUAGE[String(v)] ?? String(v).split('-')[0]
    // citation-js has no literal names: an institution comes back as a family name.
    else if (Array.isArray(v)) out[key] = (v as Name[]).map((n) => fold(n.literal ?? [n.given, n['dropping-particle'], n['non-dropping-particle'], n.family, n.suffix].filter(Boolean).join(' ')))
    else out[key] = typeof v === 'string' ? fold(v) : v
  }
  return out
}

/** What a reader should give back for `item`: the item, less what BibLaTeX cannot carry, with the documented moves. */
function expectedBack(item: CslItem, reader: Reader): Record<string, unknown> {
  const entry = biblatexEntry(item)
  const want = normal(item)
  for (const v of entry.notCarried) delete want[v === 'event' ? 'event-title' : v]
  // A versioned book (the edition itself) is written as biblatex's @online.
  if (entry.type === 'online') want.type = 'webpage'
  want.type = TYPES[reader][String(want.type)] ?? want.type
  if (reader === 'citation-js' && entry.fields.some(([f]) => f === 'entrysubtype')) want.genre = entry.fields.find(([f]) => f === 'entrysubtype')![1]
  // A web page's site is biblatex's `organization`, which both readers give back as the publisher.
  if (entry.carried['container-title'] === 'organization') {
    want.publisher = want['container-title']
    delete want['container-title']
  }
  return want
}

async function readBack(reader: Reader, file: string, text: string): Promise<CslItem[]> {
  if (reader === 'citation-js') return (await Cite.async(text, {forceType: '@biblatex/text'})).data as CslItem[]
  const r = await output(pandoc!, ['-f', 'biblatex', '-t', 'csljson', file])
  expect(r.stderr).toBe('')
  return JSON.parse(r.stdout) as CslItem[]
}

for (const reader of ['citation-js', 'pandoc'] as const) {
  describe.skipIf(reader === 'pandoc' && !pandoc)(`BibLaTeX export, read back by ${reader}`, () => {
    it('gives back every work with the same variables, but for what README lists', async () => {
      for (const e of editions.filter((x) => x.name !== 'touchy')) {
        const back = new Map((await readBack(reader, e.files.bibtex!, e.text.bibtex!)).map((i) => [String(i['citation-key'] ?? i.id), i]))
        const csl = cslOf(e)
        expect([...back.keys()], e.name).toEqual(csl.map((i) => bibtexKey(i.id)))
        for (const item of csl) {
          const got = normal(back.get(bibtexKey(item.id))!)
          // pandoc makes a short title of a title's words before its colon.
          if (reader === 'pandoc' && item['title-short'] === undefined && got['title-short'] === String(got.title).split(':')[0]) delete got['title-short']
          expect(got, `${e.name} ${item.id}`).toEqual(expectedBack(item, reader))
        }
      }
    })
  })
}

describe('BibLaTeX export, what it cannot carry', () => {
  it('names, in the file, every CSL variable an entry type has no field for', () => {
    for (const e of editions) {
      for (const item of cslOf(e)) {
        const {key, notCarried} = biblatexEntry(item)
        if (notCarried.length) expect(e.text.bibtex, `${e.name} ${key}`).toContain(`${key} (${notCarried.join(', ')})`)
      }
    }
    const real = cslOf(editions.find((e) => e.name === 'real')!).map(biblatexEntry)
    expect(Object.fromEntries(real.filter((e) => e.notCarried.length).map((e) => [e.key, e.notCarried]))).toEqual({
      edition: ['medium'],
      'siegelbaum-seventeen-moments': ['genre'],
      'bolerium-stakhanov-pamphlet': ['genre'],
      benvenuti1989: ['collection-title'],
      dean1938: ['publisher', 'publisher-place']
    })
  })

  it('reads a lone brace back with citation-js (pandoc drops it, as its LaTeX reader knows no \\textbraceright)', async () => {
    const e = editions.find((x) => x.name === 'touchy')!
    const back = (await Cite.async(e.text.bibtex!, {forceType: '@biblatex/text'})).data as CslItem[]
    expect(back.find((i) => i.id === 'touchy')!.title).toBe(cslOf(e)[1]!.title)
  })
})

describe.skipIf(!pandoc)('Bibliographies, read by pandoc', () => {
  it('formats every work from the CSL-JSON and from the BibLaTeX file with --citeproc', async () => {
    for (const {name, dir, files, text} of editions) {
      const doc = join(dir, 'all.md')
      writeFileSync(doc, '---\nnocite: "[@*]"\n---\n')
      const count = JSON.parse(text.csl!).length as number
      for (const bib of [files.csl!, files.bibtex!]) {
        const r = await output(pandoc!, [doc, '--citeproc', `--bibliography=${bib}`, '-t', 'html'])
        expect(r.stderr, `${name} ${bib}`).toBe('')
        expect((r.stdout.match(/class="csl-entry"/g) ?? []).length, `${name} ${bib}`).toBe(count)
      }
    }
  })

  it('round-trips the CSL-JSON without moving a field, the edition’s source statement kept in its note', async () => {
    for (const {name, files, text} of editions) {
      const r = await output(pandoc!, ['-f', 'csljson', '-t', 'csljson', files.csl!])
      expect(r.stderr).toBe('')
      const back = new Map((JSON.parse(r.stdout) as CslItem[]).map((i) => [i.id, i]))
      for (const item of JSON.parse(text.csl!) as CslItem[]) {
        // pandoc's only change is typographic quotes.
        expect(normal(back.get(item.id)!), `${name} ${item.id}`).toEqual(normal(item))
      }
      expect(back.get('edition')!.note).toMatch(new RegExp(`^${SOURCE_LABEL}: `))
    }
  })
})
