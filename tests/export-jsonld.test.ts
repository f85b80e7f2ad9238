/**
 * The W3C Web Annotation export, run through the W3C conformance assertions (as
 * web-platform-tests' JSONtest.js runs them), and read back by `src/read/jsonld.ts`.
 */
import {beforeAll, describe, expect, it} from 'vitest'
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import type {Edition} from '../src/model/edition.js'
import {annotationCollection, toJsonLd} from '../src/write/jsonld.js'
import {importAnnotations} from '../src/read/jsonld.js'
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

describe('JSON-LD export, content', () => {
  it('gives every target a quote and a position that point at the same text', () => {
    for (const {edition, collection} of editions) {
      for (const a of collection.first.items as Json[]) {
        for (const t of a.target as Json[]) {
          const quote = t.selector.find((s: Json) => s.type === 'TextQuoteSelector')
          const position = t.selector.find((s: Json) => s.type === 'TextPositionSelector')
          expect(edition.text.slice(position.start, position.end)).toBe(quote.exact)
        }
      }
    }
  })

  it('has one target per occurrence of a gloss, and identifying bodies for its authority links', () => {
    const {edition, collection} = editions.find((e) => e.name === 'awkward')!
    const vtsps = (collection.first.items as Json[]).find((a) => a.id.endsWith('#vtsps'))!
    expect(vtsps.target).toHaveLength(edition.annotations.find((a) => a.id === 'vtsps')!.targets.length)
    expect(vtsps.motivation).toEqual(['describing', 'identifying'])
    expect(vtsps.body).toContainEqual({type: 'SpecificResource', source: 'https://www.wikidata.org/wiki/Q1139165', purpose: 'identifying'})
    const note = (collection.first.items as Json[]).find((a) => a.id.endsWith('#two-sentences'))!
    expect(note.motivation).toBe('commenting')
    expect(note.body.items.map((b: Json) => [b.format, b.purpose])).toEqual([
      ['text/html', 'commenting'],
      ['text/markdown', 'commenting'],
      ['text/plain', 'commenting']
    ])
  })

  it('says how to cite the edition and where its text comes from', () => {
    for (const {collection} of editions) {
      expect(collection['dcterms:bibliographicCitation']).toMatch(/version/)
      expect(collection['dc:source']).toMatch(/are not known/)
    }
  })

  it('keeps sanitised HTML in the HTML body', () => {
    const {collection} = editions.find((e) => e.name === 'awkward')!
    const hostile = (collection.first.items as Json[]).find((a) => a.id.endsWith('#hostile'))!
    const html = hostile.body.items.find((b: Json) => b.format === 'text/html').value as string
    expect(html).not.toMatch(/<script|href="?\s*javascript:|onerror/i)
  })
})

/** What an annotation file holds of an annotation (the model adds its trees and its anchoring). */
const asFile = ({body: _b, further: _f, anchor: _a, ...rest}: Edition['annotations'][number]) => rest

describe('JSON-LD import (the round trip)', () => {
  it('reads back the same annotations, targets and bodies', () => {
    for (const {name, edition, collection} of editions) {
      const {annotations, problems} = importAnnotations(collection, {edition})
      expect(problems, name).toEqual([])
      expect(annotations, name).toEqual(edition.annotations.map(asFile))
    }
  })

  it('reads a page, a lone annotation or an array of them', () => {
    const {edition, collection} = editions[0]!
    const first = collection.first.items[0]
    expect(importAnnotations(collection.first, {edition}).annotations).toHaveLength(edition.annotations.length)
    expect(importAnnotations(first, {edition}).annotations).toEqual([asFile(edition.annotations[0]!)])
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
