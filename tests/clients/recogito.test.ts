/**
 * The W3C Web Annotation export in a real client: Recogito's text-annotator (4.1.1, W3C adapter)
 * in Chromium, on the edition's own page, with the annotations it fetches from `annotations.jsonld`.
 * Every target must land on the words `edition.json` says, at the offset it says.
 */
import {createRequire} from 'node:module'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {Browser, Page} from 'playwright-core'
import {tool} from '../helpers/tools.js'
import {bundle, expected, exports, launch, open, serveEditions, type Served} from './page.js'

const executablePath = tool('/usr/bin/chromium', 'apt-get install -y chromium')
const css = createRequire(import.meta.url).resolve('@recogito/text-annotator/text-annotator.css')

let browser: Browser
let editions: Served[]
let client: string

/** Load the collection into Recogito on `#edition-text`, as its README shows, and read back what it placed. */
async function placeAll(page: Page, {convert}: {convert: boolean}) {
  await page.addStyleTag({path: css})
  await page.addScriptTag({content: client})
  const warnings: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'warning') warnings.push(m.text())
  })
  const result = await page.evaluate(
    async ({convert}) => {
      type W3C = {target: {selector?: {type: string; start?: number; end?: number}[]}[]}
      const el = document.getElementById('edition-text')!
      const collection = await (await fetch('annotations.jsonld')).json()
      const items: W3C[] = structuredClone(collection.first.items)
      if (convert) {
        // The README's conversion: W3C positions count code points, Recogito counts UTF-16 units.
        const text = el.textContent!
        const utf16 = (points: number) => [...text].slice(0, points).join('').length
        for (const a of items) for (const t of a.target) for (const s of t.selector ?? []) if (s.type === 'TextPositionSelector') Object.assign(s, {start: utf16(s.start!), end: utf16(s.end!)})
      }
      const source = (items[0]!.target[0] as unknown as {source: string}).source
      const {TA} = window as unknown as {TA: {createTextAnnotator: Function; W3CTextFormat: Function}}
      const anno = TA.createTextAnnotator(el, {adapter: TA.W3CTextFormat(source, el), annotatingEnabled: false})
      anno.setAnnotations(items)
      type Stored = {id: string; bodies: {value?: string}[]; target: {selector: {range: Range}[]}}
      const offset = (container: Node, at: number) => {
        const r = document.createRange()
        r.setStart(el, 0)
        r.setEnd(container, at)
        return r.toString().length
      }
      return (anno.state.store.all() as Stored[]).map((a) => ({
        id: a.id,
        body: a.bodies[0]?.value ?? '',
        targets: a.target.selector.map(({range}) => ({start: offset(range.startContainer, range.startOffset), end: offset(range.endContainer, range.endOffset), text: range.toString()}))
      }))
    },
    {convert}
  )
  return {placed: result, warnings}
}

describe.skipIf(!executablePath)('Recogito text-annotator places the exported annotations on the page', () => {
  beforeAll(async () => {
    editions = await serveEditions()
    browser = await launch(executablePath!)
    client = await bundle("import {createTextAnnotator, W3CTextFormat} from '@recogito/text-annotator'; window.TA = {createTextAnnotator, W3CTextFormat}")
  })
  afterAll(async () => {
    await browser?.close()
    for (const e of editions ?? []) await e.close()
  })

  for (const name of ['real', 'awkward']) {
    it(`puts every target of the ${name} edition on the words edition.json gives, and shows each note's text`, async () => {
      const page = await open(browser, editions.find((e) => e.name === name)!.url)
      const {json} = await exports(page)
      expect(await page.locator('#edition-text').evaluate((el) => el.textContent)).toBe(json.text)
      const {placed, warnings} = await placeAll(page, {convert: false})
      const want = expected(json)
      expect(placed.map(({id, targets}) => ({id, targets}))).toEqual(want)
      for (const a of placed) expect(a.body.length, a.id).toBeGreaterThan(0)
      // What Recogito cannot place (a glossary entry that annotates notes, not the text) is set
      // aside by its adapter with a warning, never thrown: the rest of the file still loads.
      const aside = json.annotations.length - want.length
      expect(warnings.filter((w) => w.startsWith('Discarded')).map((w) => w.split(' [')[0])).toEqual(aside ? [`Discarded ${aside} invalid annotations`] : [])
      await page.close()
    })
  }

  it('places targets after characters outside the BMP once code points are converted to UTF-16, as the README says', async () => {
    const page = await open(browser, editions.find((e) => e.name === 'astral')!.url)
    const {json} = await exports(page)
    const converted = await placeAll(page, {convert: true})
    expect(converted.placed.map(({id, targets}) => ({id, targets}))).toEqual(expected(json))
    await page.close()
    // Without the conversion, every target after 𝔄 and 😀 lands early: the conversion is needed.
    const raw = await placeAll(await open(browser, editions.find((e) => e.name === 'astral')!.url), {convert: false})
    expect(raw.placed.flatMap((a) => a.targets).every((t, i) => t.start < expected(json).flatMap((a) => a.targets)[i]!.start)).toBe(true)
  })
})
