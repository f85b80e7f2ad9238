/**
 * Annotations made by real clients on the published reading view, in Chromium, imported back:
 * Recogito's text-annotator (a passage selected with the mouse, serialised by its W3C adapter)
 * and dom-anchor-text-quote / -text-position (the selectors Hypothesis's older anchoring writes
 * for a DOM range, 32 characters of context). Each must become a note on the very passage the
 * client marked, at the offsets the client counted, and show in the rebuilt reading view.
 */
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {build as esbuild} from 'esbuild'
import {chromium, type Browser, type Page} from 'playwright-core'
import {tool} from './helpers/tools.js'
import {build, serve} from './browser/serve.js'
import {copyEdition, REPO, run} from './fixtures/edition-copy.js'
import {loadEdition} from '../src/load/index.js'

const executablePath = tool('/usr/bin/chromium', 'apt-get install -y chromium')

let browser: Browser
let root: string
let page: Page
let url: string
let stop: () => Promise<void>

/** Viewport points just inside the first and last characters of `quote` in the text block. */
async function ends(quote: string): Promise<{from: {x: number; y: number}; to: {x: number; y: number}}> {
  return page.evaluate((q) => {
    const block = document.getElementById('edition-text')!
    const at = block.textContent!.indexOf(q)
    const point = (offset: number) => {
      const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT)
      let seen = 0
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const len = (n as Text).data.length
        if (offset < seen + len) return {node: n, offset: offset - seen}
        seen += len
      }
      throw new Error('offset outside the text')
    }
    const rect = (offset: number) => {
      const {node, offset: o} = point(offset)
      const r = document.createRange()
      r.setStart(node, o)
      r.setEnd(node, o + 1)
      return r.getBoundingClientRect()
    }
    ;(point(at).node.parentElement as HTMLElement).scrollIntoView({block: 'center'})
    const first = rect(at)
    const last = rect(at + q.length - 1)
    return {from: {x: first.left + 1, y: first.top + first.height / 2}, to: {x: (last.left + last.right) / 2 + 1, y: last.top + last.height / 2}}
  }, quote)
}

beforeAll(async () => {
  if (!executablePath) return
  root = copyEdition()
  const site = await serve(await build(root))
  url = site.url
  stop = site.close
  browser = await chromium.launch({executablePath, args: ['--no-sandbox']})
  page = await browser.newPage({viewport: {width: 1280, height: 900}})
  await page.goto(url)
})

afterAll(async () => {
  await browser?.close()
  await stop?.()
})

describe.skipIf(!executablePath)('annotations made on the reading view by real clients, imported', () => {
  it('Recogito: a passage selected with the mouse becomes a note on that passage', async () => {
    await page.addScriptTag({content: 'window.process = {env: {NODE_ENV: "production"}}'})
    await page.addScriptTag({path: join(REPO, 'node_modules/@recogito/text-annotator/dist/text-annotator.umd.js')})
    await page.evaluate((source) => {
      const w = window as unknown as {RecogitoJS: any; anno: any}
      const el = document.getElementById('edition-text')!
      w.anno = w.RecogitoJS.createTextAnnotator(el, {adapter: w.RecogitoJS.W3CTextFormat(source, el), annotatingEnabled: true})
    }, url)
    const {from, to} = await ends('revealed their confusion as well as their reorientation')
    await page.mouse.move(from.x, from.y)
    await page.mouse.down()
    await page.mouse.move(to.x, to.y, {steps: 8})
    await page.mouse.up()
    await page.waitForFunction(() => (window as unknown as {anno: {getAnnotations(): unknown[]}}).anno.getAnnotations().length === 1)
    const exported = await page.evaluate(() => (window as unknown as {anno: {getAnnotations(): any[]}}).anno.getAnnotations())
    // The vanilla annotator has no editor: the comment a reader would type is added to its body here.
    exported[0].body = [{type: 'TextualBody', purpose: 'commenting', value: 'Confused how? The minutes would say.'}]
    const selectors = exported[0].target[0].selector as {type: string; exact?: string; start?: number; end?: number}[]
    const quote = selectors.find((s) => s.type === 'TextQuoteSelector')!
    const position = selectors.find((s) => s.type === 'TextPositionSelector')!
    expect(quote.exact).toMatch(/revealed their confusion as well as their reorientatio/)
    writeFileSync(join(root, 'recogito.json'), JSON.stringify(exported))

    const r = await run(root, 'import', join(root, 'recogito.json'))
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/edition import: anchored: annotations\/notes\/(\S+)\.md: anchored in sentence 8/)
    const id = /annotations\/notes\/(\S+)\.md: anchored/.exec(r.stderr)![1]!
    const {edition} = await loadEdition(root)
    const note = edition!.annotations.find((a) => a.id === id)!
    expect(note.anchor).toEqual({state: 'anchored'})
    expect(note.targets[0]).toMatchObject({start: position.start, end: position.end})
    expect(edition!.text.slice(note.targets[0]!.start, note.targets[0]!.end)).toBe(quote.exact)
  })

  it('dom-anchor-text-quote: the selectors written for a DOM range anchor the note there', async () => {
    const bundle = await esbuild({
      stdin: {contents: "import * as Q from 'dom-anchor-text-quote'; import * as P from 'dom-anchor-text-position'; window.Q = Q; window.P = P", resolveDir: REPO},
      bundle: true,
      format: 'iife',
      write: false,
      logLevel: 'silent'
    })
    await page.addScriptTag({content: bundle.outputFiles[0]!.text})
    const quote = 'the party plenum in December'
    const target = await page.evaluate((q) => {
      const w = window as unknown as {Q: any; P: any}
      const root = document.getElementById('edition-text')!
      const range = w.P.toRange(root, {start: root.textContent!.indexOf(q), end: root.textContent!.indexOf(q) + q.length})
      return {quote: w.Q.fromRange(root, range), position: w.P.fromRange(root, range)}
    }, quote)
    expect(target.quote).toMatchObject({exact: quote, prefix: expect.stringMatching(/^.{32}$/), suffix: expect.stringMatching(/^.{32}$/)})
    const row = {
      id: 'Xy7kV7xyEe-8Zk2HfLr0aQ',
      created: '2027-03-01T10:00:00.000000+00:00',
      updated: '2027-03-01T10:00:00.000000+00:00',
      user: 'acct:reader@hypothes.is',
      uri: url,
      text: 'Which plenum? The December 1935 plenum of the Central Committee.',
      tags: [],
      group: '__world__',
      permissions: {read: ['group:__world__']},
      target: [{source: url, selector: [{type: 'TextPositionSelector', ...target.position}, {type: 'TextQuoteSelector', ...target.quote}]}],
      document: {},
      links: {html: 'https://hypothes.is/a/Xy7kV7xyEe-8Zk2HfLr0aQ'},
      user_info: {display_name: 'A Reader'},
      flagged: false,
      hidden: false
    }
    writeFileSync(join(root, 'hypothesis.json'), JSON.stringify({total: 1, rows: [row]}))
    const r = await run(root, 'import', join(root, 'hypothesis.json'))
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toContain('edition import: anchored: annotations/notes/the-party-plenum-in.md: anchored in sentence 9')
    const {edition} = await loadEdition(root)
    const note = edition!.annotations.find((a) => a.id === 'the-party-plenum-in')!
    expect(note).toMatchObject({author: 'A Reader', created: '2027-03-01', status: 'unverified', targets: [{start: target.position.start, end: target.position.end}]})
  })

  it('shows the imported notes in the rebuilt reading view, each marked where its passage ends', async () => {
    const site = await serve(await build(root))
    try {
      const fresh = await browser.newPage()
      await fresh.goto(site.url)
      const marked = await fresh.evaluate(() => [...document.querySelectorAll('#edition-text sup.noteref a')].map((a) => a.id))
      expect(marked).toContain('the-party-plenum-in-1')
      expect(marked.filter((id) => id.startsWith('revealed-their-confusion')).length).toBe(1)
      // The imported note, opened as a reader opens a note (its marker focused).
      await fresh.locator('#the-party-plenum-in-1').focus()
      mkdirSync(join(REPO, 'tests/artifacts/screenshots'), {recursive: true})
      await fresh.screenshot({path: join(REPO, 'tests/artifacts/screenshots/editors-imported-note.png')})
      await fresh.close()
    } finally {
      await site.close()
    }
  })
})
