/**
 * The reading view in a real browser (Debian Chromium through playwright-core): notes on hover,
 * focus and tap, the sentence panel, keys, deep links, the page without JavaScript, and axe-core
 * in light and dark mode. Screenshots of each state go to tests/artifacts/screenshots/.
 */
import {mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {createRequire} from 'node:module'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {chromium, type Browser, type BrowserContextOptions, type Page} from 'playwright-core'
import {tool} from '../helpers/tools.js'
import {build, repo, serve} from './serve.js'
import type {Annotation, Sentence} from '../../src/model/edition.js'
import {renderPage} from '../../src/write/view/index.js'
import {awkwardEdition} from '../export-support.js'

const executablePath = tool('/usr/bin/chromium', 'apt-get install -y chromium')
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
const shots = join(repo, 'tests/artifacts/screenshots')

/** `edition.json`, as much of it as these tests read. */
interface Json {
  sentences: (Sentence & {source: {text: string}})[]
  annotations: (Pick<Annotation, 'id' | 'type' | 'label' | 'original' | 'targets' | 'status'> & {body: {text: string}; evidence: {items: {key: string}[]}[]})[]
  bibliography: {id: string; text: string}[]
}

let browser: Browser
let url: string
let stop: () => Promise<void>
let json: Json

const label = (id: string) => json.annotations.find((a) => a.id === id)!.label!
const sentenceWith = (id: string) => json.sentences.find((s) => s.annotations.includes(id))!

async function open(options: BrowserContextOptions = {}, hash = ''): Promise<Page> {
  const context = await browser.newContext({viewport: {width: 1280, height: 900}, reducedMotion: 'reduce', ...options})
  const page = await context.newPage()
  page.on('pageerror', (e) => {
    throw e
  })
  await page.goto(url + hash)
  return page
}

async function shot(page: Page, name: string, fullPage = false) {
  await page.screenshot({path: join(shots, `${name}.png`), fullPage})
}

/** axe-core's violations on the page as it is, with each rule's offending nodes. */
async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({path: axePath})
  const violations = await page.evaluate(async () => {
    const w = window as unknown as {axe: {run: (ctx: Document, opts: object) => Promise<{violations: {id: string; nodes: {target: string[]; failureSummary: string}[]}[]}>}}
    const r = await w.axe.run(document, {resultTypes: ['violations']})
    return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => `${n.target.join(' ')} (${n.failureSummary})`).join('; ')}`)
  })
  return violations
}

/** Click a sentence on its own words (not its number, a term or a marker), as a reader would. */
async function clickSentence(page: Page, id: string) {
  const point = await page.locator(`#${id}`).evaluate((s) => {
    const walker = document.createTreeWalker(s, NodeFilter.SHOW_TEXT)
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.parentElement!.closest('a, sup') || (n as Text).data.trim().length < 4) continue
      const range = document.createRange()
      range.setStart(n, 1)
      range.setEnd(n, 3)
      let r = range.getBoundingClientRect()
      if (r.top < 0 || r.bottom > innerHeight) {
        scrollBy(0, r.top - innerHeight / 2)
        r = range.getBoundingClientRect()
      }
      return {x: r.left + r.width / 2, y: r.top + r.height / 2}
    }
    throw new Error(`no words in ${s.id}`)
  })
  await page.mouse.click(point.x, point.y)
}

/** The address bar's fragment, as the page sees it (page.url() learns of replaceState late). */
const hash = (page: Page) => page.evaluate(() => location.hash)

const noteVisible = (page: Page) => page.locator('#note').isVisible()

describe.skipIf(!executablePath)('the reading view in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(shots, {recursive: true})
    const dir = await build()
    json = JSON.parse(readFileSync(join(dir, 'edition.json'), 'utf8')) as Json
    const server = await serve(dir)
    url = server.url
    stop = server.close
    browser = await chromium.launch({
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
    })
  })
  afterAll(async () => {
    await browser?.close()
    await stop?.()
  })

  it('shows a term’s note when the pointer hovers it, and keeps it while the pointer moves onto the note', async () => {
    const page = await open()
    const vtsps = json.annotations.find((a) => a.id === 'vtsps')!
    const term = page.locator('.text a[data-gloss="vtsps"]').first()
    await term.hover()
    const note = page.locator('#note')
    await expect.poll(() => note.isVisible()).toBe(true)
    const words = (await note.innerText()).replace(/\s+/g, ' ')
    expect(words).toContain(vtsps.label)
    expect(words).toContain(vtsps.original!.text)
    expect(words).toContain(vtsps.body.text.replace(/\s+/g, ' ').slice(0, 60))
    // The formatted citations: each work the note cites, as the bibliography gives it.
    for (const c of vtsps.evidence.flatMap((e) => e.items)) expect(words).toContain(json.bibliography.find((b) => b.id === c.key)!.text.slice(0, 30))
    expect(await term.getAttribute('aria-describedby')).toBe('note')
    await shot(page, 'note-hover-1280')
    // SC 1.4.13: hoverable (the pointer crosses to the note and it stays), dismissable (Esc).
    const box = (await note.boundingBox())!
    await page.mouse.move(box.x + box.width / 2, box.y + 10, {steps: 5})
    await page.waitForTimeout(450)
    expect(await noteVisible(page)).toBe(true)
    await page.keyboard.press('Escape')
    expect(await noteVisible(page)).toBe(false)
    // Leaving the term and its note closes it.
    await term.hover()
    await expect.poll(() => noteVisible(page)).toBe(true)
    await page.mouse.move(5, 5)
    await expect.poll(() => noteVisible(page)).toBe(false)
    await page.context().close()
  })

  it('shows a note when Tab reaches its term, hides it on Esc, and reaches terms and sentences in reading order', async () => {
    const page = await open()
    const order: string[] = []
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab')
      order.push(await page.evaluate(() => {
        const a = document.activeElement as HTMLElement
        return a.matches('.sn') ? `s${a.closest<HTMLElement>('.s')!.dataset.n}` : a.dataset.gloss ?? a.dataset.note ?? a.className ?? a.tagName
      }))
      if (order.at(-1) === 'stalinist-leadership') break
    }
    // After the page's own links: sentence 1, then its first term.
    expect(order.slice(-2)).toEqual(['s1', 'stalinist-leadership'])
    expect(await noteVisible(page)).toBe(true)
    expect(await page.locator('#note').innerText()).toContain(json.annotations.find((a) => a.id === 'stalinist-leadership')!.label!)
    const focusStyle = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)
    expect(focusStyle).not.toBe('none')
    await shot(page, 'note-focus-1280')
    await page.keyboard.press('Escape')
    expect(await noteVisible(page)).toBe(false)
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.gloss)).toBe('stalinist-leadership')
    // On a short screen, the next Tab reaches the note marker after the quote and shows that note,
    // too long for the screen: it scrolls, and comes next in the Tab order so keys can scroll it.
    await page.setViewportSize({width: 1280, height: 300})
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.note)).toBe('earlier-drives')
    expect(await page.locator('#note').innerText()).toContain('Note 1')
    expect(await page.locator('#note').evaluate((n) => n.scrollHeight > n.clientHeight)).toBe(true)
    expect(await page.locator('#note').getAttribute('tabindex')).toBe('0')
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('note')
    expect(await noteVisible(page)).toBe(true)
    await page.keyboard.press('ArrowDown')
    await expect.poll(() => page.locator('#note').evaluate((n) => n.scrollTop)).toBeGreaterThan(0)
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.gloss)).toBe('stakhanovite-movement')
    expect(await page.locator('#note').innerText()).toContain(label('stakhanovite-movement'))
    await page.context().close()
  })

  it('opens a note on a tap on a touch screen, and closes it on a tap elsewhere', async () => {
    const page = await open({viewport: {width: 360, height: 740}, hasTouch: true, isMobile: true, deviceScaleFactor: 2})
    const term = page.locator('.text a[data-gloss="vtsps"]').first()
    await term.scrollIntoViewIfNeeded()
    await term.tap()
    await expect.poll(() => noteVisible(page)).toBe(true)
    expect(await page.locator('#note').innerText()).toContain(label('vtsps'))
    expect(await hash(page)).toBe('#vtsps-1')
    // The note fits the narrow screen.
    const box = (await page.locator('#note').boundingBox())!
    expect(box.x).toBeGreaterThanOrEqual(0)
    expect(box.x + box.width).toBeLessThanOrEqual(360)
    await shot(page, 'note-tap-360')
    await page.locator('.masthead h1').tap()
    await expect.poll(() => noteVisible(page)).toBe(false)
    await page.context().close()
  })

  it('selects a clicked sentence and shows its number, source, notes with their status, and a citation', async () => {
    const page = await open({permissions: ['clipboard-read', 'clipboard-write']})
    const s = sentenceWith('vtsps-autumn-1935')
    await clickSentence(page, s.id)
    const panel = page.locator('#panel')
    await expect.poll(() => panel.locator('h2').innerText()).toBe(`Sentence ${s.n}`)
    expect(await page.locator(`#${s.id}`).getAttribute('class')).toContain('on')
    expect(await hash(page)).toBe(`#${s.id}`)
    const words = (await panel.innerText()).replace(/\s+/g, ' ')
    expect(words).toContain(s.source.text.split(' (')[0]!)
    expect(words).toContain(`line ${s.witness.line}`)
    for (const id of s.annotations) {
      const a = json.annotations.find((x) => x.id === id)!
      expect(words).toContain(a.body.text.replace(/\s+/g, ' ').slice(0, 40))
    }
    // An unverified note says so in words.
    expect(await panel.locator('.entry[data-status="unverified"] .status').first().innerText()).toMatch(/unverified/i)
    await shot(page, 'panel-1280')
    // Cite this sentence: the citation names the sentence and links to it.
    await panel.getByRole('button', {name: 'Copy citation'}).click()
    await expect.poll(() => panel.locator('button.cite').innerText()).toBe('Copied')
    const copied = await page.evaluate(() => navigator.clipboard.readText())
    expect(copied).toContain(`sentence ${s.n}.`)
    expect(copied).toContain(`${url}#${s.id}`)
    // The address bar follows the selection without adding history.
    const before = await page.evaluate(() => history.length)
    await clickSentence(page, json.sentences[0]!.id)
    expect(await hash(page)).toBe(`#${json.sentences[0]!.id}`)
    expect(await page.evaluate(() => history.length)).toBe(before)
    await page.context().close()
  })

  it('moves between sentences with j/k and the arrow keys, and Esc closes the panel', async () => {
    const page = await open()
    await page.locator('.sn').first().focus()
    await page.keyboard.press('Enter')
    const selectedN = () => page.evaluate(() => document.querySelector<HTMLElement>('.s.on')?.dataset.n ?? null)
    expect(await selectedN()).toBe('1')
    await page.keyboard.press('j')
    expect(await selectedN()).toBe('2')
    await page.keyboard.press('ArrowDown')
    expect(await selectedN()).toBe('3')
    await page.keyboard.press('k')
    expect(await selectedN()).toBe('2')
    expect(await page.evaluate(() => document.activeElement?.closest<HTMLElement>('.s')?.dataset.n)).toBe('2')
    // Enter on the selected sentence moves to its panel; Esc closes it and returns to the sentence.
    await page.keyboard.press('Enter')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('panel-h')
    await page.keyboard.press('Escape')
    expect(await selectedN()).toBe(null)
    expect(await page.evaluate(() => document.activeElement?.closest<HTMLElement>('.s')?.dataset.n)).toBe('2')
    expect(await hash(page)).toBe('')
    await page.keyboard.press(' ')
    expect(await selectedN()).toBe('2')
    await page.context().close()
  })

  it('opens the page with a sentence selected from #<sentence-id>, and with a note open from #<glossary-id>', async () => {
    const s = json.sentences[8]!
    let page = await open({}, `#${s.id}`)
    await expect.poll(() => page.locator('#panel h2').innerText()).toBe(`Sentence ${s.n}`)
    expect(await page.locator(`#${s.id}`).getAttribute('class')).toContain('on')
    expect(await page.locator(`#${s.id}`).isVisible()).toBe(true)
    await page.context().close()
    page = await open({}, '#vtsps')
    await expect.poll(() => noteVisible(page)).toBe(true)
    expect(await page.locator('#note').innerText()).toContain(label('vtsps'))
    // The term is on screen, not the glossary entry far below.
    const inView = await page.locator('.text a[data-gloss="vtsps"]').first().evaluate((e) => {
      const r = e.getBoundingClientRect()
      return r.top >= 0 && r.bottom <= innerHeight
    })
    expect(inView).toBe(true)
    await shot(page, 'deep-link-gloss-1280')
    // And again after a reload, which would otherwise restore the old scroll position.
    await page.evaluate(() => scrollTo(0, document.body.scrollHeight))
    await page.reload()
    await expect.poll(() => noteVisible(page)).toBe(true)
    expect(await page.locator('.text a[data-gloss="vtsps"]').first().evaluate((e) => e.getBoundingClientRect().top >= 0 && e.getBoundingClientRect().bottom <= innerHeight)).toBe(true)
    await page.context().close()
  })

  it('opens a note from #<note-id> or #<term>-<k>, and follows links from the apparatus without adding history', async () => {
    const page = await open({}, '#record-staged')
    await expect.poll(() => noteVisible(page)).toBe(true)
    expect(await page.locator('#note').innerText()).toContain(json.annotations.find((a) => a.id === 'record-staged')!.body.text.replace(/\s+/g, ' ').slice(0, 40))
    await page.goto(`${url}#vtsps-2`)
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('vtsps-2')
    expect(await noteVisible(page)).toBe(true)
    await page.keyboard.press('Escape')
    const before = await page.evaluate(() => history.length)
    // From the list of sentences: the sentence is selected, in place of a jump.
    const s = json.sentences[3]!
    await page.locator(`#src-${s.id} > a`).click()
    expect(await page.evaluate(() => document.querySelector('.s.on')?.id)).toBe(s.id)
    expect(await hash(page)).toBe(`#${s.id}`)
    // From a glossary entry back to a place: the term gets focus and shows its note.
    await page.locator('#vtsps .backlinks a').first().click()
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('vtsps-1')
    expect(await noteVisible(page)).toBe(true)
    expect(await page.evaluate(() => history.length)).toBe(before)
    // To an entry: the entry, as without the script.
    await page.keyboard.press('Escape')
    await page.locator(`#src-${sentenceWith('vtsps').id} .refs a[href="#vtsps"]`).click()
    await expect.poll(() => page.locator('#vtsps').evaluate((e) => e.getBoundingClientRect().top < innerHeight && e.getBoundingClientRect().bottom > 0)).toBe(true)
    expect(await noteVisible(page)).toBe(false)
    await page.context().close()
  })

  it('reaches every note and glossary entry without JavaScript, and links back to the text', async () => {
    const page = await open({javaScriptEnabled: false})
    for (const a of json.annotations) {
      const link = page.locator(`.text a[href="#${a.id}"]`).first()
      expect(await link.count(), a.id).toBe(1)
      const entry = page.locator(`[id="${a.id}"]`)
      expect(await entry.evaluate((e) => e.checkVisibility()), a.id).toBe(true)
      const back = entry.locator('.backlinks a')
      expect(await back.count(), a.id).toBe(a.targets.length)
      for (const href of await back.evaluateAll((els) => els.map((e) => e.getAttribute('href')!))) {
        expect(await page.locator(`.text [id="${href.slice(1)}"]`).count(), href).toBe(1)
      }
    }
    // Following a note marker and coming back, as a footnote reader would.
    await page.locator('.text a[data-note="record-staged"]').click()
    expect(await hash(page)).toBe('#record-staged')
    expect(await page.locator('#record-staged').evaluate((e) => e.matches(':target'))).toBe(true)
    await page.locator('#record-staged .backlinks a').first().click()
    expect(await hash(page)).toBe('#record-staged-1')
    expect(await page.locator('#panel').isVisible()).toBe(false)
    await shot(page, 'no-js-1280')
    await page.context().close()
  })

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no axe-core violations in ${colorScheme} mode, closed and with a sentence selected and a note open`, async () => {
      const page = await open({colorScheme})
      expect(await axe(page)).toEqual([])
      await shot(page, `closed-${colorScheme}-1280`)
      const s = sentenceWith('vtsps')
      await clickSentence(page, s.id)
      await page.locator(`#${s.id} a[data-gloss="vtsps"]`).focus()
      expect(await noteVisible(page)).toBe(true)
      expect(await axe(page)).toEqual([])
      await shot(page, `open-${colorScheme}-1280`)
      await page.context().close()
    })
  }

  it('lays out from 320 px to a desktop without horizontal scrolling', async () => {
    const page = await open({viewport: {width: 320, height: 700}})
    for (const [width, height] of [
      [320, 700],
      [768, 1000],
      [1280, 900]
    ] as const) {
      await page.setViewportSize({width, height})
      await page.evaluate(() => scrollTo(0, 0))
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${width}px`).toBeLessThanOrEqual(width)
      const s = json.sentences[5]!
      await clickSentence(page, s.id)
      const panel = (await page.locator('#panel').boundingBox())!
      expect(panel.width).toBeGreaterThan(200)
      await shot(page, `panel-${width}`)
      await page.emulateMedia({colorScheme: 'dark'})
      await shot(page, `panel-${width}-dark`)
      await page.emulateMedia({colorScheme: 'light'})
      await page.keyboard.press('Escape')
    }
    // Text measure: between 60 and 75 characters a line on a desktop.
    const perLine = await page.evaluate(() => {
      const text = document.querySelector<HTMLElement>('.text p')!
      const style = getComputedStyle(text)
      const c = document.createElement('canvas').getContext('2d')!
      c.font = `${style.fontSize} ${style.fontFamily}`
      const sample = text.textContent!.slice(0, 600)
      return text.clientWidth / (c.measureText(sample).width / sample.length)
    })
    expect(perLine).toBeGreaterThanOrEqual(60)
    expect(perLine).toBeLessThanOrEqual(75)
    await page.emulateMedia({media: 'print'})
    await shot(page, 'print', true)
    expect(await page.locator('#panel').isVisible()).toBe(false)
    await page.context().close()
  })

  it('works the same on another, awkward edition: substitutions, hostile notes, several scripts', async () => {
    const edition = await awkwardEdition()
    const dir = mkdtempSync(join(tmpdir(), 'edition-awkward-'))
    writeFileSync(join(dir, 'index.html'), await renderPage(edition))
    const other = await serve(dir)
    try {
      const context = await browser.newContext({viewport: {width: 1024, height: 800}})
      const page = await context.newPage()
      const errors: string[] = []
      page.on('pageerror', (e) => errors.push(e.message))
      page.on('dialog', (d) => {
        errors.push(`dialog: ${d.message()}`)
        void d.dismiss()
      })
      await page.goto(other.url)
      const note = edition.annotations.find((a) => a.type === 'note')!
      await page.locator(`.text a[data-note="${note.id}"]`).first().hover()
      await expect.poll(() => noteVisible(page)).toBe(true)
      const s = edition.sentences.find((x) => x.annotations.includes(note.id))!
      await clickSentence(page, s.id)
      await expect.poll(() => page.locator('#panel h2').innerText()).toBe(`Sentence ${s.n}`)
      await page.locator('#witness summary').click()
      expect(await page.locator('#witness ins').first().innerText()).toBe('The')
      expect(await axe(page)).toEqual([])
      await shot(page, 'awkward-1024')
      expect(errors).toEqual([])
      await context.close()
    } finally {
      await other.close()
    }
  })
})
