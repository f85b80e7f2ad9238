/**
 * The fuzz suite (issue 15): every input kind an editor (or an attacker) controls, mutated at
 * random from a valid edition, through every entry point. The property: a located error or a
 * success, every output written, `Object.prototype` untouched, within the test's time.
 *
 * fast-check prints the seed and the path of a failing case; rerun it with
 * `FUZZ_SEED=<seed> FUZZ_PATH=<path> npx vitest run tests/fuzz.test.ts`. `FUZZ_RUNS` sets the
 * number of runs per input kind (default 200: about a minute for the whole file on two cores).
 */
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import fc from 'fast-check'
import {VFile} from 'vfile'
import {decodeInto} from '../src/read/files.js'
import {loadEdition} from '../src/load/index.js'
import {writers} from '../src/write/index.js'
import {importAnnotations} from '../src/read/jsonld.js'
import {toJsonLd} from '../src/write/jsonld.js'
import {deriveText} from '../src/text/derive.js'
import {establish} from '../src/text/witness.js'
import {gloss, makeEdition, MINIMAL_YAML, note} from './helpers/fixture.js'

const RUNS = Number(process.env.FUZZ_RUNS ?? 200)
const params = {
  numRuns: RUNS,
  ...(process.env.FUZZ_SEED ? {seed: Number(process.env.FUZZ_SEED)} : {}),
  ...(process.env.FUZZ_PATH ? {path: process.env.FUZZ_PATH} : {}),
  // Shrinking re-runs the whole pipeline; a few hundred steps find a small case.
  endOnFailure: false,
  interruptAfterTimeLimit: 120_000
}

/** Tokens that have broken parsers before: YAML, JSON, BibTeX, XML, Markdown and UTF-8 edges. */
const NASTY = [
  '*a', '&a ', '<<: *a', '[[[[', ']]]]', '{', '}', '{{', '}}', '@', '@book{', '@string{', '__proto__', 'constructor', 'toString',
  '\u0000', '\uFEFF', '\r\n', '\r', '---\n', '- ', '> ', '# ', '    ', '<script>', '</style>', '<!--', ']]>', '&amp;', '&#0;',
  '\\', '"', "'", ': ', '\n  ', '\t', '𝔄', '\uD800', '%', '!', '![x](y)', '[@', '@a', ']', '`', '```', '|', '-1', '1e999',
  'null', '~', '? ', '!!binary ', '!!js/function ', '😀', 'é', 'ё', '한', '\u2028', '\u202E', '=', ',', '"x"', '#{'
]

/** One edit to a file's bytes (positions as fractions of its length, so edits fit any file). */
type Edit =
  | {kind: 'insert'; at: number; text: string}
  | {kind: 'delete'; at: number; length: number}
  | {kind: 'bytes'; at: number; bytes: number[]}
  | {kind: 'repeat'; at: number; length: number; times: number}
  | {kind: 'truncate'; at: number}
  | {kind: 'nest'; at: number; to: number; pair: [string, string]; times: number}

const at = fc.double({min: 0, max: 1, noNaN: true})
const edit: fc.Arbitrary<Edit> = fc.oneof(
  {weight: 4, arbitrary: fc.record({kind: fc.constant('insert' as const), at, text: fc.oneof(fc.constantFrom(...NASTY), fc.string({maxLength: 8}), fc.string({unit: 'binary', maxLength: 4}))})},
  {weight: 2, arbitrary: fc.record({kind: fc.constant('delete' as const), at, length: fc.integer({min: 1, max: 40})})},
  {weight: 1, arbitrary: fc.record({kind: fc.constant('bytes' as const), at, bytes: fc.array(fc.integer({min: 0, max: 255}), {minLength: 1, maxLength: 4})})},
  {weight: 1, arbitrary: fc.record({kind: fc.constant('repeat' as const), at, length: fc.integer({min: 1, max: 12}), times: fc.integer({min: 2, max: 400})})},
  {weight: 1, arbitrary: fc.record({kind: fc.constant('truncate' as const), at})},
  // Nesting thousands deep: what recurses per level (parsers, readers, citeproc) overflows there.
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('nest' as const),
      at,
      to: at,
      pair: fc.constantFrom<[string, string]>(['[', ']'], ['{"k": ', '}'], ['{', '}'], ['- ', ''], ['> ', ''], ['<group>', '</group>'], ['*', '*'], ['*a ', ' b*'], ['![', '](x)'], ['<b>', '</b>']),
      times: fc.integer({min: 100, max: 20000})
    })
  }
)
const edits = fc.array(edit, {minLength: 1, maxLength: 5})

function mutate(source: string, list: Edit[]): Buffer {
  let b = Buffer.from(source)
  for (const e of list) {
    const i = Math.floor(e.at * b.length)
    if (e.kind === 'insert') b = Buffer.concat([b.subarray(0, i), Buffer.from(e.text), b.subarray(i)])
    else if (e.kind === 'delete') b = Buffer.concat([b.subarray(0, i), b.subarray(i + e.length)])
    else if (e.kind === 'bytes') b = Buffer.concat([b.subarray(0, i), Buffer.from(e.bytes), b.subarray(i)])
    else if (e.kind === 'repeat') b = Buffer.concat([b.subarray(0, i), Buffer.alloc(0), ...Array(e.times).fill(b.subarray(i, i + e.length)), b.subarray(i)])
    else if (e.kind === 'nest') {
      const j = Math.max(i, Math.floor(e.to * b.length))
      b = Buffer.concat([b.subarray(0, i), Buffer.from(e.pair[0].repeat(e.times)), b.subarray(i, j), Buffer.from(e.pair[1].repeat(e.times)), b.subarray(j)])
    } else b = b.subarray(0, i)
  }
  return b
}

// A small but complete edition: every kind of file the fuzz mutates, each valid to start with.
const TEXT = 'The VTsSPS met in November 1935. The union leaders hesitated; “shock workers” spoke first.\n\nA second paragraph, with *emphasis* and a [link](https://example.org).\n'
const STYLE = readFileSync(new URL('../../shared/validators/csl/chicago-author-date.csl', import.meta.url), 'utf8')
const BASE: Record<string, string> = {
  'edition/edition.yaml': MINIMAL_YAML.replace('style: chicago-author-date', 'style: s.csl').replace('date: "2026-01-01"\n', 'date: "2026-01-01"\nurl: "https://example.org/edition/"\n'),
  'edition/text.md': TEXT,
  'edition/witness/w.txt': TEXT,
  'edition/s.csl': STYLE,
  'annotations/glossary/vtsps.md': gloss('VTsSPS', ['VTsSPS'], 'The council [@siegelbaum1988, 99].', 'original:\n  text: ВЦСПС\n  language: ru\n'),
  'annotations/notes/n1.md': note('met in November', 'See [@siegelbaum1988, 66–98] and @davies1996 [p. 12].', '  prefix: "VTsSPS "\n'),
  'annotations/references.json': JSON.stringify([{id: 'siegelbaum1988', type: 'book', title: 'Stakhanovism', author: [{family: 'Siegelbaum', given: 'Lewis H.'}], issued: {'date-parts': [[1988]]}, publisher: 'CUP'}], null, 2),
  'annotations/references.bib': '@book{davies1996,\n  author = {Davies, R. W.},\n  title = {Crisis and Progress},\n  publisher = {Macmillan},\n  year = {1996}\n}\n'
}

/** Error rules that concern a whole file (it cannot be read at all), so they have no line. */
const WHOLE_FILE = new Set(['missing-file', 'not-a-file', 'too-large', 'outside-root'])

/** Every error is located: a line and column, or a whole-file problem. Returns the unlocated ones. */
const unlocated = (files: VFile[]) => files.flatMap((f) => f.messages.filter((m) => m.fatal === true && m.line == null && !WHOLE_FILE.has(m.ruleId ?? '')).map((m) => `${f.path}: ${m.reason} [${m.ruleId}]`))

// What a library prints behind the reader's back (`process.emitWarning`) is a defect too: the
// CLI's output is its messages, and `export` writes a file to standard output.
const warnings: string[] = []
process.on('warning', (w) => warnings.push(`${w.name}: ${w.message}`))
const noWarnings = async () => {
  await new Promise((r) => setImmediate(r))
  expect(warnings.splice(0)).toEqual([])
}

const roots: string[] = []
afterAll(() => {
  for (const r of roots) rmSync(r, {recursive: true, force: true})
})

/** One folder per input kind, rewritten each run: the base edition with `file` replaced by `bytes`. */
function edition(file: string): (bytes: Buffer) => string {
  const root = makeEdition({text: TEXT, files: BASE})
  roots.push(root)
  return (bytes) => {
    for (const [path, content] of Object.entries(BASE)) writeFileSync(join(root, path), path === file ? bytes : content)
    // The text and its witness move together, or every run would stop at the first difference.
    if (file === 'edition/text.md') writeFileSync(join(root, 'edition/witness/w.txt'), bytes)
    return root
  }
}

describe('the base edition of the fuzz suite', () => {
  it('is valid, so every failure below is the mutation’s', async () => {
    const {edition: e, files} = await loadEdition(edition('none')(Buffer.from('')))
    expect(files.flatMap((f) => f.messages.filter((m) => m.fatal === true || m.fatal === false).map((m) => m.reason))).toEqual([])
    expect(e?.bibliography).toHaveLength(2)
  })
})

describe.each([
  ['edition.yaml', 'edition/edition.yaml'],
  ['the text (and its witness)', 'edition/text.md'],
  ['a glossary entry', 'annotations/glossary/vtsps.md'],
  ['a note', 'annotations/notes/n1.md'],
  ['references.json', 'annotations/references.json'],
  ['references.bib', 'annotations/references.bib'],
  ['a CSL style', 'edition/s.csl']
])('mutated %s', (_name, file) => {
  it('gives a located error or an edition that every writer writes, and leaves Object.prototype alone', async () => {
    const write = edition(file)
    await fc.assert(
      fc.asyncProperty(edits, async (list) => {
        const root = write(mutate(BASE[file]!, list))
        const {edition: e, files} = await loadEdition(root)
        expect(unlocated(files)).toEqual([])
        expect(Object.keys(Object.prototype)).toEqual([])
        if (e) {
          for (const [format, writer] of Object.entries(writers)) expect(typeof (await writer.write(e)), format).toBe('string')
        } else {
          expect(files.some((f) => f.messages.some((m) => m.fatal === true))).toBe(true)
        }
        await noWarnings()
      }),
      params
    )
  }, 600_000)
})

describe('mutated witnesses, for edition init', () => {
  it('derives a text that its interventions yield from the witness, which Markdown reads as plain paragraphs, or says where it could not', async () => {
    const root = makeEdition({text: TEXT})
    roots.push(root)
    await fc.assert(
      fc.asyncProperty(edits, async (list) => {
        // As init reads a witness: decoded (BOM and CRLF normalised), refused when not UTF-8.
        const bytes = mutate(TEXT + '1936. A list?\n\n# A heading\n\n> quoted &amp; <b>bold</b>\n', list)
        const file = new VFile()
        decodeInto(file, bytes)
        if (file.messages.some((m) => m.fatal)) return
        const witness = String(file.value)
        const derived = deriveText(witness)
        expect(establish(witness, derived.interventions).text).toBe(derived.text)
        if (!derived.text.trim()) return
        writeFileSync(join(root, 'edition/witness/w.txt'), bytes)
        writeFileSync(join(root, 'edition/text.md'), derived.text)
        const yaml = MINIMAL_YAML.replace('interventions: []', `interventions: ${JSON.stringify(derived.interventions)}`)
        writeFileSync(join(root, 'edition/edition.yaml'), yaml)
        const {files} = await loadEdition(root)
        const markup = files.flatMap((f) => f.messages.filter((m) => m.ruleId === 'text-markup'))
        // What Markdown still misreads is exactly what init reports as left for the editor.
        expect(markup.length > 0).toBe(derived.left.length > 0)
        expect(files.flatMap((f) => f.messages.filter((m) => m.ruleId === 'text-witness' || m.ruleId === 'intervention'))).toEqual([])
      }),
      params
    )
  }, 600_000)
})

describe('mutated Web Annotations, for import', () => {
  it('reads any JSON into annotations and problems, never throwing', async () => {
    const {edition: e} = await loadEdition(edition('none')(Buffer.from('')))
    const exported = toJsonLd(e!)
    await fc.assert(
      fc.property(edits, (list) => {
        let data: unknown
        try {
          data = JSON.parse(mutate(exported, list).toString('utf8'))
        } catch {
          return // Not JSON: the import command reports that before anything is read.
        }
        const imported = importAnnotations(data, {edition: e!})
        expect(Array.isArray(imported.annotations) && Array.isArray(imported.problems)).toBe(true)
        expect(Object.keys(Object.prototype)).toEqual([])
      }),
      {...params, numRuns: RUNS * 2}
    )
  }, 600_000)

  it('reads annotations whose values are replaced by any JSON value, never throwing', async () => {
    const {edition: e} = await loadEdition(edition('none')(Buffer.from('')))
    const exported = JSON.parse(toJsonLd(e!)) as unknown
    const odd = fc.constantFrom<unknown>('%', 'urn:x#%E0%A4%A', '#%', 'word '.repeat(8000), -1, 1e308, 2 ** 31, 0.5, '', {}, [], null, '__proto__', {__proto__: {x: 1}}, ['Annotation'], 'TextQuoteSelector')
    // Half the replacements aim at the keys the reader interprets; the rest anywhere.
    const key = fc.oneof(
      {weight: 3, arbitrary: fc.constantFrom('id', 'exact', 'prefix', 'suffix', 'start', 'end', 'type', 'value', 'selector', 'target', 'body')},
      fc.constantFrom('source', 'format', 'motivation', 'purpose', 'creator', 'created', 'modified', 'items', 'first', 'next', 'edition:term', 'edition:status', 'edition:original', 'edition:file')
    )
    const value = fc.oneof({weight: 2, arbitrary: odd}, fc.jsonValue({maxDepth: 3}))
    const replacement = fc.record({at, key: fc.option(key, {nil: undefined}), value})
    await fc.assert(
      fc.property(fc.array(replacement, {minLength: 1, maxLength: 6}), (list) => {
        const data = structuredClone(exported)
        for (const r of list) replaceAt(data, r.at, r.value, r.key)
        const imported = importAnnotations(data, {edition: e!})
        expect(Array.isArray(imported.annotations) && Array.isArray(imported.problems)).toBe(true)
        expect(Object.keys(Object.prototype)).toEqual([])
      }),
      // Cheap (no file is read): ten times the runs of the other kinds.
      {...params, numRuns: RUNS * 10}
    )
  }, 600_000)
})

describe('mutated command lines', () => {
  it('answer with an exit status of 0, 1 or 2, never 70', async () => {
    const {runCli} = await import('./helpers/cli.js')
    const root = edition('none')(Buffer.from(''))
    // In a folder of its own: `init x` and `build` without --root write into the working folder.
    const work = mkdtempSync(join(tmpdir(), 'edition-fuzz-cwd-'))
    roots.push(work)
    writeFileSync(join(work, 'w.txt'), TEXT)
    // The editors' commands too (never `-`: it would read the test's own standard input).
    const word = fc.constantFrom(
      'check', 'build', 'export', 'init', 'new', '--root', root, '--out', join(work, 'out'), 'out.txt', '--format', 'tei', 'txt', 'pdf', '--style', 'apa', 'x.csl', '--witness', 'w.txt', '/dev/null', '--quiet', '-h', '--', '', '.', '..', '--title', '--language', 'xx!',
      'annotate', 'gloss', 'ref', 'add', 'list', 'remove', 'import', '--quote', 'met in', 'VTsSPS', '--body', 'A note [@siegelbaum1988].', '--sentence', '0', '99', '--term', '--form', '--label', '--id', 'n1', 'vtsps', '--yes', '--json', '--fix', '--status', 'disputed', '--prefix', '--suffix', '/dev/zero', '__proto__'
    )
    const cwd = process.cwd()
    process.chdir(work)
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(word, {maxLength: 6}), async (argv) => {
          const r = await runCli(argv)
          expect([0, 1, 2], `${argv.join(' ')}\n${r.stderr}`).toContain(r.code)
        }),
        {...params, numRuns: Math.max(20, Math.floor(RUNS / 2))}
      )
    } finally {
      process.chdir(cwd)
    }
  }, 600_000)
})

/** Replace the value at a position of `data` (a fraction of its values, in document order; only those under `key` when given). */
function replaceAt(data: unknown, where: number, value: unknown, key?: string): void {
  const slots: [Record<string, unknown>, string][] = []
  const walk = (v: unknown) => {
    if (typeof v !== 'object' || v === null) return
    for (const k of Object.keys(v)) {
      if (key === undefined || k === key) slots.push([v as Record<string, unknown>, k])
      walk((v as Record<string, unknown>)[k])
    }
  }
  walk(data)
  const slot = slots[Math.floor(where * slots.length)]
  if (slot) slot[0][slot[1]] = value
}
