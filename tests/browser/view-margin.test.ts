/**
 * Issue #11, beyond the defects: margin notes on wide screens, the witness in place, no layout
 * shift, and axe-core in every state (the margin layout, the witness reading, the phone).
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {Page} from 'playwright-core'
import {awkwardEdition} from '../export-support.js'
import {axe, clickSentence, executablePath, noteVisible, open, PHONE, serveEdition, shot, start, type Reader} from './reader.js'

let r: Reader

/** Where a sentence's first line and its margin group stand, and what the group holds. */
const besides = (page: Page, id: string) =>
  page.evaluate((sid) => {
    const s = document.getElementById(sid)!
    const g = document.querySelector<HTMLElement>(`.m-group[data-s="${sid}"]`)
    const top = s.getClientRects()[0]!.top
    if (!g) return null
    const box = g.getBoundingClientRect()
    return {sentence: top, group: box.top, bottom: box.bottom, visible: g.checkVisibility() && box.top >= 0 && box.bottom <= innerHeight, items: [...g.querySelectorAll<HTMLElement>('.m-item')].map((i) => i.dataset.for)}
  }, id)

/** The sum of layout shifts since the page started (Cumulative Layout Shift), after it settles. */
const cls = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let sum = 0
        new PerformanceObserver((list) => {
          for (const e of list.getEntries() as (PerformanceEntry & {value: number; hadRecentInput: boolean})[]) if (!e.hadRecentInput) sum += e.value
        }).observe({type: 'layout-shift', buffered: true})
        setTimeout(() => resolve(sum), 1500)
      })
  )

const witnessOn = (page: Page) => page.getByRole('checkbox', {name: /witness’s reading/}).check()
const before = (page: Page, selector: string) => page.locator(selector).first().evaluate((e) => getComputedStyle(e, '::before').content)

describe.skipIf(!executablePath)('margin notes and the witness in place, in Chromium', () => {
  beforeAll(async () => {
    r = await start()
  })
  afterAll(async () => {
    await r?.close()
  })

  it('stands each sentence’s notes and glossary entries in the margin beside it at 1280 px', async () => {
    const page = await open(r, {viewport: {width: 1280, height: 800}})
    let last = -Infinity
    for (const s of r.json.sentences) {
      await page.locator(`#${s.id}`).evaluate((e) => e.scrollIntoView({block: 'center'}))
      const at = await besides(page, s.id)
      if (!s.annotations.length) {
        expect(at, `sentence ${s.n}`).toBe(null)
        continue
      }
      expect(at!.items, `sentence ${s.n}`).toEqual(s.annotations)
      expect(at!.visible, `sentence ${s.n}`).toBe(true)
      // Beside its sentence: level with its first line, give or take what the groups above take.
      expect(Math.abs(at!.group - at!.sentence), `sentence ${s.n}`).toBeLessThan(80)
      expect(at!.group + (await page.evaluate(() => scrollY)), `sentence ${s.n} below the one before`).toBeGreaterThanOrEqual(last)
      last = at!.bottom + (await page.evaluate(() => scrollY))
    }
    await page.evaluate(() => scrollTo(0, 0))
    await shot(page, 'margin-1280')
    expect(await axe(page)).toEqual([])
    // Hover and focus keep working, and light up the entry in the margin.
    await page.locator('#vtsps-1').hover()
    await expect.poll(() => noteVisible(page)).toBe(true)
    expect(await page.locator('.m-item.on').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.for))).toEqual(['vtsps', 'vtsps'])
    expect(await axe(page)).toEqual([])
    await shot(page, 'margin-hover-1280')
    // A click on an entry in the margin opens its sentence's panel in its place; Esc brings the margin back.
    await page.mouse.move(5, 5)
    const s = r.json.sentences.find((x) => x.annotations.includes('record-staged'))!
    await page.locator(`.m-group[data-s="${s.id}"] .m-item[data-for="record-staged"]`).click()
    await expect.poll(() => page.locator('#panel h2').innerText()).toBe(`Sentence ${s.n}`)
    expect(await page.locator('.margin').evaluate((m) => getComputedStyle(m).visibility)).toBe('hidden')
    expect(await axe(page)).toEqual([])
    await shot(page, 'margin-panel-1280')
    await page.keyboard.press('Escape')
    expect(await page.locator('.margin').evaluate((m) => getComputedStyle(m).visibility)).toBe('visible')
    // Narrower screens keep the panel beside the text, and no margin notes.
    await page.setViewportSize({width: 1100, height: 800})
    expect(await page.locator('.margin').isVisible()).toBe(false)
    expect(await page.locator('#panel .panel-hint').isVisible()).toBe(true)
    await page.context().close()
  })

  it('shows the top of the page, text and margin notes with a note open, as the README pictures it', async () => {
    const page = await open(r, {viewport: {width: 1280, height: 860}})
    await page.locator('#productivity-drives-1').hover()
    await expect.poll(() => noteVisible(page)).toBe(true)
    // Not cut off: the masthead's first line and the text's first sentence are on screen.
    expect(await page.locator('.kicker').evaluate((e) => e.getBoundingClientRect().top)).toBeGreaterThanOrEqual(0)
    expect(await page.locator('.margin').isVisible()).toBe(true)
    await shot(page, 'readme-1280')
    await page.context().close()
  })

  it('shows the witness’s reading in place with the toggle, and the text block keeps the edited text', async () => {
    const page = await open(r)
    const gaps = r.json.text && (await page.locator('#edition-text .gap').count())
    expect(gaps).toBeGreaterThan(0)
    expect(await before(page, '#edition-text .gap')).toBe('none')
    await witnessOn(page)
    const omitted = await page.locator('#edition-text .gap').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.omitted))
    const shown = await page.locator('#edition-text .gap').evaluateAll((els) => els.map((e) => getComputedStyle(e, '::before').content))
    // As CSS serialises a string: quoted, line breaks as `\a `.
    expect(shown).toEqual(omitted.map((o) => `"${o!.replace(/\n/g, '\\a ')}"`))
    expect(await page.locator('.witness-legend').isVisible()).toBe(true)
    expect(await page.locator('#edition-text').evaluate((e) => e.textContent)).toBe(r.json.text)
    await shot(page, 'witness-in-place-1280')
    expect(await axe(page)).toEqual([])
    await page.context().close()
    // Without the script too: the toggle is a checkbox that CSS obeys.
    const plain = await open(r, {javaScriptEnabled: false})
    await witnessOn(plain)
    expect(await before(plain, '#edition-text .gap')).not.toBe('none')
    await plain.context().close()
  })

  it('shows a substitution’s witness reading in its place, the edited reading hidden', async () => {
    const edition = await awkwardEdition()
    const other = await serveEdition(edition)
    try {
      const page = await open({browser: r.browser, url: other.url}, {viewport: {width: 1024, height: 800}})
      const reading = edition.readings.find((x) => x.intervention.type === 'substitution')!
      const span = `#edition-text .reading[data-intervention="${reading.intervention.id}"]`
      expect(await page.locator(`${span} > .r`).isVisible()).toBe(true)
      await witnessOn(page)
      expect(await before(page, span)).toBe(`"${reading.witness}"`)
      expect(await page.locator(`${span} > .r`).isVisible()).toBe(false)
      expect(await page.locator('#edition-text').evaluate((e) => e.textContent)).toBe(edition.text)
      await shot(page, 'witness-substitution-1024')
      await page.context().close()
    } finally {
      await other.close()
    }
  })

  it('does not shift the layout while the page loads and its script runs (CLS 0), on a desktop and a phone', async () => {
    for (const options of [{viewport: {width: 1280, height: 800}}, PHONE]) {
      const page = await open(r, options)
      expect(await cls(page), JSON.stringify(options.viewport)).toBe(0)
      await page.context().close()
    }
  })

  it('has no axe-core violations on a phone: closed, a note open, a sentence selected, the witness shown', async () => {
    const page = await open(r, PHONE)
    expect(await axe(page)).toEqual([])
    const term = page.locator('#vtsps-1')
    await term.scrollIntoViewIfNeeded()
    await term.tap()
    await expect.poll(() => noteVisible(page)).toBe(true)
    expect(await axe(page)).toEqual([])
    await page.locator('.masthead h1').tap()
    const s = r.json.sentences[4]!
    await clickSentence(page, s.id)
    await expect.poll(() => page.locator('#panel h2').innerText()).toBe(`Sentence ${s.n}`)
    expect(await axe(page)).toEqual([])
    await shot(page, 'panel-phone-360')
    await page.keyboard.press('Escape')
    await page.evaluate(() => scrollTo(0, 0))
    await witnessOn(page)
    expect(await axe(page)).toEqual([])
    await shot(page, 'witness-phone-360')
    for (const colorScheme of ['dark'] as const) {
      await page.emulateMedia({colorScheme})
      expect(await axe(page)).toEqual([])
    }
    await page.context().close()
  })
})
