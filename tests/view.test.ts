/**
 * The reading view as written (no browser): its script budget, valid HTML, a type-checked
 * client, and an apparatus that reaches every note without JavaScript. The browser tests
 * (tests/browser/view.test.ts) check how it behaves.
 */
import {execFile} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {promisify} from 'node:util'
import {gzipSync} from 'node:zlib'
import {beforeAll, describe, expect, it} from 'vitest'
import {fromHtml} from 'hast-util-from-html'
import type {Element, Root, RootContent} from 'hast'
import {loadEdition} from '../src/load/index.js'
import type {Edition} from '../src/model/edition.js'
import {PAGE_IDS, renderPage} from '../src/write/view/index.js'
import {editionCitation, EVIDENCE, STATUS, STATUSES, statusSentence} from '../src/model/words.js'
import {editionIri} from '../src/model/urls.js'
import {gloss, makeEdition, MINIMAL_YAML, note} from './helpers/fixture.js'
import {citations} from './helpers/model.js'
import {tool} from './helpers/tools.js'
import {build, repo} from './browser/serve.js'

const run = promisify(execFile)

const toString = (node: Root | RootContent): string => (node.type === 'text' ? node.value : 'children' in node ? node.children.map(toString).join('') : '')

function all(node: Root | Element, test: (e: Element) => boolean, out: Element[] = []): Element[] {
  for (const child of node.children) {
    if (child.type !== 'element') continue
    if (test(child)) out.push(child)
    all(child, test, out)
  }
  return out
}
const byId = (tree: Root, id: string) => all(tree, (e) => e.properties.id === id)[0]
const classes = (e: Element) => ([] as unknown[]).concat(e.properties.className ?? [])

async function load(root: string): Promise<Edition> {
  const {edition, files} = await loadEdition(root)
  if (!edition) throw new Error(files.flatMap((f) => f.messages.map(String)).join('\n'))
  return edition
}

let dist = ''
let html = ''
let tree: Root
let edition: Edition

beforeAll(async () => {
  dist = await build()
  html = readFileSync(join(dist, 'index.html'), 'utf8')
  tree = fromHtml(html)
  edition = await load(repo)
})

describe('the reading view’s budget and validity', () => {
  it('keeps all of its JavaScript under 10 KB gzipped, with no framework and nothing fetched', () => {
    const scripts = all(tree, (e) => e.tagName === 'script')
    expect(scripts.length).toBeGreaterThan(0)
    for (const s of scripts) {
      expect(s.properties.src).toBeUndefined()
      expect(s.properties.type).toBe('module')
    }
    const js = scripts.map((s) => toString(s)).join('\n')
    const gzipped = gzipSync(js, {level: 9}).length
    console.info(`reading view script: ${js.length} bytes, ${gzipped} bytes gzipped`)
    expect(gzipped).toBeLessThanOrEqual(10 * 1024)
    expect(js).not.toMatch(/\bimport\s*[({'"]|\bfetch\(|XMLHttpRequest|\bfrom\s+['"]/)
    expect(all(tree, (e) => (e.tagName === 'link' && e.properties.rel !== undefined && String(e.properties.href).startsWith('http')) || ['img', 'iframe'].includes(e.tagName))).toEqual([])
  })

  it('keeps its CSS under 6 KB gzipped', () => {
    const css = all(tree, (e) => e.tagName === 'style').map((s) => toString(s)).join('\n')
    const gzipped = gzipSync(css, {level: 9}).length
    console.info(`reading view CSS: ${css.length} bytes, ${gzipped} bytes gzipped`)
    expect(css.length).toBeGreaterThan(0)
    expect(gzipped).toBeLessThanOrEqual(6 * 1024)
  })

  it('type-checks its client script (plain JavaScript with JSDoc types)', async () => {
    const tsc = join(repo, 'node_modules/typescript/bin/tsc')
    const args = ['--noEmit', '--allowJs', '--checkJs', '--strict', '--target', 'ES2022', '--module', 'ES2022', '--lib', 'ES2023,DOM,DOM.Iterable', '--skipLibCheck', 'src/view/client.js']
    const result = await run(process.execPath, [tsc, ...args], {cwd: repo}).then(
      (r) => ({...r, code: 0}),
      (e: {stdout: string; code: number}) => e
    )
    expect(result.stdout).toBe('')
    expect(result.code).toBe(0)
  })

  const java = tool('java', 'apt-get install -y default-jre-headless')
  it.skipIf(!java)('passes the Nu HTML Checker with no errors', async () => {
    const vnu = join(repo, 'node_modules/vnu-jar/build/dist/vnu.jar')
    const result = await run(java!, ['-jar', vnu, '--format', 'json', '--stdout', join(dist, 'index.html')], {maxBuffer: 1 << 24}).catch((e: {stdout: string}) => e)
    const messages = (JSON.parse(result.stdout) as {messages: {type: string; message: string; lastLine?: number}[]}).messages
    expect(messages.filter((m) => m.type !== 'info').map((m) => `${m.lastLine}: ${m.message}`)).toEqual([])
  })
})

describe('the text block', () => {
  it('holds exactly the edition’s plain text: sentence numbers and note markers are generated content, not text', () => {
    const block = byId(tree, 'edition-text')!
    expect(toString(block)).toBe(edition.text)
    // Each note's passage is marked where it starts, for the script to highlight without searching.
    for (const a of edition.annotations.filter((x) => x.type === 'note')) {
      expect(all(block, (e) => classes(e).includes('ns') && e.properties.dataNote === a.id).length, a.id).toBe(a.targets.length)
    }
  })
})

describe('the text block’s witness readings', () => {
  it('carries what the witness has at each intervention in attributes, keeping the text exact', async () => {
    const block = byId(tree, 'edition-text')!
    const gaps = all(block, (e) => classes(e).includes('gap'))
    const omissions = edition.readings.filter((r) => r.intervention.type === 'omission')
    expect(gaps.map((g) => [g.properties.dataIntervention, g.properties.dataOmitted])).toEqual(omissions.map((r) => [r.intervention.id, r.witness]))
    for (const g of gaps) expect(g.children).toEqual([])
    // The Korean interface label that was omitted is marked as Korean.
    expect(gaps[0]!.properties.lang).toBe('ko')
    // A substitution: the witness's words in an attribute, the reading in its own span.
    const root = makeEdition({
      text: 'The first sentence. A second one.\n',
      witness: 'Teh first sentence. A second one.\n',
      yaml: MINIMAL_YAML.replace(
        'interventions: []',
        'interventions:\n  - id: typo\n    type: substitution\n    line: 1\n    column: 1\n    original: Teh\n    reading: The\n    description: Corrected a typing error.\n    reason: The capture has a typo.'
      )
    })
    const other = await load(root)
    const page = fromHtml(renderPage(other))
    const text = byId(page, 'edition-text')!
    expect(toString(text)).toBe(other.text)
    const reading = all(text, (e) => classes(e).includes('reading'))
    expect(reading.map((r) => [r.properties.dataIntervention, r.properties.dataOriginal, toString(r)])).toEqual([['typo', 'Teh', 'The']])
  })
})

describe('the reading view without JavaScript', () => {
  it('says where an entry that occurs only in notes is mentioned, and those notes link it', () => {
    const only = edition.annotations.filter((a) => a.targets.length === 0)
    expect(only.length).toBeGreaterThan(0)
    for (const a of only) {
      const entry = byId(tree, a.id)!
      const mentioned = all(entry, (e) => classes(e).includes('mentioned'))[0]
      expect(mentioned, a.id).toBeDefined()
      const hrefs = all(mentioned!, (e) => e.tagName === 'a').map((e) => String(e.properties.href).slice(1))
      expect(hrefs, a.id).toEqual(a.mentionedIn)
      for (const id of a.mentionedIn) {
        const by = byId(tree, id)!
        expect(all(by, (e) => e.tagName === 'a' && e.properties.href === `#${a.id}` && classes(e).includes('term')).length, `${id} → ${a.id}`).toBeGreaterThan(0)
      }
      // Named as a reader names them: "Note 3", a glossary term, the introduction.
      for (const link of all(mentioned!, (e) => e.tagName === 'a')) expect(toString(link)).toMatch(/^(Note \d+|the introduction|[^#]+)$/)
      expect(all(entry, (e) => classes(e).includes('backlinks'))).toEqual([])
    }
  })

  it('names the edition for annotation clients: its identifier always, a canonical link only with an address', async () => {
    const meta = all(tree, (e) => e.tagName === 'meta' && e.properties.name === 'dc.identifier')
    expect(meta.map((m) => m.properties.content)).toEqual([editionIri(edition)])
    expect(all(tree, (e) => e.tagName === 'link' && String(e.properties.rel) === 'canonical')).toEqual([])
    const other = await load(makeEdition({text: 'One sentence.\n', yaml: MINIMAL_YAML.replace('title: A test edition', 'title: A test edition\nurl: https://example.org/edition/')}))
    const page = fromHtml(renderPage(other))
    expect(all(page, (e) => e.tagName === 'link' && String(e.properties.rel) === 'canonical').map((l) => l.properties.href)).toEqual(['https://example.org/edition/'])
    expect(all(page, (e) => e.properties.name === 'dc.identifier').map((m) => m.properties.content)).toEqual(['https://example.org/edition/'])
  })

  it('offers a sentence’s citation in Chicago, plain text, BibTeX and CSL-JSON, with no address the edition does not have', async () => {
    const forms = (page: Root) => new Map(all(page, (e) => classes(e).includes('cite-form')).map((f) => [String(f.properties.dataFormat), f]))
    const fill = (f: Element, values: Record<string, string>) => {
      const copy = structuredClone(all(f, (e) => classes(e).includes('cite-text'))[0]!)
      for (const slot of all(copy, (e) => e.properties.dataSlot !== undefined)) slot.children = [{type: 'text', value: values[String(slot.properties.dataSlot)]!}]
      return toString(copy)
    }
    const values = {n: '7', id: 's-abc', iso: '2026-12-03', long: 'December 3, 2026', y: '2026', m: '12', d: '3'}
    const here = forms(tree)
    expect([...here.keys()]).toEqual(['chicago', 'plain', 'bibtex', 'csl'])
    const chicago = fill(here.get('chicago')!, values)
    expect(chicago).toBe(`Edition editors, ed., ${edition.meta.title}, version ${edition.meta.version} (November 26, 2026), sentence 7, accessed December 3, 2026.`)
    expect(fill(here.get('plain')!, values)).toContain(`version ${edition.meta.version} (${edition.meta.date}), sentence 7. Accessed 2026-12-03.`)
    expect(fill(here.get('bibtex')!, values)).toMatch(/^@\w+\{edition,/)
    const csl = JSON.parse(fill(here.get('csl')!, values)) as {version: string; accessed: unknown; URL?: string}[]
    expect(csl[0]!.version).toBe(edition.meta.version)
    expect(csl[0]!.accessed).toEqual({'date-parts': [[2026, 12, 3]]})
    expect(csl[0]!.URL).toBeUndefined()
    expect(html).not.toMatch(/file:\/\/|127\.0\.0\.1|localhost/)
    // With an address: the sentence's address, from the edition's url.
    const other = await load(makeEdition({text: 'One sentence.\n', yaml: MINIMAL_YAML.replace('title: A test edition', 'title: A test edition\nurl: https://example.org/edition/')}))
    const there = forms(fromHtml(renderPage(other)))
    expect(fill(there.get('chicago')!, values)).toMatch(/, sentence 7, accessed December 3, 2026, https:\/\/example\.org\/edition\/#s-abc\.$/)
    expect(fill(there.get('plain')!, values)).toContain('sentence 7. https://example.org/edition/#s-abc Accessed 2026-12-03.')
    expect((JSON.parse(fill(there.get('csl')!, values)) as {URL: string}[])[0]!.URL).toBe('https://example.org/edition/')
  })

  it('links every note and glossary term in the text to its entry, and every entry back to each place', () => {
    const text = byId(tree, 'text')!
    for (const a of edition.annotations) {
      const calls = all(text, (e) => e.tagName === 'a' && e.properties.href === `#${a.id}`)
      expect(calls.length, a.id).toBe(a.targets.length)
      const entry = byId(tree, a.id)!
      expect(entry.tagName, a.id).toBe('article')
      const back = all(entry, (e) => e.tagName === 'a' && classes(e).length === 0 && String(e.properties.href).startsWith(`#${a.id}-`))
      expect(back.map((b) => b.properties.href)).toEqual(a.targets.map((_, k) => `#${a.id}-${k + 1}`))
      for (const b of back) expect(byId(tree, String(b.properties.href).slice(1)), String(b.properties.href)).toBeDefined()
      expect(toString(entry)).toMatch(/Verified|Unverified|Disputed/)
    }
  })

  it('puts each note’s marker right after the words it is about, numbered in text order', () => {
    const notes = edition.annotations.filter((a) => a.type === 'note').sort((a, b) => a.targets[0]!.start - b.targets[0]!.start)
    notes.forEach((a, i) => {
      const marker = byId(tree, `${a.id}-1`)!
      expect(marker.properties.ariaLabel).toBe(`Note ${i + 1}`)
      expect(marker.properties.dataN).toBe(String(i + 1))
      const sentence = edition.sentences.find((s) => s.id === a.targets[0]!.sentences.at(-1))!
      const span = byId(tree, sentence.id)!
      // The sentence's words up to the marker end with the quote.
      const before: string[] = []
      const walk = (node: Element): boolean => {
        for (const c of node.children) {
          if (c === marker || (c.type === 'element' && c.children.includes(marker))) return true
          if (c.type === 'text') before.push(c.value)
          else if (c.type === 'element' && !classes(c).includes('sn') && !classes(c).includes('noteref') && walk(c)) return true
        }
        return false
      }
      walk(span)
      expect(before.join('').endsWith(a.targets[0]!.selector.exact), a.id).toBe(true)
    })
  })

  it('numbers and links every sentence, and lists its source and annotations', () => {
    for (const s of edition.sentences) {
      const span = byId(tree, s.id)!
      const number = span.children.find((c): c is Element => c.type === 'element' && classes(c).includes('sn'))!
      // Without the script, a sentence's number leads to its source and notes, and back.
      expect(number.properties.href).toBe(`#src-${s.id}`)
      expect(number.properties.ariaLabel).toBe(`Sentence ${s.n}`)
      expect(toString(number)).toBe('')
      const entry = byId(tree, `src-${s.id}`)!
      expect(all(entry, (e) => e.properties.href === `#${s.id}`)).toHaveLength(1)
      const item = toString(entry)
      expect(item).toContain(`line ${s.witness.line}`)
      // The place in the witness links to that line of the witness in this page, not to a file path.
      expect(item).not.toContain(edition.witness.file)
      const line = all(entry, (e) => e.properties.href === `#witness-${s.witness.line}`)
      expect(line).toHaveLength(1)
      expect(byId(tree, `witness-${s.witness.line}`)!.tagName).toBe('li')
      for (const id of s.annotations) expect(all(byId(tree, `src-${s.id}`)!, (e) => e.properties.href === `#${id}`).length, `${s.id} ${id}`).toBe(1)
    }
  })

  it('links each work in the bibliography back to every sentence whose annotations cite it', () => {
    for (const b of edition.bibliography) {
      const expected = edition.sentences
        .filter((s) => edition.annotations.some((a) => citations(a).some((c) => c.key === b.id) && a.targets.some((t) => t.sentences.includes(s.id))))
        .map((s) => `#${s.id}`)
      const entry = byId(tree, `ref-${b.id}`)!
      expect(all(entry, (e) => e.tagName === 'a' && String(e.properties.href).startsWith('#s-')).map((e) => e.properties.href), b.id).toEqual(expected)
    }
  })

  it('states the source with what is not known, the licences, and how to cite the edition', () => {
    const header = toString(all(tree, (e) => e.tagName === 'header')[0]!)
    expect(header).toContain(edition.meta.title)
    expect(header).toContain(`Version ${edition.meta.version}`)
    expect(header).toContain('record 3022614')
    expect(header).toMatch(/author, title, journal and date are not known/)
    expect(header).toContain('CC BY 4.0')
    expect(header).toContain('MIT')
    expect(header).toContain(edition.meta.licence.text.trim())
    expect(toString(byId(tree, 'how-to-cite')!)).toBe(editionCitation(edition).text)
  })

  it('shows the witness as captured, the omitted lines struck and labelled with their intervention', () => {
    const lines = all(byId(tree, 'witness')!, (e) => e.tagName === 'li')
    expect(lines).toHaveLength(edition.witness.text.replace(/\n$/, '').split('\n').length)
    for (const i of edition.meta.interventions) {
      if (i.type !== 'omission') continue
      for (let n = i.lines[0]; n <= i.lines[1]; n++) expect(classes(lines[n - 1]!), `line ${n}`).toContain('omitted')
      expect(toString(lines[i.lines[0] - 1]!)).toContain(i.description.trim())
    }
    expect(toString(lines[0]!)).toContain('초록 열기/닫기 버튼')
    const struck = all(lines[0]!, (e) => e.tagName === 'del')
    expect(struck).toHaveLength(1)
    expect(all(struck[0]!, (e) => e.properties.lang === 'ko').map(toString)).toEqual(['초록 열기/닫기 버튼'])
  })

  it('says the interface is English, the text and the witness are in the edition’s language', () => {
    const html = all(tree, (e) => e.tagName === 'html')[0]!
    expect(html.properties.lang).toBe('en')
    const text = all(byId(tree, 'text')!, (e) => classes(e).includes('text'))[0]!
    expect(text.properties.lang).toBe(edition.meta.language)
    const witness = all(byId(tree, 'witness')!, (e) => classes(e).includes('witness-lines'))[0]!
    expect(witness.properties.lang).toBe(edition.meta.language)
    // Labels inside the witness are the interface's.
    for (const label of all(witness, (e) => classes(e).includes('int-label') || classes(e).includes('blank'))) expect(label.properties.lang).toBe('en')
    for (const a of edition.annotations) {
      if (!a.original) continue
      expect(all(byId(tree, a.id)!, (e) => e.properties.lang === a.original!.language).map(toString), a.id).toEqual([a.original.text])
    }
  })

  it('explains each status in the same words in the editorial statement and on each badge', () => {
    const statement = toString(byId(tree, 'introduction')!)
    for (const status of STATUSES) expect(statement).toContain(statusSentence(status))
    // The statement follows the introduction.
    expect(statement.indexOf(statusSentence('verified'))).toBeGreaterThan(statement.indexOf('Editorial principles'))
    for (const words of Object.values(EVIDENCE)) expect(statement).toContain(words)
    const badges = all(tree, (e) => classes(e).includes('status'))
    expect(badges.length).toBe(edition.annotations.length)
    const words = new Map(STATUSES.map((s) => [STATUS[s].word, s]))
    for (const b of badges) {
      const [word] = toString(b).split(':')
      expect(toString(b)).toBe(statusSentence(words.get(word!)!))
    }
  })

  it('gives ids only to annotations, their places, sentences, src-/ref-/int-/witness- items and the page’s own PAGE_IDS', () => {
    const ids = all(tree, (e) => e.properties.id !== undefined).map((e) => String(e.properties.id))
    expect(new Set(ids).size, 'no id twice').toBe(ids.length)
    const annotations = new Map(edition.annotations.map((a) => [a.id, a]))
    const sentences = new Set(edition.sentences.map((s) => s.id))
    const works = new Set(edition.bibliography.map((b) => b.id))
    const interventions = new Set(edition.meta.interventions.map((i) => i.id))
    const page = new Set<string>(PAGE_IDS)
    const place = (id: string) => {
      const m = /^(.+)-(\d+)$/.exec(id)
      const a = m && annotations.get(m[1]!)
      return !!a && Number(m[2]) >= 1 && Number(m[2]) <= a.targets.length
    }
    const allowed = (id: string) =>
      annotations.has(id) ||
      place(id) ||
      sentences.has(id) ||
      (id.startsWith('src-') && sentences.has(id.slice(4))) ||
      (id.startsWith('ref-') && works.has(id.slice(4))) ||
      (id.startsWith('int-') && interventions.has(id.slice(4))) ||
      (/^witness-\d+$/.test(id) && Number(id.slice(8)) >= 1 && Number(id.slice(8)) <= edition.witness.text.replace(/\n$/, '').split('\n').length) ||
      page.has(id)
    expect(ids.filter((id) => !allowed(id))).toEqual([])
    // The list is not stale: the page uses each, and client.js makes `note`.
    expect(PAGE_IDS.filter((id) => !ids.includes(id))).toEqual(['note'])
    expect(readFileSync(join(repo, 'src/view/client.js'), 'utf8')).toContain(`pop.id = 'note'`)
  })
})

/** Hostile strings for every editor-written field that reaches the page as text. */
const CLOSE_SCRIPT = '</script><img src=x onerror=alert(1)>'
const BREAK_ATTRIBUTE = '"><svg onload=alert(1)>'
const HOSTILE = `${CLOSE_SCRIPT} ${BREAK_ATTRIBUTE}`

/** No script runs from the page but its own, and no link goes to a `javascript:` address. */
function expectInert(html: string, page: Root) {
  expect(html).not.toMatch(/<svg/i)
  expect(html).not.toMatch(/javascript:/i)
  // `onerror=` and `onload=` may stand in text (escaped: `&#x3C;img src=x onerror=…`), never in a tag.
  expect(html).not.toMatch(/<[a-z][^<>]*\bon(error|load)\s*=/i)
  expect(all(page, (e) => ['svg', 'iframe', 'object', 'embed'].includes(e.tagName))).toEqual([])
  expect(all(page, (e) => Object.keys(e.properties).some((k) => /^on/i.test(k)))).toEqual([])
  const scripts = all(page, (e) => e.tagName === 'script')
  expect(scripts).toHaveLength(1)
  expect(toString(scripts[0]!)).not.toMatch(/alert|onerror|onload/)
}

describe('the reading view of another edition', () => {
  it('lists notes whose passage is no longer in the text, with their words and why', async () => {
    const model = await load(makeEdition({text: 'Stakhanov set a record.\n', notes: {record: note('set a record', 'A note on the record.')}}))
    const orphan = structuredClone(model.annotations[0]!)
    orphan.id = 'gone'
    orphan.targets = [{...orphan.targets[0]!, selector: {type: 'TextQuoteSelector', exact: 'words since removed'}}]
    orphan.anchor = {state: 'orphaned', reason: 'The quote is no longer in the text'}
    model.orphans = [orphan]
    const page = fromHtml(renderPage(model))
    const entry = byId(page, 'gone')!
    expect(toString(entry)).toContain('words since removed')
    expect(toString(entry)).toContain('Not found in the text: The quote is no longer in the text.')
    expect(toString(entry)).toContain('A note on the record.')
    expect(all(byId(page, 'notes')!, (e) => e.tagName === 'h3').map(toString)).toContain('Notes no longer placed in the text')
    // An orphan has no place in the text.
    expect(all(byId(page, 'edition-text')!, (e) => e.properties.href === '#gone')).toEqual([])
  })


  it('shows hostile text in every editor-written field as text, never as markup', async () => {
    const root = makeEdition({
      text: 'Stakhanov set a record. A second sentence.\n',
      yaml: MINIMAL_YAML.replace('title: A test edition', `title: ${JSON.stringify(`Title ${HOSTILE}`)}`).replace(
        '  - name: Test Editor',
        `  - name: ${JSON.stringify(`Editor ${HOSTILE}`)}`
      ),
      glossary: {
        stakhanov: gloss(
          `Term ${HOSTILE}`,
          ['Stakhanov'],
          `A miner [@hostile, 5]. [x](javascript:alert(1)) ${HOSTILE}`,
          `original:\n  text: ${JSON.stringify(`Original ${HOSTILE}`)}\n  transliteration: ${JSON.stringify(`Translit ${HOSTILE}`)}\n  language: ru\n`
        )
      },
      notes: {record: note('set a record', `A note citing [@hostile]. ${HOSTILE}`)},
      references: [{id: 'hostile', type: 'book', title: `Book ${HOSTILE}`, author: [{family: `Author ${HOSTILE}`}], issued: {'date-parts': [[1990]]}}]
    })
    const hostile = await load(root)
    expect(hostile.annotations.find((a) => a.id === 'stakhanov')!.label).toContain(CLOSE_SCRIPT)
    const html = renderPage(hostile)
    const page = fromHtml(html)
    expectInert(html, page)
    expect(html).not.toMatch(/<img src=x/i)
    expect(all(page, (e) => e.tagName === 'img')).toEqual([])
    // Each field did reach the page, as text (the style title-cases the book's title).
    const text = toString(page)
    for (const field of ['Title', 'Editor', 'Term', 'Original', 'Translit', 'Author']) expect(text, field).toContain(`${field} ${HOSTILE}`)
    expect(text.toLowerCase()).toContain(`book ${HOSTILE}`.toLowerCase())
    // Also in the head, and in the panel's citation (text, not an attribute).
    expect(toString(all(page, (e) => e.tagName === 'title')[0]!)).toBe(`Title ${HOSTILE}`)
    const cites = all(page, (e) => classes(e).includes('cite-form') && ['chicago', 'plain'].includes(String(e.properties.dataFormat)))
    expect(cites).toHaveLength(2)
    for (const cite of cites) expect(toString(cite)).toContain(`Editor ${HOSTILE}`)
  })

  it('sanitises bibliography entries and note bodies itself, not trusting the model to have done it', async () => {
    const root = makeEdition({
      text: 'Stakhanov set a record.\n',
      glossary: {stakhanov: gloss('Stakhanov', ['Stakhanov'], 'A miner [@work].')},
      references: [{id: 'work', type: 'book', title: 'A Book', issued: {'date-parts': [[1990]]}}]
    })
    const model = await load(root)
    const raw = `<div class="csl-entry">A Book<img src=x onerror=alert(1)><script>alert(1)</script><a href="javascript:alert(1)">x</a><svg onload=alert(1)></svg></div>`
    // citeproc's output is hast in the model; an editor's body is mdast. Both are made hostile here.
    model.bibliography[0]!.content = fromHtml(raw, {fragment: true}).children as never
    const cite = (model.annotations[0]!.body.children[0] as unknown as {children: never[]}).children.find((n: {type: string}) => n.type === 'cite')!
    model.annotations[0]!.body = {
      type: 'root',
      children: [
        {
          type: 'paragraph',
          children: [
            {type: 'text', value: 'A miner'},
            cite,
            {type: 'html', value: '<img src=x onerror=alert(1)>'},
            {type: 'text', value: 'y', data: {hName: 'img', hProperties: {src: 'x', onError: 'alert(1)'}}},
            {type: 'link', url: 'javascript:alert(1)', data: {hProperties: {onClick: 'alert(1)'}}, children: [{type: 'text', value: 'x'}]}
          ]
        }
      ]
    }
    const html = renderPage(model)
    const page = fromHtml(html)
    expectInert(html, page)
    // What the pipeline's schema leaves of an image: no handler, an address that stays relative.
    for (const img of all(page, (e) => e.tagName === 'img')) expect(img.properties).toEqual({src: 'x'})
    expect(toString(byId(page, 'ref-work')!)).toContain('A Book')
    // The entry as cited in the glossary entry (and so in the panel and the note, which copy it).
    const works = all(byId(page, 'stakhanov')!, (e) => classes(e).includes('work'))
    expect(works.map(toString)).toEqual(['A Bookx'])
    expect(all(works[0]!, (e) => e.tagName === 'a')).toEqual([])
  })

  it('marks runs of a script written for one language with that language, and no other', async () => {
    const witness = 'ヘッダー 東京都 メニュー\nПривет мир\n서울 & Москва\nქართული\n東京\n\nOne sentence.\n'
    const root = makeEdition({
      text: 'One sentence.\n',
      witness,
      yaml: MINIMAL_YAML.replace('interventions: []', 'interventions:\n  - id: menu\n    type: omission\n    lines: [1, 6]\n    description: Omitted the menu.\n    reason: Not text.')
    })
    const page = fromHtml(renderPage(await load(root)))
    const lines = all(byId(page, 'witness')!, (e) => e.tagName === 'li')
    const marked = (n: number) => all(lines[n - 1]!, (e) => e.tagName === 'span' && e.properties.lang !== undefined).map((e) => [e.properties.lang, toString(e)])
    expect(marked(1)).toEqual([['ja', 'ヘッダー 東京都 メニュー']])
    expect(marked(2)).toEqual([])
    expect(marked(3)).toEqual([['ko', '서울']])
    expect(marked(4)).toEqual([['ka', 'ქართული']])
    expect(marked(5)).toEqual([])
    expect(marked(7)).toEqual([])
  })


  it('marks a substitution in the witness, keeps note markers out of links, and links no unsafe address', async () => {
    const witness = 'Teh first sentence names Stakhanov. A second one.\n'
    const root = makeEdition({
      text: 'The first sentence names Stakhanov. A second one.\n',
      witness,
      yaml: MINIMAL_YAML.replace(
        'interventions: []',
        'interventions:\n  - id: typo\n    type: substitution\n    line: 1\n    column: 1\n    original: Teh\n    reading: The\n    description: Corrected a typing error.\n    reason: The capture has a typo.'
      ),
      glossary: {stakhanov: gloss('Stakhanov', ['Stakhanov'], 'A miner.\n\n## A heading in a note')},
      notes: {names: note('names Stakhanov', 'A note ending inside a term.')}
    })
    const model = await load(root)
    // The schema wants http(s); the view must not rely on it.
    model.meta.source.url = 'javascript:alert(1)'
    const page = fromHtml(renderPage(model))
    const marker = byId(page, 'names-1')!
    const parentOf = (tree: Root | Element, node: Element): Element | undefined => {
      for (const c of tree.children) {
        if (c.type !== 'element') continue
        if (c.children.includes(node)) return c
        const found = parentOf(c, node)
        if (found) return found
      }
      return undefined
    }
    expect(parentOf(page, marker)!.tagName).toBe('sup')
    expect(all(byId(page, 'text')!, (e) => e.tagName === 'a' && all(e, (x) => x.tagName === 'a').length > 0)).toEqual([])
    const line = all(byId(page, 'witness')!, (e) => e.tagName === 'li')[0]!
    expect(toString(all(line, (e) => e.tagName === 'del')[0]!)).toBe('Teh')
    expect(toString(all(line, (e) => e.tagName === 'ins')[0]!)).toBe('The')
    expect(all(page, (e) => /^\s*javascript:/i.test(String(e.properties.href ?? '')))).toEqual([])
    // A note's own heading sits below its entry's.
    expect(all(byId(page, 'stakhanov')!, (e) => e.tagName === 'h2')).toEqual([])
    expect(all(byId(page, 'stakhanov')!, (e) => e.tagName === 'h4').map(toString)).toEqual(['A heading in a note'])
  })
})
