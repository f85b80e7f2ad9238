/**
 * The W3C Web Annotation export, run through the W3C conformance assertions (as
 * web-platform-tests' JSONtest.js runs them), and read back by `src/read/jsonld.ts`.
 */
import {beforeAll, describe, expect, it} from 'vitest'
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import type {Edition} from '../src/model/edition.js'
import {annotationCollection, toJsonLd} from '../src/write/jsonld.js'
import {importAnnotations, type ImportedAnnotation} from '../src/read/jsonld.js'
import {editionIri} from '../src/model/urls.js'
import {sharedFile} from './helpers/tools.js'
import {AnnotationConformance, awkwardEdition, realEdition} from './export-support.js'

const suite = sharedFile('validators/web-annotation-tests')
const annotationMusts = sharedFile('validators/web-annotation-tests/annotations/annotationMusts.test')
const selectorMusts = sharedFile('validators/wpt-annotation-model/specificResource/specificResourceMusts.test')
const collectionMusts = sharedFile('validators/web-annotation-tests/collections/collectionMusts.test')
const pageMusts = sharedFile('validators/web-annotation-tests/collections/pages/pageMusts.test')

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON read back, checked by the assertions
type Json = Record<string, any>
const editions: {name: string; edition: Edition; collection: Json}[] = []

beforeAll(async () => {
  for (const [name, load] of [['real', realEdition], ['awkward', awkwardEdition]] as const) {
    const edition = await load()
    editions.push({name, edition, collection: JSON.parse(toJsonLd(edition)) as Json})
  }
})

/** An annotation as served alone: with the collection's @context. */
const standalone = (collection: Json, a: Json) => ({'@context': collection['@context'], ...a})

describe.skipIf(!suite || !annotationMusts || !selectorMusts || !collectionMusts || !pageMusts)('JSON-LD export, W3C Web Annotation conformance', () => {
  const checker = () => new AnnotationConformance(suite!)

  it('passes every MUST of annotationMusts and specificResourceMusts, for every annotation', () => {
    const c = checker()
    for (const {name, edition, collection} of editions) {
      const items = collection.first.items as Json[]
      expect(items).toHaveLength(edition.annotations.length)
      for (const a of items) {
        for (const list of [annotationMusts!, selectorMusts!]) {
          const results = c.check(standalone(collection, a), list)
          expect(results.length).toBeGreaterThan(10)
          const failed = results.filter((r) => r.must && r.outcome === 'fail').map((r) => `${r.title}: ${r.message}`)
          expect(failed, `${name} ${a.id}`).toEqual([])
        }
      }
    }
  })

  it('passes every MUST for the collection and its page', () => {
    const c = checker()
    for (const {name, collection} of editions) {
      const {first} = collection
      expect(c.check(collection, collectionMusts!).filter((r) => r.outcome === 'fail'), name).toEqual([])
      expect(c.check({'@context': collection['@context'], ...first}, pageMusts!).filter((r) => r.outcome === 'fail'), name).toEqual([])
    }
  })

  it('the runner passes the W3C known-correct samples and fails broken annotations', () => {
    const c = checker()
    const samples = join(suite!, 'tools/samples/correct')
    let checked = 0
    for (const f of readdirSync(samples).filter((f) => f.endsWith('.json'))) {
      const data = JSON.parse(readFileSync(join(samples, f), 'utf8')) as Json
      // Collections and pages are not annotations; and this snapshot's target schema knows Choice
      // but not the Set types (Composite, List, Independents), so W3C's own samples of those fail it.
      if (data.type !== 'Annotation' || /"(?:Composite|List|Independents)"/.test(JSON.stringify(data.target))) continue
      checked++
      expect(c.check(data, annotationMusts!).filter((r) => r.outcome === 'fail'), f).toEqual([])
    }
    expect(checked).toBeGreaterThan(30)
    const {collection} = editions[0]!
    const a = standalone(collection, collection.first.items[0])
    const broken = [
      {...a, created: '2026-11-26'},
      {...a, '@context': 'http://example.org/other'},
      {...a, target: [{type: 'SpecificResource', source: 'urn:x', selector: {type: 'TextQuoteSelector'}}]},
      {...a, bodyValue: 'both body and bodyValue'}
    ]
    for (const b of broken) expect(c.check(b, annotationMusts!).some((r) => r.outcome === 'fail')).toBe(true)
  })
})

/** The selectors of a target, by type. */
const selector = (t: Json, type: string): Json => (t.selector as Json[]).find((s) => s.type === type) ?? {}
const textTargets = (a: Json) => (a.target as Json[]).filter((t) => Array.isArray(t.selector))

describe('JSON-LD export, content', () => {
  it('gives every target on the text a quote, a position and the text block, all pointing at the same words', () => {
    for (const {name, edition, collection} of editions) {
      const items = collection.first.items as Json[]
      expect(items.flatMap(textTargets), name).toHaveLength(edition.annotations.reduce((n, a) => n + a.targets.length, 0))
      for (const a of items) {
        for (const t of textTargets(a)) {
          expect(t.source).toBe(editionIri(edition))
          const quote = selector(t, 'TextQuoteSelector')
          const position = selector(t, 'TextPositionSelector')
          const block = selector(t, 'CssSelector')
          // No character outside the BMP in these two editions: code points and UTF-16 units agree.
          expect(edition.text.slice(position.start, position.end), a.id).toBe(quote.exact)
          expect(block).toEqual({type: 'CssSelector', value: '#edition-text', refinedBy: position})
          // Context on both sides, as much as the text has (32 characters), so that the quote is told
          // apart from the same words elsewhere on the page.
          expect(quote.prefix).toBe(edition.text.slice(Math.max(0, position.start - 32), position.start))
          expect(quote.suffix).toBe(edition.text.slice(position.end, position.end + 32))
        }
      }
    }
  })

  it('makes a glossary entry that occurs only in notes an annotation of those notes', () => {
    const {edition, collection} = editions.find((e) => e.name === 'real')!
    const inNotesOnly = edition.annotations.filter((a) => a.targets.length === 0)
    expect(inNotesOnly.length).toBeGreaterThan(0)
    const base = editionIri(edition)
    const ids = new Set(edition.annotations.map((a) => a.id))
    for (const entry of inNotesOnly) {
      const a = (collection.first.items as Json[]).find((x) => x.id === `${base}#${entry.id}`)!
      expect(a.target).toEqual(entry.mentionedIn.map((id) => ({type: 'SpecificResource', source: base, selector: {type: 'FragmentSelector', conformsTo: 'http://tools.ietf.org/rfc/rfc3986', value: id}})))
      // Each names another annotation of the collection, or the introduction (a section of the page).
      for (const id of entry.mentionedIn) expect(ids.has(id) || id === 'introduction', id).toBe(true)
    }
  })

  it('gives each annotation one TextualBody with a value and a format, and identifying bodies for a gloss’s authority links', () => {
    const {edition, collection} = editions.find((e) => e.name === 'awkward')!
    const items = collection.first.items as Json[]
    expect(JSON.stringify(items)).not.toContain('"Choice"')
    for (const a of items) {
      const [text] = [a.body].flat() as Json[]
      expect(text).toMatchObject({type: 'TextualBody', format: 'text/html', language: edition.meta.language})
      expect(typeof text!.value).toBe('string')
      expect(text!['edition:markdown']).toBe(edition.annotations.find((x) => a.id.endsWith(`#${x.id}`))!.markdown)
    }
    const vtsps = items.find((a) => a.id.endsWith('#vtsps'))!
    expect(vtsps.target).toHaveLength(edition.annotations.find((a) => a.id === 'vtsps')!.targets.length)
    expect(vtsps.motivation).toEqual(['describing', 'identifying'])
    expect(vtsps.body[0].purpose).toBe('describing')
    expect(vtsps.body).toContainEqual({type: 'SpecificResource', source: 'https://www.wikidata.org/wiki/Q1139165', purpose: 'identifying'})
    const note = items.find((a) => a.id.endsWith('#two-sentences'))!
    expect(note.motivation).toBe('commenting')
    expect(note.body).toMatchObject({purpose: 'commenting', value: '<p>This note spans two sentences: Москва &#x26; 서울.</p>'})
  })

  it('says how to cite the edition, where its text comes from, and uses no namespace the project does not control', () => {
    for (const {edition, collection} of editions) {
      expect(collection['dcterms:bibliographicCitation']).toMatch(/version/)
      expect(collection['dc:source']).toMatch(/are not known/)
      expect(collection['dcterms:isPartOf']).toBe(editionIri(edition))
      expect(collection['@context'][1].edition).toBe(`${editionIri(edition)}#vocab.`)
      expect(JSON.stringify(collection)).not.toContain('example.org/edition')
    }
  })

  it('keeps sanitised HTML in the HTML body', () => {
    const {collection} = editions.find((e) => e.name === 'awkward')!
    const hostile = (collection.first.items as Json[]).find((a) => a.id.endsWith('#hostile'))!
    expect(hostile.body.value).not.toMatch(/<script|href="?\s*javascript:|onerror/i)
  })
})

/**
 * What an annotation file holds of an annotation (the model adds its trees, its anchoring and the
 * notes that mention it). A quote comes back with the export's 32 characters of context, where the
 * file may have less: context is checked on its own.
 */
const asFile = ({body: _b, further: _f, anchor: _a, mentionedIn: _m, targets, ...rest}: Edition['annotations'][number]) => ({
  ...rest,
  targets: targets.map(({selector, ...t}) => ({...t, exact: selector.exact}))
})
const imported = ({targets, ...rest}: ImportedAnnotation) => ({...rest, targets: targets.map(({selector, ...t}) => ({...t, exact: selector.exact}))})

describe('JSON-LD import (the round trip)', () => {
  it('reads back the same annotations, targets and bodies', () => {
    for (const {name, edition, collection} of editions) {
      const {annotations, problems} = importAnnotations(collection, {edition})
      expect(problems, name).toEqual([])
      expect(annotations.map(imported), name).toEqual(edition.annotations.map(asFile))
      // The context read back contains what the editor wrote.
      for (const [i, a] of annotations.entries()) {
        for (const [k, t] of a.targets.entries()) {
          const written = edition.annotations[i]!.targets[k]!.selector
          expect(t.selector.prefix!.endsWith(written.prefix ?? '')).toBe(true)
          expect(t.selector.suffix!.startsWith(written.suffix ?? '')).toBe(true)
        }
      }
    }
  })

  it('reads a page, a lone annotation or an array of them', () => {
    const {edition, collection} = editions[0]!
    const first = collection.first.items[0]
    expect(importAnnotations(collection.first, {edition}).annotations).toHaveLength(edition.annotations.length)
    expect(importAnnotations(first, {edition}).annotations.map(imported)).toEqual([asFile(edition.annotations[0]!)])
    expect(importAnnotations([first, first], {edition}).annotations).toHaveLength(2)
  })

  it('anchors again by quote when the text has moved, and keeps what cannot be found as an orphan', () => {
    const {edition} = editions.find((e) => e.name === 'awkward')!
    const moved = {...edition, text: `A new first paragraph.\n\n${edition.text}`, sentences: []}
    const shifted = importAnnotations(annotationCollection(edition), {edition: moved})
    expect(shifted.problems).toEqual([])
    for (const [i, a] of shifted.annotations.entries()) {
      expect(a.targets.map((t) => t.start)).toEqual(edition.annotations[i]!.targets.map((t) => t.start + 24))
    }
    const gone = importAnnotations(annotationCollection(edition), {edition: {text: 'Nothing of the old text.', sentences: []}})
    expect(gone.annotations).toHaveLength(edition.annotations.length)
    expect(gone.problems.length).toBeGreaterThan(0)
    expect(gone.problems[0]!.message).toMatch(/orphan/)
  })
})

describe('edition.json, beside the annotations', () => {
  it('names the identifier the annotations’ targets name, says how to cite the edition and where its text comes from', async () => {
    const {toJson} = await import('../src/write/json.js')
    for (const {edition, collection} of editions) {
      const json = JSON.parse(toJson(edition)) as Json
      expect(json.id).toBe(collection.first.items[0].target[0].source)
      expect(json.howToCite).toBe(collection['dcterms:bibliographicCitation'])
      expect(json.sourceStatement).toBe(collection['dc:source'])
    }
  })
})

describe('JSON-LD positions count code points, as the W3C model says', () => {
  it('counts a character outside the BMP once, and reads the position back to the same range', async () => {
    const {loadEdition} = await import('../src/load/index.js')
    const {makeEdition, gloss} = await import('./helpers/fixture.js')
    const root = makeEdition({text: 'The 𝔄 and 😀 signs. The VTsSPS met.\n', glossary: {vtsps: gloss('VTsSPS', ['VTsSPS'])}})
    const {edition} = await loadEdition(root)
    const utf16 = edition!.text.indexOf('VTsSPS')
    const collection = annotationCollection(edition!) as {first: {items: {target: {selector: {type: string; start?: number; end?: number}[]}[]}[]}}
    const position = collection.first.items[0]!.target[0]!.selector.find((s) => s.type === 'TextPositionSelector')!
    expect(position.start).toBe([...edition!.text.slice(0, utf16)].length)
    expect(position.start).toBe(utf16 - 2)
    const back = importAnnotations(collection, {edition: edition!})
    expect(back.annotations[0]!.targets[0]).toMatchObject({start: utf16, end: utf16 + 6})
  })
})
