/**
 * The TEI export, checked by jing against TEI P5 `tei_all` and read back as XML (xast-util-from-xml,
 * a strict parser): the real edition, the awkward one, editions whose source is a letter and a
 * book, an edition with an orphaned note, and every CSL type with every field.
 */
import {beforeAll, describe, expect, it} from 'vitest'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import fc from 'fast-check'
import {fromXml} from 'xast-util-from-xml'
import type {Element, Nodes, Root} from 'xast'
import type {Nodes as MdNodes} from 'mdast'
import {visit} from 'unist-util-visit'
import {toString} from 'mdast-util-to-string'
import type {Annotation, CslItem, Edition} from '../src/model/edition.js'
import type {CiteNode} from '../src/model/nodes.js'
import {citeNodes} from '../src/cite/index.js'
import {STATUS} from '../src/model/words.js'
import {CERT, toTei} from '../src/write/tei/index.js'
import {NAME_VARIABLES} from '../src/write/tei/bibliography.js'
import {tool, sharedFile} from './helpers/tools.js'
import {makeEdition, MINIMAL_YAML, note} from './helpers/fixture.js'
import {awkwardEdition, output, realEdition, writeAll} from './export-support.js'
import {loadEdition} from '../src/load/index.js'

const java = tool('java')
const jing = tool('/usr/share/java/jing.jar', 'apt-get install -y --no-install-recommends jing')
const schema = sharedFile('validators/tei_all-4.8.0.rng')

// ---------------------------------------------------------------- reading the XML back

const parse = (xml: string): Root => fromXml(xml)

/** Every element under `node` (in document order), or those named `name`. */
function elements(node: Nodes, name?: string): Element[] {
  const out: Element[] = []
  const walk = (n: Nodes) => {
    if (n.type === 'element' && (!name || n.name === name)) out.push(n)
    if ('children' in n) for (const c of n.children) walk(c)
  }
  walk(node)
  return out
}

/** The text of a node as a parser reads it (text and CDATA). */
function text(node: Nodes): string {
  if (node.type === 'text' || node.type === 'cdata') return node.value
  return 'children' in node ? node.children.map(text).join('') : ''
}

const one = (node: Nodes, name: string, test: (e: Element) => boolean = () => true): Element => {
  const found = elements(node, name).filter(test)
  expect(found.length, `one <${name}>`).toBe(1)
  return found[0]!
}
const byId = (root: Root, id: string) => elements(root).find((e) => e.attributes['xml:id'] === id)
const ids = (root: Root) => new Set(elements(root).map((e) => e.attributes['xml:id']).filter(Boolean))
const children = (el: Element, name?: string) => el.children.filter((c): c is Element => c.type === 'element' && (!name || c.name === name))

/**
 * The text a reader reads, with where each anchor stands in it: the witness's side of a choice
 * (`<sic>`) and what an omission's `<gap>` says about itself are not the text.
 */
function reading(node: Nodes): {text: string; at: Map<string, number>} {
  let out = ''
  const at = new Map<string, number>()
  const walk = (n: Nodes) => {
    if (n.type === 'text' || n.type === 'cdata') out += n.value
    if (n.type !== 'element' && n.type !== 'root') return
    if (n.type === 'element') {
      if (n.name === 'sic' || n.name === 'gap') return
      if (n.name === 'anchor') at.set(n.attributes['xml:id']!, out.length)
    }
    for (const c of n.children) walk(c)
  }
  walk(node)
  return {text: out, at}
}

// ---------------------------------------------------------------- the editions

/** A source that is a letter: no "article", no "abstract", a recipient, an archive, and two unknowns. */
const LETTER_YAML = MINIMAL_YAML.replace(
  /source:[\s\S]*?(?=style:)/,
  `source:
  work:
    type: personal_communication
    author: [{family: Petrova, given: Irina}]
    recipient: [{literal: "The central council of the unions"}]
    issued: {date-parts: [[1936, 3, 2]]}
    archive: State archive
    archive-place: Moscow
    language: ru
  unknown: [title, archive_location]
  unknown-note: The letter has no title, and its shelfmark was not recorded.
  holds: A typed copy of the letter, photographed in the reading room.
  repository: State archive, reading room
  captured: "2026-01-05"
`
)

/** A source that is a book the editors own: nothing captured from a record, two unknowns. */
const BOOK_YAML = MINIMAL_YAML.replace(
  /source:[\s\S]*?(?=style:)/,
  `source:
  work:
    type: book
    author: [{family: Ivanov, given: Pavel}]
    title: Norms and wages
    publisher: Profizdat
    editor: [{family: Sidorov, given: Ilia}]
    ISBN: 978-5-00-000000-0
  unknown: [issued, publisher-place]
  unknown-note: The title page gives neither.
  holds: Page 12 of the editors' copy, transcribed.
`
)

const LETTER_TEXT = 'Dear comrades, the norms were raised in March. We ask the council to reply.\n'

async function load(root: string): Promise<Edition> {
  const {edition, files} = await loadEdition(root)
  if (!edition) throw new Error(files.flatMap((f) => f.messages.map(String)).join('\n'))
  return edition
}

const letterEdition = () => load(makeEdition({text: LETTER_TEXT, yaml: LETTER_YAML, notes: {raised: note('the norms were raised in March')}}))
const bookEdition = () => load(makeEdition({text: LETTER_TEXT, yaml: BOOK_YAML}))

/** The awkward edition with one note whose passage is gone: an orphan, kept. */
async function orphanEdition(): Promise<Edition> {
  const e = structuredClone(await awkwardEdition())
  const gone = e.annotations.find((a) => a.id === 'two-sentences')!
  e.annotations = e.annotations.filter((a) => a !== gone)
  e.orphans = [{...gone, anchor: {state: 'orphaned', reason: 'The quote is not in the text.'}}]
  visit(e.tree, 'noteAnchor', (node, i, parent) => {
    if (node.data.note === gone.id && parent && i !== undefined) {
      parent.children.splice(i, 1)
      return i
    }
    return undefined
  })
  return e
}

// ---------------------------------------------------------------- every CSL type × every field

const TYPES = [
  'article', 'article-journal', 'article-magazine', 'article-newspaper', 'bill', 'book', 'broadcast', 'chapter', 'classic', 'collection',
  'dataset', 'document', 'entry', 'entry-dictionary', 'entry-encyclopedia', 'event', 'figure', 'graphic', 'hearing', 'interview',
  'legal_case', 'legislation', 'manuscript', 'map', 'motion_picture', 'musical_score', 'pamphlet', 'paper-conference', 'patent',
  'performance', 'periodical', 'personal_communication', 'post', 'post-weblog', 'regulation', 'report', 'review', 'review-book',
  'software', 'song', 'speech', 'standard', 'thesis', 'treaty', 'webpage'
]
const STRING_FIELDS = [
  'title', 'container-title', 'collection-title', 'collection-number', 'edition', 'event', 'event-title', 'event-place', 'publisher',
  'publisher-place', 'volume', 'issue', 'page', 'number', 'number-of-pages', 'number-of-volumes', 'chapter-number', 'genre', 'medium',
  'version', 'status', 'dimensions', 'scale', 'source', 'note', 'archive', 'archive-place', 'archive_location', 'ISBN', 'ISSN', 'DOI',
  'PMID', 'PMCID', 'call-number', 'abstract'
]
/** Values that have broken writers: markup, entities, quotes, CDATA's end, characters XML cannot hold, a range. */
const HOSTILE = (field: string) => `${field} <b>&amp; "q" 'a' ]]> \u0001\uFFFE 12–15`
const FIELDS: Record<string, unknown> = {
  ...Object.fromEntries(STRING_FIELDS.map((f) => [f, HOSTILE(f)])),
  ...Object.fromEntries(NAME_VARIABLES.map((v) => [v, [{family: `${v} <F> & co`, given: 'G.', 'non-dropping-particle': 'de'}, {literal: `${v} ]]> & <L>`}]])),
  page: '45–67',
  URL: 'https://example.org/a?b=1&c="2"<x>',
  language: 'de',
  issued: {'date-parts': [[1990, 5, 2]]},
  accessed: {'date-parts': [[2026, 1, 1]]}
}

/** Each type with every field, and each type with each field alone. */
function tableItems(): CslItem[] {
  return TYPES.flatMap((type) => [
    {id: `all-${type}`, type, ...FIELDS} as CslItem,
    ...Object.entries(FIELDS).map(([field, value]) => ({id: `${type}-${field}`, type, [field]: value}) as CslItem)
  ])
}

/** Random items: any type, any subset of the fields. */
const randomItem = fc
  .record({type: fc.constantFrom(...TYPES), fields: fc.subarray(Object.keys(FIELDS))})
  .map(({type, fields}) => ({type, ...Object.fromEntries(fields.map((f) => [f, FIELDS[f]]))}))

/** The awkward edition with other works in its bibliography, or another source. */
async function variant(change: (e: Edition) => void): Promise<Edition> {
  const e = structuredClone(await awkwardEdition())
  change(e)
  return e
}

// ---------------------------------------------------------------- setup

interface Exported {
  name: string
  edition: Edition
  file: string
  xml: string
  tree: Root
}

const editions: Exported[] = []
/** Files only jing reads: the CSL table, random items, and sources with every variable unknown. */
const extra: {name: string; file: string}[] = []
let dir = ''
/** The seed of the random items, printed with any failure so that it can be reproduced. */
const seed = Number(process.env.TEI_SEED ?? Date.now() % 2 ** 31)
const get = (name: string) => editions.find((e) => e.name === name)!

beforeAll(async () => {
  for (const [name, load] of [['real', realEdition], ['awkward', awkwardEdition], ['letter', letterEdition], ['book', bookEdition], ['orphan', orphanEdition]] as const) {
    const edition = await load()
    const out = await writeAll(edition, ['tei'])
    writeFileSync(join(out.dir, `${name}.xml`), out.text.tei!)
    dir = out.dir
    editions.push({name, edition, file: join(out.dir, `${name}.xml`), xml: out.text.tei!, tree: parse(out.text.tei!)})
  }
  const write = (name: string, edition: Edition) => {
    const file = join(dir, `${name}.xml`)
    writeFileSync(file, toTei(edition))
    extra.push({name, file})
  }
  write('csl-table', await variant((e) => (e.references = tableItems())))
  const samples = fc.sample(randomItem, {numRuns: 300, seed}).map((item, i) => ({id: `random-${i}`, ...item}) as CslItem)
  write('csl-random', await variant((e) => (e.references = samples)))
  const variables = [...STRING_FIELDS, ...NAME_VARIABLES, 'issued', 'URL']
  for (const type of TYPES) write(`unknown-${type}`, await variant((e) => (e.meta.source = {...e.meta.source, work: {type}, unknown: variables})))
  for (const [i, [work, unknown]] of fc.sample(fc.tuple(randomItem, fc.subarray(variables)), {numRuns: 20, seed}).entries()) {
    write(`unknown-random-${i}`, await variant((e) => (e.meta.source = {...e.meta.source, work, unknown})))
  }
})

// ---------------------------------------------------------------- jing

describe.skipIf(!java || !jing || !schema)('TEI export, validated by jing (tei_all 4.8.0)', () => {
  it('is valid TEI for every edition, every CSL type with every field, and every unknown variable; jing does report an invalid file', async () => {
    const broken = join(dir, 'broken.xml')
    writeFileSync(broken, '<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><s>no header</s></body></text></TEI>\n')
    const files = [...editions, ...extra].map((e) => e.file)
    // One JVM for all the files: jing accepts several and prefixes each message with its file.
    const result = await output(java!, ['-jar', jing!, schema!, ...files, broken])
    const messages = (result.stdout + result.stderr).split('\n').filter((l) => /: (?:error|fatal):/.test(l))
    for (const file of files) expect(messages.filter((m) => m.startsWith(file)).map((m) => m.slice(0, 400)), `TEI_SEED=${seed}`).toEqual([])
    expect(messages.filter((m) => m.startsWith(broken)).length).toBeGreaterThan(0)
  })
})

// ---------------------------------------------------------------- the text

describe('TEI export: the text', () => {
  it('has one <s xml:id> per sentence, in order', () => {
    for (const {edition, tree} of editions) {
      expect(elements(tree, 's').map((s) => s.attributes['xml:id'])).toEqual(edition.sentences.map((s) => s.id))
    }
  })

  it('reads, between the anchors of each note, exactly the note’s quote; every note points at its anchors with @cert from its status', () => {
    for (const {edition, tree, name} of editions) {
      const body = one(tree, 'body')
      const {text: words, at} = reading(body)
      const notes = edition.annotations.filter((a) => a.type === 'note')
      expect(elements(tree, 'note').filter((n) => n.attributes.type === 'editorial' && n.attributes.target)).toHaveLength(notes.length)
      for (const n of notes) {
        const el = byId(tree, `note-${n.id}`)!
        expect(el.attributes.cert, n.id).toBe(CERT[n.status])
        const starts = el.attributes.target!.split(' ')
        const ends = el.attributes.targetEnd!.split(' ')
        expect(starts, n.id).toHaveLength(n.targets.length)
        n.targets.forEach((t, k) => {
          const from = at.get(starts[k]!.slice(1))
          const to = at.get(ends[k]!.slice(1))
          expect(from !== undefined && to !== undefined, `${name} ${n.id}`).toBe(true)
          expect(words.slice(from, to)).toBe(t.selector.exact)
        })
      }
    }
  })

  it('reads as the edition’s text: the witness’s forms and the omissions’ descriptions aside', () => {
    for (const {edition, tree} of editions) {
      const flat = (s: string) => s.replace(/\s+/g, ' ').trim()
      expect(flat(reading(one(tree, 'body')).text)).toBe(flat(edition.text))
    }
  })

  it('marks a substitution as <choice><sic/><corr/></choice> and an omission as <gap>, each pointing at its description in the header', () => {
    for (const {edition, tree} of editions.filter((e) => ['real', 'awkward'].includes(e.name))) {
      const header = one(tree, 'teiHeader')
      for (const i of edition.meta.interventions) {
        const described = byId(tree, `intervention-${i.id}`)
        expect(described && elements(header).includes(described), i.id).toBe(true)
        const at = elements(one(tree, 'body')).filter((e) => e.attributes.corresp === `#intervention-${i.id}`)
        expect(at, i.id).toHaveLength(1)
        if (i.type === 'substitution') {
          expect(at[0]!.name).toBe('choice')
          expect(text(one(at[0]!, 'sic'))).toBe(i.original)
          expect(text(one(at[0]!, 'corr'))).toBe(i.reading)
        } else {
          expect(at[0]!.name).toBe('gap')
          expect(at[0]!.attributes).toMatchObject({reason: 'editorial', unit: 'line', quantity: String(i.lines[1] - i.lines[0] + 1)})
          expect(text(at[0]!)).toContain(i.description.trim())
        }
      }
    }
    // The awkward edition has both kinds; the omission at the start of the substitution stands outside the choice.
    const choice = one(get('awkward').tree, 'choice')
    expect(elements(choice, 'gap')).toEqual([])
  })
})

// ---------------------------------------------------------------- terms, notes, glossary

/** Term nodes in a tree. */
const termCount = (tree: MdNodes) => {
  let n = 0
  visit(tree, 'term', () => void n++)
  return n
}

describe('TEI export: glossary and notes', () => {
  it('links every glossed term, in the text and in every body, to a glossary item that exists', () => {
    for (const {edition, tree} of editions) {
      const items = new Set(elements(tree, 'item').map((i) => i.attributes['xml:id']))
      const occurrences = edition.annotations.filter((a) => a.type === 'gloss').reduce((n, a) => n + a.targets.length, 0)
      expect(elements(one(tree, 'body'), 'term').filter((t) => t.attributes.ref)).toHaveLength(occurrences)
      const inBodies = [...edition.annotations, ...edition.orphans].reduce((n, a) => n + termCount(a.body), 0) + (edition.introduction ? termCount(edition.introduction) : 0)
      expect(elements(tree, 'term').filter((t) => t.attributes.ref)).toHaveLength(occurrences + inBodies)
      for (const t of elements(tree, 'term').filter((t) => t.attributes.ref)) expect(items.has(t.attributes.ref!.slice(1)), String(t.attributes.ref)).toBe(true)
      expect(elements(tree, 'list').some((l) => l.attributes.type === 'gloss') || !edition.annotations.some((a) => a.type === 'gloss')).toBe(true)
    }
  })

  it('gives an entry that occurs only in notes its <item>, reached from the terms in the notes that mention it', () => {
    const {edition, tree} = get('real')
    const onlyInNotes = edition.annotations.filter((a) => a.type === 'gloss' && !a.targets.length)
    expect(onlyInNotes.length).toBeGreaterThan(0)
    for (const g of onlyInNotes) {
      const item = byId(tree, `gloss-${g.id}`)!
      expect(item.name).toBe('item')
      for (const by of g.mentionedIn) {
        const mentioner = by === 'introduction' ? byId(tree, 'introduction')! : byId(tree, `${edition.annotations.find((a) => a.id === by)!.type === 'note' ? 'note' : 'gloss'}-${by}`)!
        expect(elements(mentioner, 'term').some((t) => t.attributes.ref === `#gloss-${g.id}`), `${g.id} in ${by}`).toBe(true)
        // and the entry links back to what mentions it
        expect(elements(item, 'ref').some((r) => r.attributes.target === `#${mentioner.attributes['xml:id']}`), `${g.id} → ${by}`).toBe(true)
      }
    }
  })

  it('maps statuses to certainty: verified high, unverified low, disputed unknown; each annotation names its status and who is responsible', () => {
    expect(CERT).toEqual({verified: 'high', unverified: 'low', disputed: 'unknown'})
    const awkward = get('awkward').tree
    expect(byId(awkward, 'note-two-sentences')!.attributes.cert).toBe('unknown')
    expect(byId(awkward, 'note-hostile')!.attributes.cert).toBe('low')
    for (const {edition, tree} of editions) {
      const interpretation = one(tree, 'interpretation')
      for (const a of [...edition.annotations, ...edition.orphans]) {
        const el = byId(tree, `${a.type === 'note' ? 'note' : 'gloss'}-${a.id}`)!
        expect(el.attributes.ana).toBe(`#status-${a.status}`)
        const status = byId(tree, `status-${a.status}`)!
        expect(elements(interpretation).includes(status)).toBe(true)
        expect(text(status)).toContain(STATUS[a.status].meaning)
        expect(status.attributes.n).toBe(CERT[a.status])
        const resp = byId(tree, el.attributes.resp!.slice(1))!
        expect(resp.name).toBe('respStmt')
        expect(text(resp)).toContain(a.author)
        const certainty = children(el, 'certainty')
        expect(certainty).toHaveLength(1)
        expect(certainty[0]!.attributes).toMatchObject({cert: CERT[a.status], resp: el.attributes.resp})
        expect(text(certainty[0]!)).toContain(STATUS[a.status].meaning)
      }
    }
  })

  it('keeps a note whose passage is gone, with no target, saying so', () => {
    const {tree} = get('orphan')
    const orphan = byId(tree, 'note-two-sentences')!
    expect(orphan.attributes).toMatchObject({type: 'editorial', subtype: 'orphaned'})
    expect(orphan.attributes.target).toBeUndefined()
    expect(text(orphan)).toContain('not in the text')
    expect(text(orphan)).toContain('This note spans two sentences')
    expect(elements(tree, 'anchor').some((a) => a.attributes['xml:id']!.includes('two-sentences'))).toBe(false)
  })
})

// ---------------------------------------------------------------- citations, evidence, further reading

describe('TEI export: citations', () => {
  it('writes each citation as a <bibl> with one <bibl><ptr/><citedRange/></bibl> a work, so each range stays with its work', () => {
    const {tree} = get('awkward')
    const note = byId(tree, 'note-quotes-and-amps')!
    const first = elements(note, 'bibl').find((b) => b.attributes.type === 'evidence')!
    const works = children(first, 'bibl').map((b) => ({target: one(b, 'ptr').attributes.target, range: one(b, 'citedRange').attributes}))
    expect(works).toEqual([
      {target: '#ref-smith1990', range: {unit: 'page', from: '45', to: '50'}},
      {target: '#ref-lee2010', range: {unit: 'chapter', from: '2', to: '2'}}
    ])
    expect(text(one(first, 'seg'))).toMatch(/45–50.*chap\. 2/)
  })

  it('writes every cite node of every body, further reading and the introduction, each work pointing at a work of the bibliography', () => {
    for (const {edition, tree} of editions) {
      const works = new Set(elements(tree, 'biblStruct').map((b) => b.attributes['xml:id']))
      const cites: CiteNode[] = [...edition.annotations, ...edition.orphans].flatMap((a) => [...citeNodes(a.body), ...a.further])
      if (edition.introduction) cites.push(...citeNodes(edition.introduction))
      const citations = elements(tree, 'bibl').filter((b) => ['evidence', 'further', 'citation'].includes(b.attributes.type ?? ''))
      expect(citations).toHaveLength(cites.length)
      const pointers = citations.flatMap((c) => children(c, 'bibl').map((w) => one(w, 'ptr').attributes.target!))
      expect(pointers).toHaveLength(cites.reduce((n, c) => n + c.items.length, 0))
      for (const p of pointers) expect(works.has(p.slice(1)), p).toBe(true)
    }
  })

  it('keeps each annotation’s evidence (its text’s citations, listed in @source) apart from its further reading', () => {
    const {edition, tree} = get('real')
    const withFurther = edition.annotations.filter((a) => a.further.length)
    expect(withFurther.length).toBeGreaterThan(0)
    for (const a of edition.annotations) {
      const el = byId(tree, `${a.type === 'note' ? 'note' : 'gloss'}-${a.id}`)!
      const evidence = [...new Set(citeNodes(a.body).flatMap((c) => c.items.map((i) => `#ref-${i.key}`)))]
      expect(el.attributes.source?.split(' ') ?? [], a.id).toEqual(evidence)
      const lists = children(el, 'listBibl').filter((l) => l.attributes.type === 'further')
      expect(lists, a.id).toHaveLength(a.further.length ? 1 : 0)
      if (!a.further.length) continue
      const further = children(lists[0]!, 'bibl')
      expect(further.map((b) => b.attributes.type)).toEqual(a.further.map(() => 'further'))
      expect(further.map((b) => children(b, 'bibl').map((w) => one(w, 'ptr').attributes.target))).toEqual(a.further.map((f) => f.items.map((i) => `#ref-${i.key}`)))
      // Evidence citations stand in the annotation's text, never in its further reading.
      expect(elements(lists[0]!, 'bibl').filter((b) => b.attributes.type === 'evidence')).toEqual([])
    }
    const words = text(one(tree, 'interpretation'))
    expect(words).toContain('Evidence: the works an annotation’s statements rest on')
    expect(words).toContain('Further reading: standard accounts')
  })
})

// ---------------------------------------------------------------- front, header, source

describe('TEI export: front and header', () => {
  it('puts the introduction in <front>, its headings as divisions, with its citations and terms, then the statuses', () => {
    const {edition, tree} = get('real')
    const front = one(tree, 'front')
    const intro = byId(tree, 'introduction')!
    expect(intro.attributes.type).toBe('introduction')
    expect(elements(front).includes(intro)).toBe(true)
    const headings = edition.introduction!.children.filter((c) => c.type === 'heading').map((h) => toString(h))
    expect(elements(intro, 'head').map(text)).toEqual(headings)
    // Divisions nest by heading level: the sections sit inside the introduction's own division.
    expect(children(intro, 'div').length).toBeGreaterThan(1)
    expect(elements(intro, 'term').length).toBe(termCount(edition.introduction!))
    expect(elements(intro, 'bibl').filter((b) => b.attributes.type === 'citation')).toHaveLength(citeNodes(edition.introduction!).length)
    const statuses = one(front, 'div', (d) => d.attributes.type === 'statuses')
    for (const s of Object.values(STATUS)) expect(text(statuses)).toContain(s.meaning)
  })

  it('states the citation, the licences, the witness, and what of the source is not known', () => {
    for (const {edition, tree} of editions) {
      const header = one(tree, 'teiHeader')
      expect(elements(header, 'respStmt').length).toBeGreaterThan(0)
      expect(one(header, 'edition').attributes.n).toBe(edition.meta.version)
      expect(elements(one(header, 'availability'), 'licence').map((l) => l.attributes.target)).toContain('https://creativecommons.org/licenses/by/4.0/')
      expect(text(one(header, 'notesStmt'))).toContain('How to cite this edition:')
      expect(text(one(header, 'witness'))).toContain(edition.witness.sha256)
      expect(one(header, 'correction')).toBeTruthy()
    }
    // What is known is stated; what is not is a gap, never a guess.
    const awkward = one(get('awkward').tree, 'sourceDesc')
    const work = byId(get('awkward').tree, 'source-work')!
    expect(text(one(work, 'title', (t) => t.attributes.level === 'a'))).toBe('Known title & <more>')
    expect(text(one(work, 'note', (n) => n.attributes.type === 'unknown'))).toMatch(/^The journal article’s author, journal and date are not known/)
    expect(elements(work, 'gap').map((g) => g.attributes.reason)).toEqual(['unknown', 'unknown', 'unknown'])
    expect(elements(awkward, 'author').map((a) => elements(a, 'gap').length)).toEqual([1])
  })

  it('describes a letter as a letter and a book as a book, from the source’s CSL item, with a gap for each unknown variable', () => {
    const letter = get('letter')
    const work = byId(letter.tree, 'source-work')!
    expect(work.attributes.type).toBe('personal_communication')
    expect(text(one(work, 'author'))).toContain('Petrova')
    expect(text(one(work, 'respStmt'))).toMatch(/recipient\s*The central council of the unions/)
    expect(one(work, 'date').attributes.when).toBe('1936-03-02')
    // title and shelfmark are not known: each has its gap where it would stand
    expect(elements(one(work, 'title'), 'gap')).toHaveLength(1)
    const archive = one(work, 'note', (n) => n.attributes.type === 'archive')
    expect(text(archive)).toMatch(/^State archive, Moscow/)
    expect(elements(archive, 'gap')).toHaveLength(1)
    expect(text(one(work, 'note', (n) => n.attributes.type === 'unknown'))).toBe('The letter’s title and place in the archive are not known. The letter has no title, and its shelfmark was not recorded.')
    expect(text(one(letter.tree, 'witness'))).toContain('A typed copy of the letter')

    const book = get('book')
    const bookWork = byId(book.tree, 'source-work')!
    expect(bookWork.attributes.type).toBe('book')
    expect(elements(bookWork, 'analytic')).toEqual([])
    const monogr = one(bookWork, 'monogr')
    expect(children(monogr).map((c) => c.name)).toEqual(['author', 'editor', 'title', 'idno', 'imprint'])
    expect(elements(one(monogr, 'imprint'), 'gap')).toHaveLength(2) // place and date
    // Nothing was captured from a record: there is none to point at.
    expect(byId(book.tree, 'source-record')).toBeUndefined()

    for (const {xml, name} of [letter, book]) expect(xml, name).not.toMatch(/article|abstract/i)
  })

  it('marks titles in a work’s own language with xml:lang, and records the language of every work', () => {
    const {tree} = get('real')
    const title = (id: string, level: string) => one(byId(tree, `ref-${id}`)!, 'title', (t) => t.attributes.level === level)
    expect(title('maier1990', 'm').attributes['xml:lang']).toBe('de')
    expect(title('maier1990', 's').attributes['xml:lang']).toBe('de')
    expect(title('wikipedia-ru-vtsps', 'a').attributes['xml:lang']).toBe('ru')
    expect(title('wikipedia-ru-vtsps', 'm').attributes['xml:lang']).toBe('ru')
    // A title the editors supplied in English for a Korean work is not Korean.
    expect(title('kci-art001565483', 'a').attributes['xml:lang']).toBeUndefined()
    expect(one(byId(tree, 'ref-kci-art001565483')!, 'textLang').attributes.mainLang).toBe('ko')
    expect(title('siegelbaum1988', 'm').attributes['xml:lang']).toBeUndefined()
    const used = elements(one(tree, 'langUsage'), 'language').map((l) => l.attributes.ident)
    for (const lang of ['en', 'de', 'ru', 'ko']) expect(used).toContain(lang)
  })
})

// ---------------------------------------------------------------- bibliography and escaping

describe('TEI export: bibliography and escaping', () => {
  it('writes every reference as a <biblStruct> in a <listBibl>, with ISBN and DOI as <idno>', () => {
    for (const {edition, tree} of editions) {
      expect(elements(tree, 'biblStruct').filter((b) => b.attributes['xml:id']!.startsWith('ref-'))).toHaveLength(edition.references.length)
    }
    const awkward = get('awkward').tree
    expect(elements(awkward, 'idno').map((i) => `${i.attributes.type} ${text(i)}`)).toEqual(expect.arrayContaining(['DOI 10.1000/xyz_123', 'ISBN 978-3-16-148410-0']))
    // The work with no author has a title and no <author>.
    const anon = byId(awkward, 'ref-anon-2001')!
    expect(elements(anon, 'author')).toEqual([])
    expect(text(one(anon, 'title'))).toContain('Кириллица и 한국어 {braces} 50% $x$')
  })

  it('puts an article’s editor and its ISBN and ISSN in the order TEI requires (names, title, identifiers)', () => {
    const xml = toTei({...get('awkward').edition, references: [{id: 'ed', type: 'article-journal', title: 'T', 'container-title': 'J', editor: [{family: 'E'}], ISBN: '1', ISSN: '2'}]})
    const monogr = one(byId(parse(xml), 'ref-ed')!, 'monogr')
    expect(children(monogr).map((c) => c.name)).toEqual(['editor', 'title', 'idno', 'idno', 'imprint'])
  })

  it('keeps every value of any work, whatever its characters, as text: well-formed XML, nothing lost but what XML cannot hold', async () => {
    const base = get('awkward').edition
    const hostile = fc.string({unit: fc.oneof(fc.constantFrom('<', '>', '&', '"', "'", ']]>', '\u0000', '\uD800', '\uFFFE', '\t', '\n', 'é', '한'), fc.string({unit: 'binary', maxLength: 2}))})
    fc.assert(
      fc.property(fc.constantFrom(...TYPES), hostile, hostile, hostile, (type, title, container, publisher) => {
        const item = {id: 'w', type, title, 'container-title': container, publisher, author: [{literal: publisher}]} as CslItem
        const tree = parse(toTei({...base, references: [item]}))
        const words = text(byId(tree, 'ref-w')!)
        // What a parser reads: characters XML 1.0 cannot hold are gone, and CR is a line break.
        const expected = (s: string) => s.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '').replace(/\r\n?/g, '\n')
        for (const value of [title, container, publisher]) if (value.trim()) expect(words).toContain(expected(value))
        expect(elements(tree, 'biblStruct').filter((b) => b.attributes['xml:id'] === 'ref-w')).toHaveLength(1)
      }),
      {numRuns: 150}
    )
  })

  it('escapes hostile notes: no script element and no javascript: address survives; a code block stays code', () => {
    const {tree, xml} = get('awkward')
    expect(elements(tree, 'script')).toEqual([])
    expect(xml).not.toContain('alert(1)')
    for (const el of elements(tree)) for (const [k, v] of Object.entries(el.attributes)) expect(`${k}=${v}`).not.toMatch(/javascript:/i)
    expect(elements(tree, 'eg').map(text)).toContain('<script>alert(2)</script>')
  })

  it('writes addresses so that a renderer pasting @target into HTML gets no markup', () => {
    const e = structuredClone(get('awkward').edition)
    e.references = [{id: 'u', type: 'webpage', title: 'U', URL: 'https://example.org/"><img src=x onerror=alert(1)>'}]
    const ptr = one(byId(parse(toTei(e)), 'ref-u')!, 'ptr')
    expect(ptr.attributes.target).toBe('https://example.org/%22%3E%3Cimg%20src=x%20onerror=alert(1)%3E')
  })
})

describe('TEI export: completeness', () => {
  it('points only at ids that exist: every #pointer of every pointing attribute resolves', () => {
    const POINTING = ['target', 'targetEnd', 'ref', 'corresp', 'ana', 'source', 'resp']
    for (const {tree, name} of editions) {
      const have = ids(tree)
      const dangling = elements(tree).flatMap((e) =>
        POINTING.flatMap((a) => (e.attributes[a] ?? '').split(/\s+/).filter((p) => p.startsWith('#') && !have.has(p.slice(1))).map((p) => `<${e.name} ${a}="${p}">`))
      )
      expect(dangling, name).toEqual([])
    }
  })

  it('has an element for every annotation', () => {
    for (const {edition, tree} of editions) {
      const have = ids(tree)
      for (const a of [...edition.annotations, ...edition.orphans] as Annotation[]) expect(have.has(`${a.type === 'note' ? 'note' : 'gloss'}-${a.id}`), a.id).toBe(true)
    }
  })
})
