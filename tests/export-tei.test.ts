/** The TEI export, checked by jing against TEI P5 `tei_all` and read back as XML. */
import {beforeAll, describe, expect, it} from 'vitest'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import type {Edition} from '../src/model/edition.js'
import {CERT} from '../src/write/tei.js'
import {tool, sharedFile} from './helpers/tools.js'
import {awkwardEdition, output, realEdition, writeAll} from './export-support.js'

const java = tool('java')
const jing = tool('/usr/share/java/jing.jar', 'apt-get install -y --no-install-recommends jing')
const schema = sharedFile('validators/tei_all-4.8.0.rng')

const editions: {name: string; edition: Edition; file: string; xml: string}[] = []
let dir = ''

beforeAll(async () => {
  for (const [name, load] of [['real', realEdition], ['awkward', awkwardEdition]] as const) {
    const edition = await load()
    const out = await writeAll(edition, ['tei'])
    dir = out.dir
    editions.push({name, edition, file: out.files.tei!, xml: out.text.tei!})
  }
})

/** Every `attr="…"` value of every `<name …>` element. */
function attrs(xml: string, name: string, attr: string): string[] {
  return [...xml.matchAll(new RegExp(`<${name}\\b[^>]*?\\s${attr}="([^"]*)"`, 'g'))].map((m) => m[1]!)
}

describe.skipIf(!java || !jing || !schema)('TEI export, validated by jing (tei_all 4.8.0)', () => {
  it('is valid TEI for the real and the awkward edition, and jing does report an invalid file', async () => {
    const broken = join(dir, 'broken.xml')
    writeFileSync(broken, '<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><s>no header</s></body></text></TEI>\n')
    // One JVM for all three files: jing accepts several and prefixes each message with its file.
    const result = await output(java!, ['-jar', jing!, schema!, ...editions.map((e) => e.file), broken])
    const messages = (result.stdout + result.stderr).split('\n').filter((l) => /: (?:error|fatal):/.test(l))
    for (const e of editions) expect(messages.filter((m) => m.startsWith(e.file)), `${e.name}: ${messages.join('\n')}`).toEqual([])
    expect(messages.filter((m) => m.startsWith(broken)).length).toBeGreaterThan(0)
  })
})

describe('TEI export, read back', () => {
  it('has one <s xml:id> per sentence, in order', () => {
    for (const {edition, xml} of editions) {
      expect(attrs(xml, 's', 'xml:id')).toEqual(edition.sentences.map((s) => s.id))
    }
  })

  it('links every glossed term to a glossary item that exists', () => {
    for (const {edition, xml} of editions) {
      const items = new Set(attrs(xml, 'item', 'xml:id'))
      const occurrences = edition.annotations.filter((a) => a.type === 'gloss').reduce((n, a) => n + a.targets.length, 0)
      // One term a place in the text; terms in notes link their entries too.
      expect(attrs(xml.slice(xml.indexOf('<body>'), xml.indexOf('</body>')), 'term', 'ref')).toHaveLength(occurrences)
      const refs = attrs(xml, 'term', 'ref')
      for (const ref of refs) expect(items.has(ref.slice(1)), ref).toBe(true)
      expect(xml).toMatch(/<list type="gloss">/)
    }
  })

  it('points every note at anchors around its passage, with @cert from its status', () => {
    for (const {edition, xml} of editions) {
      const anchors = new Set(attrs(xml, 'anchor', 'xml:id'))
      const notes = edition.annotations.filter((a) => a.type === 'note')
      const targets = attrs(xml, 'note', 'target').filter((t) => t.startsWith('#anchor-'))
      expect(targets).toHaveLength(notes.length)
      for (const n of notes) {
        const el = new RegExp(`<note xml:id="note-${n.id}"[^>]*>`).exec(xml)?.[0] ?? ''
        expect(el, n.id).toContain(`cert="${CERT[n.status]}"`)
        const [, start] = /target="#([^"]+)"/.exec(el)!
        const [, end] = /targetEnd="#([^"]+)"/.exec(el)!
        expect(anchors.has(start!) && anchors.has(end!), n.id).toBe(true)
        // The text between the anchors is the note's quote.
        const between = xml.slice(xml.indexOf(`<anchor xml:id="${start}"/>`), xml.indexOf(`<anchor xml:id="${end}"/>`))
        const text = between.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&')
        expect(text).toBe(n.targets[0]!.selector.exact)
      }
    }
  })

  it('maps statuses to certainty: verified high, unverified low, disputed unknown', () => {
    expect(CERT).toEqual({verified: 'high', unverified: 'low', disputed: 'unknown'})
    const awkward = editions.find((e) => e.name === 'awkward')!.xml
    expect(awkward).toMatch(/<note xml:id="note-two-sentences"[^>]*cert="unknown"/)
    expect(awkward).toMatch(/<note xml:id="note-hostile"[^>]*cert="low"/)
  })

  it('writes every reference as a <biblStruct> in a <listBibl>, with ISBN and DOI as <idno>', () => {
    for (const {edition, xml} of editions) {
      expect(attrs(xml, 'biblStruct', 'xml:id').filter((id) => id.startsWith('ref-'))).toHaveLength(edition.references.length)
      expect(xml).toMatch(/<listBibl>/)
    }
    const awkward = editions.find((e) => e.name === 'awkward')!.xml
    expect(awkward).toContain('<idno type="DOI">10.1000/xyz_123</idno>')
    expect(awkward).toContain('<idno type="ISBN">978-3-16-148410-0</idno>')
    // The work with no author has a title and no <author>.
    const anon = /<biblStruct xml:id="ref-anon-2001"[\s\S]*?<\/biblStruct>/.exec(awkward)![0]
    expect(anon).not.toContain('<author')
    expect(anon).toContain('Кириллица и 한국어 {braces} 50% $x$')
  })

  it('states in the header the citation, the licences, the witness, and what of the source is not known', () => {
    for (const {edition, xml} of editions) {
      const header = xml.slice(0, xml.indexOf('</teiHeader>'))
      expect(header).toContain('<respStmt')
      expect(header).toContain(`<edition n="${edition.meta.version}">`)
      expect(header).toMatch(/<availability>[\s\S]*<licence target="https:\/\/creativecommons.org\/licenses\/by\/4.0\/">/)
      expect(header).toContain('How to cite this edition:')
      expect(header).toContain(edition.witness.sha256)
      expect(header).toMatch(/<note type="unknown">The [a-z ]+’s [a-z, ]+ (?:is|are) not known/)
      expect(header).toMatch(/<editorialDecl>[\s\S]*<correction>/)
      for (const i of edition.meta.interventions) expect(header).toContain(`xml:id="intervention-${i.id}"`)
    }
    // What is known is stated; what is not is a gap, never a guess.
    const awkward = editions.find((e) => e.name === 'awkward')!.xml
    expect(awkward).toContain('<title level="a">Known title &amp; &lt;more&gt;</title>')
    expect(awkward).toMatch(/<note type="unknown">The journal article’s author, journal and date are not known/)
  })

  it('escapes hostile notes: no script element and no javascript: address survives', () => {
    const awkward = editions.find((e) => e.name === 'awkward')!.xml
    expect(awkward).not.toMatch(/<script/i)
    expect(awkward).not.toContain('alert(1)')
    for (const target of [...awkward.matchAll(/\b(?:target|url|ref)="([^"]*)"/g)].map((m) => m[1]!)) expect(target).not.toMatch(/javascript:/i)
    expect(awkward).toContain('&lt;script&gt;alert(2)&lt;/script&gt;') // a code block stays code, as text
  })
})
