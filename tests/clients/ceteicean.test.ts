/**
 * The TEI export in a real TEI renderer: CETEIcean 1.9.5 in Chromium, loaded as its README and
 * our behaviours file say (classic scripts over HTTP, `getHTML5('edition.xml')`), with the
 * behaviours the export ships (`src/write/tei/ceteicean-behaviours.js`).
 *
 * "Reachable" means: a visible link whose target exists and is visible. Counted against the model:
 * every glossary term in the text, in notes, in glossary entries and in the introduction; every
 * note from the marker where its passage ends, and back; every work of every citation. The same
 * audit on CETEIcean's default behaviours finds no term and no note reachable, so it can fail.
 */
import {copyFileSync, mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {createRequire} from 'node:module'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {chromium, type Browser, type Page} from 'playwright-core'
import type {Nodes} from 'mdast'
import {visit} from 'unist-util-visit'
import {tool} from '../helpers/tools.js'
import {repo, serve} from '../browser/serve.js'
import {awkwardEdition, realEdition} from '../export-support.js'
import {citeNodes} from '../../src/cite/index.js'
import type {Edition} from '../../src/model/edition.js'
import {toTei} from '../../src/write/tei/index.js'

const executablePath = tool('/usr/bin/chromium', 'apt-get install -y chromium')
// The package exports only its ES modules; the classic-script build sits beside them in dist/.
const cetei = join(dirname(createRequire(import.meta.url).resolve('CETEIcean')), '../dist/CETEI.js')
const behaviours = join(repo, 'src/write/tei/ceteicean-behaviours.js')
const shots = join(repo, 'tests/artifacts/screenshots')

/** The page a publisher would put next to `edition.xml`: the snippet in the behaviours file. */
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title></title>
<style>tei-div, tei-p, tei-head, tei-note, tei-item, tei-label, tei-biblstruct, tei-listbibl { display: block; margin: .4em 0 }</style>
</head><body><main id="tei"></main>
<script src="CETEI.js"></script>
<script src="ceteicean-behaviours.js"></script>
<script src="init.js"></script>
</body></html>`

const INIT = `const c = new CETEI()
if (!new URLSearchParams(location.search).has('defaults')) c.addBehaviors(window.editionBehaviours)
c.getHTML5('edition.xml', (dom) => { document.getElementById('tei').appendChild(dom); window.ready = true })
`

/** Serve an edition's TEI with CETEIcean and the behaviours. */
async function site(edition: Edition): Promise<{url: string; close: () => Promise<void>}> {
  const dir = mkdtempSync(join(tmpdir(), 'edition-ceteicean-'))
  writeFileSync(join(dir, 'edition.xml'), toTei(edition))
  writeFileSync(join(dir, 'index.html'), PAGE)
  writeFileSync(join(dir, 'init.js'), INIT)
  copyFileSync(cetei, join(dir, 'CETEI.js'))
  copyFileSync(behaviours, join(dir, 'ceteicean-behaviours.js'))
  return serve(dir)
}

const countTerms = (trees: Nodes[]) => {
  let n = 0
  for (const tree of trees) visit(tree, 'term', () => void n++)
  return n
}

interface Audit {
  /** Terms with a reachable link to their glossary entry, by where they stand. */
  terms: {text: number; notes: number; glossary: number; introduction: number}
  /** Notes reachable from each end of their passages, and linking back. */
  notes: {id: string; from: number; back: boolean}[]
  /** Reachable links to works, over all citations. */
  citationLinks: number
  /** Visible `#…` links whose target is missing or hidden. */
  broken: string[]
}

/** Runs in the page: what a reader can follow. */
function audit(): Audit {
  const visible = (el: Element | null): el is Element => !!el && el.checkVisibility() && !el.closest('cetei-original')
  const target = (a: Element) => {
    const href = a.getAttribute('href') ?? ''
    return href.startsWith('#') ? document.getElementById(decodeURIComponent(href.slice(1))) : null
  }
  const links = (el: Element, pattern: RegExp) =>
    [...el.querySelectorAll('a[href]')].filter((a) => visible(a) && pattern.test(a.getAttribute('href')!) && visible(target(a)))
  const terms = (scope: string) => [...document.querySelectorAll(`${scope} tei-term[ref]`)].filter((t) => visible(t) && links(t, /^#gloss-/).some((a) => a.getAttribute('href') === t.getAttribute('ref'))).length
  const notes = [...document.querySelectorAll('tei-note[type=editorial][targetend]')].map((note) => {
    const ends = note.getAttribute('targetend')!.split(/\s+/).map((p) => document.getElementById(p.slice(1)))
    const from = ends.filter((end) => end && links(end, /^#note-/).some((a) => a.getAttribute('href') === `#${note.id}`)).length
    const back = links(note, /^#anchor-/).some((a) => ends.includes(target(a)))
    return {id: note.id, from, back}
  })
  const citations = [...document.querySelectorAll('tei-bibl[type=evidence], tei-bibl[type=further], tei-bibl[type=citation]')].filter(visible)
  const citationLinks = citations.reduce((n, c) => n + links(c, /^#ref-/).filter((a) => target(a)!.localName === 'tei-biblstruct').length, 0)
  const broken = [...document.querySelectorAll('#tei a[href^="#"]')].filter((a) => visible(a) && !visible(target(a))).map((a) => a.getAttribute('href')!)
  return {
    terms: {text: terms('tei-body'), notes: terms('tei-note[type=editorial]'), glossary: terms('tei-list[type=gloss]'), introduction: terms('tei-front')},
    notes,
    citationLinks,
    broken
  }
}

describe.skipIf(!executablePath)('TEI export in CETEIcean (Chromium)', () => {
  let browser: Browser
  let real: Edition
  let server: {url: string; close: () => Promise<void>}

  beforeAll(async () => {
    real = await realEdition()
    server = await site(real)
    browser = await chromium.launch({
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
    })
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  /** What went wrong on a page: script errors, and dialogs (which only injected script opens). */
  const troubles = new WeakMap<Page, string[]>()

  async function open(url: string): Promise<Page> {
    const page = await browser.newPage({viewport: {width: 1100, height: 900}})
    const seen: string[] = []
    troubles.set(page, seen)
    page.on('pageerror', (e) => void seen.push(`error: ${e.message}`))
    page.on('dialog', (d) => {
      seen.push(`dialog: ${d.message()}`)
      void d.dismiss()
    })
    await page.goto(url)
    await page.waitForFunction(() => (window as unknown as {ready?: boolean}).ready === true)
    return page
  }

  async function close(page: Page) {
    expect(troubles.get(page)).toEqual([])
    await page.close()
  }

  it('reaches every term, in the text, notes, glossary and introduction, every note both ways, and every work of every citation', async () => {
    const page = await open(server.url)
    const result = await page.evaluate(audit)
    const glosses = real.annotations.filter((a) => a.type === 'gloss')
    const notes = real.annotations.filter((a) => a.type === 'note')
    expect(result.terms).toEqual({
      text: glosses.reduce((n, g) => n + g.targets.length, 0),
      notes: countTerms(notes.map((n) => n.body)),
      glossary: countTerms(glosses.map((g) => g.body)),
      introduction: countTerms([real.introduction!])
    })
    expect(result.terms.notes).toBeGreaterThan(0)
    expect(result.notes).toEqual(notes.map((n) => ({id: `note-${n.id}`, from: n.targets.length, back: true})))
    const cites = [...real.annotations.flatMap((a) => [...citeNodes(a.body), ...a.further]), ...citeNodes(real.introduction!)]
    expect(result.citationLinks).toBe(cites.reduce((n, c) => n + c.items.length, 0))
    expect(result.broken).toEqual([])
    mkdirSync(shots, {recursive: true})
    await page.screenshot({path: join(shots, 'ceteicean.png'), fullPage: false})
    await close(page)
  })

  it('follows a term to its entry, a note marker to its note and the note back to its marker, by clicking', async () => {
    const page = await open(server.url)
    const term = page.locator('tei-body tei-term a').first()
    const ref = await term.getAttribute('href')
    await term.click()
    expect(await page.evaluate(() => document.querySelector(':target')?.id)).toBe(ref!.slice(1))
    const marker = page.locator('tei-body a.note-ref').first()
    const note = await marker.getAttribute('href')
    await marker.click()
    expect(await page.evaluate(() => document.querySelector(':target')?.id)).toBe(note!.slice(1))
    await page.locator(`${note} a.note-back`).click()
    expect(await page.evaluate(() => document.querySelector(':target')?.localName)).toBe('tei-anchor')
    await page.screenshot({path: join(shots, 'ceteicean-note.png')})
    await close(page)
  })

  it('with CETEIcean’s default behaviours alone, reaches no term and no note (the audit can fail)', async () => {
    const page = await open(`${server.url}?defaults`)
    const result = await page.evaluate(audit)
    expect(result.terms.text).toBe(0)
    expect(result.notes.every((n) => n.from === 0)).toBe(true)
    await close(page)
  })

  it('renders hostile notes and addresses as text, with and without the behaviours: nothing runs', async () => {
    const edition = await awkwardEdition()
    edition.references.push({id: 'xss', type: 'webpage', title: 'x', URL: 'https://example.org/"><img src=x onerror=alert(1)>'})
    const hostile = await site(edition)
    try {
      for (const query of ['', '?defaults']) {
        const page = await open(hostile.url + query)
        expect(await page.locator('#tei img, #tei script').count()).toBe(0)
        expect(await page.locator('#tei').textContent()).toContain('<script>alert(2)</script>')
        await close(page)
      }
    } finally {
      await hostile.close()
    }
  })
})
