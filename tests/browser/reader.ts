/**
 * What the reading view's browser tests share: the real edition built and served, Debian
 * Chromium through playwright-core, and the ways a reader (or axe-core) looks at a page.
 * Screenshots go to tests/artifacts/screenshots/.
 */
import {mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {createRequire} from 'node:module'
import {chromium, type Browser, type BrowserContextOptions, type Page} from 'playwright-core'
import {tool} from '../helpers/tools.js'
import {build, repo, serve} from './serve.js'
import type {Annotation, Edition, Sentence} from '../../src/model/edition.js'
import {renderPage} from '../../src/write/view/index.js'

export const executablePath = tool('/usr/bin/chromium', 'apt-get install -y chromium')
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
export const shots = join(repo, 'tests/artifacts/screenshots')

/** `edition.json`, as much of it as these tests read. */
export interface Json {
  text: string
  sentences: (Sentence & {source: {text: string}})[]
  annotations: (Pick<Annotation, 'id' | 'type' | 'label' | 'term' | 'original' | 'targets' | 'status' | 'mentionedIn'> & {body: {text: string}; evidence: {items: {key: string}[]}[]})[]
  bibliography: {id: string; text: string}[]
  edition: {version: string}
}

export interface Reader {
  browser: Browser
  url: string
  json: Json
  dist: string
  close(): Promise<void>
}

export const PHONE: BrowserContextOptions = {viewport: {width: 360, height: 740}, hasTouch: true, isMobile: true, deviceScaleFactor: 2}

/** Build the edition, serve it and start Chromium. */
export async function start(): Promise<Reader> {
  mkdirSync(shots, {recursive: true})
  // EDITION_VIEW_DIST runs the tests against another build (e.g. an older page, to see them fail).
  const dist = process.env.EDITION_VIEW_DIST ?? (await build())
  const json = JSON.parse(readFileSync(join(dist, 'edition.json'), 'utf8')) as Json
  const server = await serve(dist)
  const browser = await chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
  })
  return {
    browser,
    url: server.url,
    json,
    dist,
    async close() {
      await browser.close()
      await server.close()
    }
  }
}

/** Another edition's reading view, served from a temporary folder; `close()` stops the server. */
export async function serveEdition(edition: Edition): Promise<{url: string; close: () => Promise<void>}> {
  const dir = mkdtempSync(join(tmpdir(), 'edition-view-other-'))
  writeFileSync(join(dir, 'index.html'), renderPage(edition))
  return serve(dir)
}

/** A new page at `url + hash`, failing the test on any script error. */
export async function open(r: Pick<Reader, 'browser' | 'url'>, options: BrowserContextOptions = {}, hash = ''): Promise<Page> {
  const context = await r.browser.newContext({viewport: {width: 1280, height: 900}, reducedMotion: 'reduce', ...options})
  const page = await context.newPage()
  page.on('pageerror', (e) => {
    throw e
  })
  await page.goto(r.url + hash)
  return page
}

export async function shot(page: Page, name: string, fullPage = false) {
  await page.screenshot({path: join(shots, `${name}.png`), fullPage})
}

/** axe-core's violations on the page as it is, with each rule's offending nodes (WCAG 2.2 AA rules included). */
export async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({path: axePath})
  return page.evaluate(async () => {
    const w = window as unknown as {axe: {run: (ctx: Document, opts: object) => Promise<{violations: {id: string; nodes: {target: string[]; failureSummary: string}[]}[]}>}}
    const r = await w.axe.run(document, {resultTypes: ['violations'], runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})
    return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => `${n.target.join(' ')} (${n.failureSummary})`).join('; ')}`)
  })
}

/** Click a sentence on its own words (not its number, a term or a marker), as a reader would. */
export async function clickSentence(page: Page, id: string) {
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
export const hash = (page: Page) => page.evaluate(() => decodeURIComponent(location.hash))

export const noteVisible = (page: Page) => page.locator('#note').isVisible()

/** What has focus, in words a test can compare: `s3` for sentence 3's number, else the id, data-gloss/-note or tag. */
export const focused = (page: Page) =>
  page.evaluate(() => {
    const a = document.activeElement as HTMLElement | null
    if (!a || a === document.body) return 'body'
    if (a.matches('.sn')) return `s${a.closest<HTMLElement>('.s')!.dataset.n}`
    return a.id || a.dataset.gloss || a.dataset.note || a.tagName.toLowerCase()
  })

/** Whether an element is (partly) on screen. */
export const inView = (page: Page, selector: string) =>
  page.locator(selector).first().evaluate((e) => {
    const r = e.getBoundingClientRect()
    return r.bottom > 0 && r.top < innerHeight && r.height > 0
  })

/** The accessibility tree's view of the focused element (Chromium's, through the DevTools protocol). */
export async function focusedNode(page: Page): Promise<{role: string; name: string; description: string}> {
  const cdp = await page.context().newCDPSession(page)
  const {result} = (await cdp.send('Runtime.evaluate', {expression: 'document.activeElement'})) as {result: {objectId: string}}
  const {nodes} = (await cdp.send('Accessibility.getPartialAXTree', {objectId: result.objectId, fetchRelatives: false})) as {
    nodes: {role?: {value: string}; name?: {value: string}; description?: {value: string}}[]
  }
  const n = nodes[0]!
  await cdp.detach()
  return {role: n.role?.value ?? '', name: n.name?.value ?? '', description: n.description?.value ?? ''}
}
