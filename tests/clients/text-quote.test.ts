/**
 * The W3C Web Annotation export anchored by dom-anchor-text-quote (4.0.2, the quote matcher of
 * the Annotator/Hypothesis lineage) in Chromium, on the edition's own page:
 * - as the selectors say (the CssSelector's element, the quote with its context, the refined
 *   position as the hint), every target must land exactly where `edition.json` says;
 * - on the whole page, as Hypothesis-style clients read a target (the quote with its context,
 *   the position only as a hint, no CssSelector), every target must land in the reading text and
 *   not in the witness further down the page, which shows the same words in the same context.
 * The matcher is fuzzy, so the words found are compared exactly, and offsets too.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {Browser, Page} from 'playwright-core'
import {tool} from '../helpers/tools.js'
import {bundle, expected, exports, launch, open, serveEditions, type Served} from './page.js'

const executablePath = tool('/usr/bin/chromium', 'apt-get install -y chromium')

let browser: Browser
let editions: Served[]
let client: string

interface Found {
  id: string
  targets: {start: number; end: number; text: string}[]
}

/**
 * Anchor every text target. `scope: 'selectors'`: in the element the CssSelector names, with the
 * refined position (converted to UTF-16, as the README says) as the hint. `scope: 'page'`: in
 * `document.body`, with the TextPositionSelector's start as the hint, as it stands; the offsets
 * found are given relative to `#edition-text` (so a match outside it shows up as a wrong offset).
 */
async function anchorAll(page: Page, scope: 'selectors' | 'page'): Promise<Found[]> {
  await page.addScriptTag({content: client})
  return page.evaluate(async (scope) => {
    type Selector = {type: string; exact?: string; prefix?: string; suffix?: string; start?: number; value?: string; refinedBy?: Selector}
    const {TextQuote} = window as unknown as {TextQuote: {toTextPosition: (root: Node, s: object, o?: object) => {start: number; end: number} | null}}
    const collection = await (await fetch('annotations.jsonld')).json()
    const block = document.getElementById('edition-text')!
    const before = document.createRange()
    before.setStart(document.body, 0)
    before.setEnd(block, 0)
    const shift = scope === 'page' ? before.toString().length : 0
    const out: Found[] = []
    for (const a of collection.first.items as {id: string; target: {selector: Selector[] | Selector}[]}[]) {
      const targets = a.target.filter((t): t is {selector: Selector[]} => Array.isArray(t.selector))
      if (!targets.length) continue
      out.push({
        id: a.id,
        targets: targets.map(({selector}) => {
          const quote = selector.find((s) => s.type === 'TextQuoteSelector')!
          const css = selector.find((s) => s.type === 'CssSelector')!
          const root = scope === 'page' ? document.body : document.querySelector(css.value!)!
          const text = root.textContent!
          const utf16 = (points: number) => [...text].slice(0, points).join('').length
          const position = selector.find((s) => s.type === 'TextPositionSelector')!
          const options = {hint: scope === 'page' ? position.start : utf16(css.refinedBy!.start!)}
          const at = TextQuote.toTextPosition(root, {exact: quote.exact, prefix: quote.prefix, suffix: quote.suffix}, options)
          return at ? {start: at.start - shift, end: at.end - shift, text: text.slice(at.start, at.end)} : {start: -1, end: -1, text: ''}
        })
      })
    }
    return out
  }, scope)
}

describe.skipIf(!executablePath)('dom-anchor-text-quote finds the exported annotations on the page', () => {
  beforeAll(async () => {
    editions = await serveEditions()
    browser = await launch(executablePath!)
    client = await bundle("import * as TextQuote from 'dom-anchor-text-quote'; window.TextQuote = TextQuote")
  })
  afterAll(async () => {
    await browser?.close()
    for (const e of editions ?? []) await e.close()
  })

  for (const name of ['real', 'awkward', 'astral']) {
    it(`finds every target of the ${name} edition where edition.json says, following the selectors`, async () => {
      const page = await open(browser, editions.find((e) => e.name === name)!.url)
      const {json} = await exports(page)
      expect(await anchorAll(page, 'selectors')).toEqual(expected(json))
      await page.close()
    })
  }

  for (const name of ['real', 'awkward']) {
    it(`finds every target of the ${name} edition in the reading text, not in the witness, reading the whole page as Hypothesis does`, async () => {
      const page = await open(browser, editions.find((e) => e.name === name)!.url)
      const {json} = await exports(page)
      // The page shows the text twice (the reading text, and the witness under "Interventions and witness").
      const witness = await page.locator('#witness').evaluate((el) => el.textContent!.replace(/\s+/g, ' '))
      expect(json.annotations.flatMap((a) => a.targets).filter((t) => witness.includes(t.selector.exact)).length).toBeGreaterThan(0)
      expect(await anchorAll(page, 'page')).toEqual(expected(json))
      await page.close()
    })
  }
})
