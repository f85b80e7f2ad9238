/**
 * What the export tests share: the two editions every validator runs on (the real one, and a
 * generated one with awkward content), the W3C Web Annotation conformance runner, and a way to
 * run the Java validators on several files at once.
 */
import {execFile} from 'node:child_process'
import {mkdtempSync, readFileSync, readdirSync, writeFileSync, existsSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {promisify} from 'node:util'
import Ajv04Module from 'ajv-draft-04'
import addFormatsModule from 'ajv-formats'
import type {Ajv, ValidateFunction} from 'ajv'
import type {Element, Root as HastRoot} from 'hast'
import {loadEdition} from '../src/load/index.js'
import type {Edition} from '../src/model/edition.js'
import {writers} from '../src/write/index.js'
import {gloss, makeEdition, MINIMAL_YAML, note} from './helpers/fixture.js'

const run = promisify(execFile)

// Both are CommonJS; their default exports arrive wrapped under ESM.
const unwrap = <T>(m: unknown): T => ((m as {default?: unknown}).default ?? m) as T
const Ajv04 = unwrap<new (options: object) => Ajv>(Ajv04Module)
const addFormats = unwrap<(ajv: Ajv) => Ajv>(addFormatsModule)

export const ROOT = new URL('..', import.meta.url).pathname

async function load(root: string): Promise<Edition> {
  const {edition, files} = await loadEdition(root)
  if (!edition) throw new Error(`the edition at ${root} does not load:\n${files.flatMap((f) => f.messages.map(String)).join('\n')}`)
  return edition
}

export const realEdition = () => load(ROOT)

export const HOSTILE_SCRIPT = '<script>alert(1)</script>'
export const HOSTILE_LINK = '[x](javascript:alert(1))'

/** The witness of the awkward edition: an interface label to omit, and a typo to correct. */
const WITNESS = `초록 열기/닫기 버튼

Teh “Workers & Peasants” union met in Москва on 5 May 1936, and output rose by < 5 % & more. Its motto was «Всё для фронта», and 노동자 연대 was written on the banner.

A second paragraph quotes "Stakhanov" & his *record* [sic]. It ends here. Then the ВЦСПС spoke again.
`

const TEXT = WITNESS.split('\n').slice(2).join('\n').replace('Teh', 'The')

const YAML = MINIMAL_YAML.replace('title: A test edition', `title: "Quotes \\"&\\" <angles> — Москва & 서울"\nsubtitle: "An *awkward* edition"`)
  .replace('  - name: Test Editor', '  - name: "Ирина Петрова"\n    role: editor\n    orcid: 0000-0002-1825-0097\n  - name: "김민준 & Co <ed>"')
  .replace('interventions: []', `interventions:
  - id: omit-label
    type: omission
    lines: [1, 2]
    description: Omitted the interface label "초록 열기/닫기 버튼" & the blank line after it.
    reason: It is a <button> label, not text.
  - id: typo
    type: substitution
    line: 3
    column: 1
    original: Teh
    reading: The
    description: Corrected "Teh" to "The".
    reason: A typing error in the capture.`)
  .replace('    type: article-journal\n', '    type: article-journal\n    title: "Known title & <more>"\n')
  .replace('  unknown: [author, title]', '  unknown: [author, container-title, issued]')

const REFERENCES = [
  {id: 'smith1990', type: 'article-journal', author: [{family: 'Smith', given: 'Ann'}, {family: 'О’Брайен', given: 'Пётр'}], title: 'Labour & <Discipline> in “Moscow”', 'container-title': 'Journal of Things', volume: '12', issue: '3', page: '45–67', issued: {'date-parts': [[1990, 5]]}, DOI: '10.1000/xyz_123', _verification: {all: ['verified', 'test']}},
  {id: 'anon-2001', type: 'book', title: 'A Book With No Author: Кириллица и 한국어 {braces} 50% $x$', publisher: 'P & Q', 'publisher-place': 'Москва', issued: {'date-parts': [[2001]]}, ISBN: '978-3-16-148410-0'},
  {id: 'lee2010', type: 'chapter', author: [{family: 'Lee', given: 'Ji-woo'}], editor: [{family: 'Park', given: 'Soo'}], title: 'A Chapter', 'container-title': 'An Edited Book', publisher: 'Seoul UP', page: '1-20', issued: {'date-parts': [[2010]]}, URL: 'https://example.org/lee?a=1&b=2'}
]

/** A generated edition with every kind of awkward content the writers must survive. */
export async function awkwardEdition(): Promise<Edition> {
  const root = makeEdition({
    text: TEXT,
    witness: WITNESS,
    yaml: YAML,
    glossary: {
      vtsps: gloss('ВЦСПС', ['ВЦСПС'], 'The council: "A & B" <not a tag> [@anon-2001, 5].', `original:\n  text: Всесоюзный совет\n  transliteration: Vsesoiuznyi sovet\n  language: ru\nsameAs: ["https://www.wikidata.org/wiki/Q1139165"]\n`),
      banner: gloss('노동자 연대', ['노동자 연대'], 'Korean for "workers\' solidarity" & more.')
    },
    notes: {
      'quotes-and-amps': note('output rose by < 5 % & more', 'He said "A & B <C>" — \'quoted\' & ‘curly’ [see @smith1990, 45–50; -@lee2010, chap. 2].\n\nAs @smith1990 [p. 46] argues, 1 < 2 && 3 > 2.', ''),
      'two-sentences': note('It ends here. Then the ВЦСПС', 'This note spans two sentences: Москва & 서울.', '').replace('status: verified', 'status: disputed'),
      hostile: note('union met in Москва', `${HOSTILE_SCRIPT}\n\nClick ${HOSTILE_LINK} or <img src=x onerror=alert(1)> or <javascript:void(3)>.\n\n- a list item with **bold** and \`code <x>\`\n- second\n\n> quoted & blocked\n\n## A heading\n\n\`\`\`\n<script>alert(2)</script>\n\`\`\``).replace('status: verified', 'status: unverified')
    },
    references: REFERENCES
  })
  return load(root)
}

/** Every writer's output for an edition, written into a fresh folder. */
export async function writeAll(edition: Edition, formats = Object.keys(writers)): Promise<{dir: string; files: Record<string, string>; text: Record<string, string>}> {
  const dir = mkdtempSync(join(tmpdir(), 'edition-export-'))
  const files: Record<string, string> = {}
  const text: Record<string, string> = {}
  for (const f of formats) {
    const w = writers[f]!
    text[f] = await w.write(edition)
    files[f] = join(dir, w.file)
    writeFileSync(files[f], text[f])
  }
  return {dir, files, text}
}

/** Run a command; its output whatever the exit status. */
export async function output(cmd: string, args: string[]): Promise<{stdout: string; stderr: string; code: number}> {
  try {
    const {stdout, stderr} = await run(cmd, args, {maxBuffer: 64 * 1024 * 1024})
    return {stdout, stderr, code: 0}
  } catch (e) {
    const err = e as {stdout?: string; stderr?: string; code?: number}
    return {stdout: err.stdout ?? '', stderr: err.stderr ?? '', code: typeof err.code === 'number' ? err.code : 1}
  }
}

/** Every element of a hast tree that passes `test`. */
export function selectAll(tree: HastRoot | Element, test: (e: Element) => boolean): Element[] {
  const out: Element[] = []
  const walk = (node: HastRoot | Element) => {
    for (const child of node.children) {
      if (child.type !== 'element') continue
      if (test(child)) out.push(child)
      walk(child)
    }
  }
  walk(tree)
  return out
}

// ---------------------------------------------------------------- W3C Web Annotation conformance

interface Assertion {
  title?: string
  assertionType?: string
  expectedResult?: 'valid' | 'invalid'
  onUnexpectedResult?: string
  errorMessage?: string
}

export interface AssertionResult {
  file: string
  title: string
  must: boolean
  outcome: 'pass' | 'fail' | 'skipped'
  message?: string
}

type Tree = (string | Tree)[]

/**
 * The web-platform-tests JSONtest runner, for Node: the assertions of a `.test` list are JSON
 * Schemas (draft-04) run in order, each passing when its result is `expectedResult`; an
 * unexpected result fails, and its `onUnexpectedResult` says what runs next (`…AndSkip`: skip
 * the rest of this level, `…AndAbort`: skip everything after).
 */
export class AnnotationConformance {
  private readonly ajv: Ajv
  private readonly compiled = new Map<string, {schema: Assertion; validate: ValidateFunction}>()

  constructor(private readonly suite: string) {
    this.ajv = new Ajv04({strict: false, allErrors: true, validateSchema: false})
    addFormats(this.ajv)
    const defs = join(suite, 'definitions')
    for (const f of readdirSync(defs).filter((f) => f.endsWith('.json'))) this.ajv.addSchema(JSON.parse(readFileSync(join(defs, f), 'utf8')))
  }

  /** The assertion files of a `.test` list (a path relative to an annotation-model folder is tried in the suite and its annotations/). */
  private list(testFile: string): Tree {
    const resolve = (ref: string) => [join(this.suite, ref), join(this.suite, 'annotations', ref)].find(existsSync) ?? ref
    const walk = (items: unknown[]): Tree => items.map((a) => (Array.isArray(a) ? walk(a) : resolve(String(a))))
    return walk((JSON.parse(readFileSync(testFile, 'utf8')) as {assertions: unknown[]}).assertions)
  }

  private assertion(file: string) {
    let entry = this.compiled.get(file)
    if (!entry) {
      const schema = JSON.parse(readFileSync(file, 'utf8')) as Assertion
      entry = {schema, validate: this.ajv.compile(schema)}
      this.compiled.set(file, entry)
    }
    return entry
  }

  check(data: unknown, testFile: string): AssertionResult[] {
    const results: AssertionResult[] = []
    const runLevel = (tree: Tree, inherited: string): string => {
      let action = inherited
      for (const item of tree) {
        if (Array.isArray(item)) {
          if (runLevel(item, action) === 'abort') action = 'abort'
          continue
        }
        const {schema, validate} = this.assertion(item)
        const title = schema.title ?? item
        const must = (schema.assertionType ?? 'must') === 'must'
        if (action !== 'continue') {
          results.push({file: item, title, must, outcome: 'skipped'})
          continue
        }
        const valid = validate(data) as boolean
        const expected = schema.expectedResult ?? 'valid'
        const ok = (expected === 'valid') === valid
        if (!ok) {
          const on = schema.onUnexpectedResult ?? 'failAndContinue'
          action = on.endsWith('Skip') ? 'skip' : on.endsWith('Abort') ? 'abort' : 'continue'
          // As in JSONtest.js, an unexpected result fails whatever `onUnexpectedResult` says; that only decides what runs next.
          results.push({file: item, title, must, outcome: 'fail', message: `${schema.errorMessage ?? ''} ${this.ajv.errorsText(validate.errors)}`})
        } else results.push({file: item, title, must, outcome: 'pass'})
      }
      return action
    }
    runLevel(this.list(testFile), 'continue')
    return results
  }
}
