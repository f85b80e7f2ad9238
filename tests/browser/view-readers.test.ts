/**
 * Issue #11: the reading view as readers with a keyboard, a screen reader or a phone meet it, in
 * Chromium. One test a defect (each failed on the page before the fix: run them against that
 * build with EDITION_VIEW_DIST), then what else was seen.
 */
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {Page} from 'playwright-core'
import {loadEdition} from '../../src/load/index.js'
import {repo} from './serve.js'
import {clickSentence, executablePath, focused, focusedNode, hash, inView, noteVisible, open, PHONE, serveEdition, shot, start, type Reader} from './reader.js'

let r: Reader

/** The day as the reader's browser names it, in the two forms citations use. */
const today = (page: Page) =>
  page.evaluate(() => {
    const d = new Date()
    const pad = (n: number) => String(n).padStart(2, '0')
    return {iso: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`, long: d.toLocaleDateString('en-US', {dateStyle: 'long'}), parts: [d.getFullYear(), d.getMonth() + 1, d.getDate()]}
  })

const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText())

describe.skipIf(!executablePath)('issue #11: what readers met in the reading view', () => {
  beforeAll(async () => {
    r = await start()
  })
  afterAll(async () => {
    await r?.close()
  })

  it('1. Back returns to the reader’s place after following links into the text and out of it', async () => {
    const page = await open(r)
    await page.locator('.contents a[href="#glossary"]').click()
    await expect.poll(() => hash(page)).toBe('#glossary')
    const place = () => page.evaluate(() => scrollY)
    // A glossary entry that mentions VTsSPS links it; from there, back to where it occurs in the text.
    const mention = page.locator('#glossary article:not(#vtsps) a.term[href="#vtsps"]').first()
    await mention.scrollIntoViewIfNeeded()
    const atMention = await place()
    await mention.click()
    await expect.poll(() => hash(page)).toBe('#vtsps')
    const back = page.locator('#vtsps .backlinks a').first()
    await back.scrollIntoViewIfNeeded()
    const atEntry = await place()
    await back.click()
    await expect.poll(() => hash(page)).toBe('#vtsps-1')
    expect(await noteVisible(page)).toBe(true)
    expect(await focused(page)).toBe('vtsps-1')
    await page.goBack()
    await expect.poll(() => hash(page)).toBe('#vtsps')
    await expect.poll(place).toBe(atEntry)
    expect(await noteVisible(page)).toBe(false)
    // Focus is back on the link that was followed, so Tab goes on from there.
    expect(await page.evaluate(() => document.activeElement?.closest('article')?.id)).toBe('vtsps')
    await page.goBack()
    await expect.poll(() => hash(page)).toBe('#glossary')
    await expect.poll(place).toBe(atMention)
    await page.goForward()
    await expect.poll(() => hash(page)).toBe('#vtsps')
    await page.context().close()

    // Opened at the bibliography, to a citing sentence and back: still in the edition, at the bibliography.
    const bib = await open(r, {}, '#bibliography')
    const cited = bib.locator('#bibliography .cited-by a').first()
    const target = (await cited.getAttribute('href'))!
    await cited.click()
    await expect.poll(() => hash(bib)).toBe(target)
    expect(await bib.evaluate(() => document.querySelector('.s.on')?.id)).toBe(target.slice(1))
    await bib.goBack()
    await expect.poll(() => hash(bib)).toBe('#bibliography')
    expect(bib.url().startsWith(r.url)).toBe(true)
    await expect.poll(() => inView(bib, '#bibliography-h')).toBe(true)
    expect(await bib.evaluate(() => document.querySelector('.s.on'))).toBe(null)
    await bib.context().close()
  })

  it('2. a screen reader hears the note of a focused term or marker, and Enter follows the link', async () => {
    const page = await open(r)
    const vtsps = r.json.annotations.find((a) => a.id === 'vtsps')!
    await page.locator('#vtsps-1').focus()
    const node = await focusedNode(page)
    expect(node.role).toBe('link')
    expect(node.name).toBe('VTsSPS')
    // The description is the note itself, not its label.
    expect(node.description).toContain(vtsps.label)
    expect(node.description).toContain(vtsps.body.text.replace(/\s+/g, ' ').slice(0, 80))
    expect(node.description).toContain('Press Enter for the whole entry.')
    const first = r.json.annotations.filter((a) => a.type === 'note').sort((a, b) => a.targets[0]!.end - b.targets[0]!.end)[0]!
    await page.locator(`#${first.id}-1`).focus()
    const marker = await focusedNode(page)
    expect(marker.name).toBe('Note 1')
    expect(marker.description).toContain(first.body.text.replace(/\s+/g, ' ').slice(0, 80))
    // Enter follows the link to the whole entry (a new history entry), and Back returns to the term.
    await page.locator('#vtsps-1').focus()
    const before = await page.evaluate(() => history.length)
    await page.keyboard.press('Enter')
    await expect.poll(() => hash(page)).toBe('#vtsps')
    await expect.poll(() => inView(page, '#vtsps')).toBe(true)
    expect(await page.evaluate(() => history.length)).toBe(before + 1)
    await page.goBack()
    await expect.poll(() => focused(page)).toBe('vtsps-1')
    await expect.poll(() => inView(page, '#vtsps-1')).toBe(true)
    await page.context().close()
  })

  it('3. notes open at a readable size with the rest one link away, and never become Tab stops', async () => {
    const page = await open(r)
    const s14 = r.json.sentences.at(-1)!
    // Every Tab stop from the top to sentence 14 is a link or control of the page, in order.
    const expected = await page.evaluate((id) => {
      const all = [...document.querySelectorAll<HTMLElement>('a[href], button, input, select, summary, [tabindex]')].filter((e) => e.tabIndex >= 0 && e.checkVisibility())
      return all.slice(0, all.indexOf(document.querySelector<HTMLElement>(`#${id} > .sn`)!) + 1).length
    }, s14.id)
    let tabs = 0
    const stops = new Set<string>()
    while ((await focused(page)) !== `s${s14.n}` && tabs < 300) {
      await page.keyboard.press('Tab')
      tabs++
      stops.add(await focused(page))
    }
    expect(stops.has('note')).toBe(false)
    expect(tabs).toBe(expected)
    await page.context().close()
    // Each preview fits the screen, ends with how to read the rest, and scrolls nowhere: on a desktop and a phone.
    for (const options of [{viewport: {width: 1280, height: 800}}, PHONE]) {
      const p = await open(r, options)
      for (const a of r.json.annotations.filter((x) => x.targets.length)) {
        const t = p.locator(`[id="${a.id}-1"]`)
        await t.scrollIntoViewIfNeeded()
        await (options === PHONE ? t.tap() : t.focus())
        await expect.poll(() => noteVisible(p)).toBe(true)
        const fit = await p.locator('#note').evaluate((n) => {
          const box = n.getBoundingClientRect()
          const more = n.querySelector('.more')!.getBoundingClientRect()
          return {inScreen: box.top >= 0 && box.bottom <= innerHeight, more: more.bottom <= box.bottom + 1 && more.height > 0, tabindex: n.getAttribute('tabindex'), links: n.querySelectorAll('a, button, [tabindex]').length}
        })
        expect(fit, `${a.id} at ${options.viewport!.width}px`).toEqual({inScreen: true, more: true, tabindex: null, links: 0})
        await p.keyboard.press('Escape')
      }
      await shot(p, `note-preview-${options.viewport!.width}`)
      await p.context().close()
    }
  })

  it('4. j and k act only while focus is in the text, and a visible switch turns them off', async () => {
    const page = await open(r)
    const link = page.locator('#bibliography a').first()
    await link.focus()
    await page.keyboard.press('j')
    expect(await page.evaluate(() => document.querySelector('.s.on'))).toBe(null)
    expect(await hash(page)).toBe('')
    await page.locator('.sn').first().focus()
    await page.keyboard.press('Enter')
    await page.keyboard.press('j')
    const selectedN = () => page.evaluate(() => document.querySelector<HTMLElement>('.s.on')?.dataset.n ?? null)
    expect(await selectedN()).toBe('2')
    const toggle = page.getByRole('checkbox', {name: /keys j and k/i})
    expect(await toggle.isVisible()).toBe(true)
    await toggle.uncheck()
    await page.locator('.s.on .sn').focus()
    await page.keyboard.press('j')
    await page.keyboard.press('ArrowDown')
    expect(await selectedN()).toBe('2')
    // The choice is kept.
    await page.reload()
    expect(await page.getByRole('checkbox', {name: /keys j and k/i}).isChecked()).toBe(false)
    await page.context().close()
  })

  it('5. Copy citation copies a citation: editors, title, version, date, sentence, access date; Chicago, plain text, BibTeX, CSL-JSON', async () => {
    const page = await open(r, {permissions: ['clipboard-read', 'clipboard-write']})
    const s = r.json.sentences[6]!
    await clickSentence(page, s.id)
    const panel = page.locator('#panel')
    const day = await today(page)
    await panel.getByRole('button', {name: 'Copy citation'}).click()
    const chicago = await clipboard(page)
    expect(chicago).toBe(`Edition editors, ed., ${(await page.title())}, version ${r.json.edition.version} (November 26, 2026), sentence ${s.n}, accessed ${day.long}.`)
    // "Copied" says it worked, then the button is itself again.
    expect(await panel.locator('button.cite').innerText()).toBe('Copied')
    await expect.poll(() => panel.locator('button.cite').innerText(), {timeout: 5000}).toBe('Copy citation')
    await panel.getByLabel('Format').selectOption('plain')
    await panel.getByRole('button', {name: 'Copy citation'}).click()
    expect(await clipboard(page)).toContain(`, sentence ${s.n}. Accessed ${day.iso}.`)
    await panel.getByLabel('Format').selectOption('bibtex')
    await panel.getByRole('button', {name: 'Copy citation'}).click()
    expect(await clipboard(page)).toMatch(/^@\w+\{edition,\n/)
    await panel.getByLabel('Format').selectOption('csl')
    await panel.getByRole('button', {name: 'Copy citation'}).click()
    const item = (JSON.parse(await clipboard(page)) as {version: string; accessed: {'date-parts': number[][]}}[])[0]!
    expect(item.version).toBe(r.json.edition.version)
    expect(item.accessed['date-parts']).toEqual([day.parts])
    expect(await panel.innerText()).toContain(`give “sentence ${s.n}” as the locator`)
    await shot(page, 'cite-csl-1280')
    // Never the address the page happens to be served from.
    for (const format of ['chicago', 'plain', 'bibtex', 'csl']) {
      await panel.getByLabel('Format').selectOption(format)
      await panel.getByRole('button', {name: 'Copy citation'}).click()
      expect(await clipboard(page), format).not.toMatch(/127\.0\.0\.1|localhost|file:/)
    }
    await page.context().close()

    // An edition with an address: each sentence is cited at its own address, and the page names it canonical.
    const {edition} = await loadEdition(repo)
    edition!.meta.url = 'https://example.org/soviet-unions/'
    const other = await serveEdition(edition!)
    try {
      const there = await open({browser: r.browser, url: other.url}, {permissions: ['clipboard-read', 'clipboard-write']})
      expect(await there.locator('link[rel=canonical]').getAttribute('href')).toBe('https://example.org/soviet-unions/')
      await clickSentence(there, s.id)
      await there.locator('#panel').getByRole('button', {name: 'Copy citation'}).click()
      expect(await clipboard(there)).toMatch(new RegExp(`, sentence ${s.n}, accessed \\w+ \\d+, \\d{4}, https://example\\.org/soviet-unions/#${s.id}\\.$`))
      await there.context().close()
    } finally {
      await other.close()
    }
    // Opened from disk: no file:// address either.
    const disk = await r.browser.newContext({permissions: ['clipboard-read', 'clipboard-write']})
    const local = await disk.newPage()
    await local.goto(pathToFileURL(join(r.dist, 'index.html')).href)
    await clickSentence(local, s.id)
    await local.locator('#panel').getByRole('button', {name: 'Copy citation'}).click()
    await expect.poll(() => local.locator('#panel button.cite').innerText()).toBe('Copied')
    expect(await clipboard(local)).not.toMatch(/file:|\/tmp\//)
    await disk.close()
  })

  it('6. copying words from the text copies them exactly: no sentence numbers, no note markers', async () => {
    const page = await open(r, {permissions: ['clipboard-read', 'clipboard-write']})
    const [start, end] = [10, 700]
    // Select characters [start, end) of the text block, across sentence numbers and note markers.
    await page.evaluate(
      ({from, to}) => {
        const block = document.getElementById('edition-text')!
        const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT)
        const range = document.createRange()
        let at = 0
        for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
          if (at <= from && from < at + n.length) range.setStart(n, from - at)
          if (at < to && to <= at + n.length) range.setEnd(n, to - at)
          at += n.length
        }
        getSelection()!.removeAllRanges()
        getSelection()!.addRange(range)
      },
      {from: start, to: end}
    )
    const selected = await page.evaluate(() => getSelection()!.toString())
    expect(selected).toBe(r.json.text.slice(start, end))
    await page.keyboard.press('Control+C')
    expect(await clipboard(page)).toBe(r.json.text.slice(start, end))
    await page.context().close()
  })

  it('opens a note only when the pointer rests on a term, not when it sweeps across two', async () => {
    const page = await open(r)
    await page.evaluate(() => {
      const w = window as unknown as {opened: string[]}
      w.opened = []
      new MutationObserver((records) => {
        for (const m of records) if ((m.target as Element).classList.contains('anchor')) w.opened.push((m.target as Element).id)
      }).observe(document.getElementById('edition-text')!, {attributes: true, attributeFilter: ['class'], subtree: true})
    })
    const first = page.locator('#stalinist-leadership-1')
    const second = page.locator('#stakhanovite-movement-1')
    await first.hover()
    await second.hover()
    await expect.poll(() => noteVisible(page)).toBe(true)
    expect(await page.evaluate(() => (window as unknown as {opened: string[]}).opened)).toEqual(['stakhanovite-movement-1'])
    await page.context().close()
  })

  it('keeps a note from covering the open panel at 1280 px', async () => {
    const page = await open(r, {viewport: {width: 1280, height: 800}})
    const s = r.json.sentences[5]!
    await clickSentence(page, s.id)
    const panel = (await page.locator('#panel').boundingBox())!
    // The rightmost term or marker on screen.
    const id = await page.evaluate(() => {
      const all = [...document.querySelectorAll<HTMLElement>('#edition-text a[id]')].filter((a) => {
        const b = a.getBoundingClientRect()
        return b.top > 100 && b.bottom < innerHeight - 100
      })
      return all.sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right)[0]!.id
    })
    await page.locator(`[id="${id}"]`).focus()
    expect(await noteVisible(page)).toBe(true)
    const note = (await page.locator('#note').boundingBox())!
    expect(note.x + note.width).toBeLessThanOrEqual(panel.x)
    await shot(page, 'note-beside-panel-1280')
    await page.context().close()
  })

  it('on a phone: the text starts near the top, targets are 24 px, front matter is one tap away', async () => {
    const page = await open(r, PHONE)
    expect(await page.locator('#edition-text').evaluate((e) => e.getBoundingClientRect().top)).toBeLessThan(500)
    await shot(page, 'phone-top-360')
    // Each target is hit anywhere in a 24 px square around its centre (WCAG 2.5.8).
    const small = await page.evaluate(() => {
      const targets = [...document.querySelectorAll<HTMLElement>('.sn, .noteref a, .tools label, summary, .contents a, button, select')].filter((e) => {
        const b = e.getBoundingClientRect()
        return e.checkVisibility() && b.top > 0 && b.bottom < innerHeight
      })
      return targets
        .filter((e) => {
          const b = e.getBoundingClientRect()
          const [x, y] = [b.left + b.width / 2, b.top + b.height / 2]
          return [[-11, -11], [11, -11], [-11, 11], [11, 11], [0, 0]].some(([dx, dy]) => {
            const hit = document.elementFromPoint(x + dx!, y + dy!)
            return !hit || !(e === hit || e.contains(hit))
          })
        })
        .map((e) => e.outerHTML.slice(0, 80))
    })
    expect(small).toEqual([])
    await page.locator('.about summary').tap()
    expect(await page.locator('.facts').isVisible()).toBe(true)
    await page.context().close()
  })

  it('prints headings with what follows them, within page margins, with the facts about the edition', async () => {
    const page = await open(r)
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')))
    await page.emulateMedia({media: 'print'})
    const print = await page.evaluate(() => ({
      headings: [...document.querySelectorAll('h2, h3')].map((h) => getComputedStyle(h).breakAfter),
      page: [...document.styleSheets].flatMap((s) => [...s.cssRules]).some((rule) => rule instanceof CSSPageRule && rule.style.marginTop !== ''),
      facts: document.querySelector('.facts')!.checkVisibility()
    }))
    expect(new Set(print.headings)).toEqual(new Set(['avoid']))
    expect(print.page).toBe(true)
    expect(print.facts).toBe(true)
    expect(await page.locator('#panel').isVisible()).toBe(false)
    await shot(page, 'print', true)
    await page.context().close()
  })

  it('links a sentence’s place in the witness to that line of the witness in the page', async () => {
    const page = await open(r)
    const s = r.json.sentences[2]!
    expect(await page.locator('#witness summary').innerText()).not.toMatch(/^show/i)
    await page.locator(`#src-${s.id} .source a[href="#witness-${s.witness.line}"]`).click()
    await expect.poll(() => page.locator('#witness').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true)
    await expect.poll(() => inView(page, `#witness-${s.witness.line}`)).toBe(true)
    await page.context().close()
  })
})
