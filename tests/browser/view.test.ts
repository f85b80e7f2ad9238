/**
 * The reading view in a real browser (Debian Chromium through playwright-core): note previews on
 * hover, focus and tap, the sentence panel, keys, deep links, the page without JavaScript, and
 * axe-core in light and dark mode. The defects of issue #11 have their own file
 * (view-readers.test.ts), margin notes and the witness in place theirs (view-margin.test.ts).
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {awkwardEdition} from '../export-support.js'
import {axe, clickSentence, executablePath, focused, hash, noteVisible, open, PHONE, serveEdition, shot, start, type Reader} from './reader.js'

let r: Reader
const label = (id: string) => r.json.annotations.find((a) => a.id === id)!.label!
const sentenceWith = (id: string) => r.json.sentences.find((s) => s.annotations.includes(id))!

describe.skipIf(!executablePath)('the reading view in Chromium', () => {
  beforeAll(async () => {
    r = await start()
  })
  afterAll(async () => {
    await r?.close()
  })

  it('shows a term’s note when the pointer rests on it, and keeps it while the pointer moves onto the note', async () => {
    const page = await open(r)
    const vtsps = r.json.annotations.find((a) => a.id === 'vtsps')!
    const term = page.locator('.text a[data-gloss="vtsps"]').first()
    await term.hover()
    const note = page.locator('#note')
    await expect.poll(() => note.isVisible()).toBe(true)
    const words = (await note.innerText()).replace(/\s+/g, ' ')
    expect(words).toContain(vtsps.label)
    expect(words).toContain(vtsps.original!.text)
    expect(words).toContain(vtsps.body.text.replace(/\s+/g, ' ').slice(0, 60))
    // The evidence: each work the note cites, as the bibliography gives it.
    for (const c of vtsps.evidence.flatMap((e) => e.items)) expect(words).toContain(r.json.bibliography.find((b) => b.id === c.key)!.text.slice(0, 30))
    expect(words).toContain('Click for the whole entry.')
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

  it('shows a note when Tab reaches its term or marker, hides it on Esc, and reaches terms, markers and sentences in reading order', async () => {
    const page = await open(r)
    const order: string[] = []
    for (let i = 0; i < 40 && order.at(-1) !== 'stalinist-leadership-1'; i++) {
      await page.keyboard.press('Tab')
      order.push(await focused(page))
    }
    // After the page's own links and the tools above the text: sentence 1, then its first term.
    expect(order.slice(-2)).toEqual(['s1', 'stalinist-leadership-1'])
    expect(await noteVisible(page)).toBe(true)
    expect(await page.locator('#note').innerText()).toContain(label('stalinist-leadership'))
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).not.toBe('none')
    await shot(page, 'note-focus-1280')
    await page.keyboard.press('Escape')
    expect(await noteVisible(page)).toBe(false)
    expect(await focused(page)).toBe('stalinist-leadership-1')
    // The next Tab reaches the marker after the first note's passage and shows that note; the
    // note is never a Tab stop itself, however long, so the Tab after reaches the next marker.
    const markers = r.json.annotations.filter((a) => a.type === 'note' && a.targets[0]!.sentences.includes(r.json.sentences[0]!.id))
    const inOrder = markers.sort((a, b) => a.targets[0]!.end - b.targets[0]!.end).map((a) => `${a.id}-1`)
    for (const id of inOrder) {
      await page.keyboard.press('Tab')
      expect(await focused(page)).toBe(id)
      expect(await noteVisible(page)).toBe(true)
      expect(await page.locator('#note').getAttribute('tabindex')).toBe(null)
    }
    expect(await page.locator('#note').innerText()).toContain(`Note ${inOrder.length}`)
    expect(await page.locator('#note').innerText()).toContain('Press Enter for the whole entry.')
    await page.keyboard.press('Tab')
    expect(await focused(page)).toBe('stakhanovite-movement-1')
    expect(await page.locator('#note').innerText()).toContain('Stakhanovite movement')
    await page.context().close()
  })

  it('previews the entry of a term used in a note, on focus and hover, and follows its link on Enter', async () => {
    const page = await open(r)
    // An entry that occurs only in notes: its term in a note is a link with the same preview.
    const a = r.json.annotations.find((x) => x.targets.length === 0 && x.mentionedIn.some((id) => id !== 'introduction'))!
    const by = a.mentionedIn.find((id) => id !== 'introduction')!
    const term = page.locator(`[id="${by}"] a.term[href="#${a.id}"]`).first()
    await term.focus()
    expect(await noteVisible(page)).toBe(true)
    expect(await page.locator('#note').innerText()).toContain(a.term!)
    expect(await term.getAttribute('aria-describedby')).toBe('note')
    await shot(page, 'note-in-note-1280')
    await page.keyboard.press('Enter')
    await expect.poll(() => hash(page)).toBe(`#${a.id}`)
    // In the sentence panel too, where entries are copied.
    await page.keyboard.press('Escape')
    const s = r.json.sentences.find((x) => x.annotations.includes(by)) ?? r.json.sentences.find((x) => x.annotations.some((id) => r.json.annotations.find((y) => y.id === id)!.type === 'note'))!
    await clickSentence(page, s.id)
    const inPanel = page.locator('#panel a.term').first()
    await inPanel.hover()
    await expect.poll(() => noteVisible(page)).toBe(true)
    expect(await page.locator('#note').innerText()).toContain((await inPanel.innerText()).slice(0, 4))
    await page.context().close()
  })

  it('opens a note on a tap on a touch screen, follows the link on a second tap, and closes it on a tap elsewhere', async () => {
    const page = await open(r, PHONE)
    const term = page.locator('.text a[data-gloss="vtsps"]').first()
    await term.scrollIntoViewIfNeeded()
    await term.tap()
    await expect.poll(() => noteVisible(page)).toBe(true)
    expect(await page.locator('#note').innerText()).toContain(label('vtsps'))
    expect(await page.locator('#note').innerText()).toContain('Tap the term again for the whole entry.')
    // A preview is not a place to come back to: the address does not change.
    expect(await hash(page)).toBe('')
    // The note fits the narrow screen.
    const box = (await page.locator('#note').boundingBox())!
    expect(box.x).toBeGreaterThanOrEqual(0)
    expect(box.x + box.width).toBeLessThanOrEqual(360)
    await shot(page, 'note-tap-360')
    await page.locator('.masthead h1').tap()
    await expect.poll(() => noteVisible(page)).toBe(false)
    expect(await hash(page)).toBe('')
    await term.tap()
    await expect.poll(() => noteVisible(page)).toBe(true)
    await term.tap()
    await expect.poll(() => hash(page)).toBe('#vtsps')
    await page.context().close()
  })

  it('selects a clicked sentence and shows its number, source, notes with their status, and a citation', async () => {
    const page = await open(r, {permissions: ['clipboard-read', 'clipboard-write']})
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
      const a = r.json.annotations.find((x) => x.id === id)!
      expect(words).toContain(a.body.text.replace(/\s+/g, ' ').slice(0, 40))
    }
    // An unverified note says so in words.
    expect(await panel.locator('.entry[data-status="unverified"] .status').first().innerText()).toMatch(/unverified/i)
    await shot(page, 'panel-1280')
    // Cite this sentence: the citation names the sentence.
    await panel.getByRole('button', {name: 'Copy citation'}).click()
    await expect.poll(() => panel.locator('button.cite').innerText()).toBe('Copied')
    const copied = await page.evaluate(() => navigator.clipboard.readText())
    expect(copied).toContain(`sentence ${s.n},`)
    // The address bar follows the selection without adding history.
    const before = await page.evaluate(() => history.length)
    await clickSentence(page, r.json.sentences[0]!.id)
    expect(await hash(page)).toBe(`#${r.json.sentences[0]!.id}`)
    expect(await page.evaluate(() => history.length)).toBe(before)
    await page.context().close()
  })

  it('moves between sentences with j/k and the arrow keys in the text, and Esc closes the panel', async () => {
    const page = await open(r)
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
    expect(await focused(page)).toBe('s2')
    // Enter on the selected sentence moves to its panel; Esc closes it and returns to the sentence.
    await page.keyboard.press('Enter')
    expect(await focused(page)).toBe('panel-h')
    await page.keyboard.press('Escape')
    expect(await selectedN()).toBe(null)
    expect(await focused(page)).toBe('s2')
    expect(await hash(page)).toBe('')
    await page.keyboard.press(' ')
    expect(await selectedN()).toBe('2')
    await page.context().close()
  })

  it('opens the page with a sentence selected from #<sentence-id>, and with a note open from #<glossary-id>', async () => {
    const s = r.json.sentences[8]!
    let page = await open(r, {}, `#${s.id}`)
    await expect.poll(() => page.locator('#panel h2').innerText()).toBe(`Sentence ${s.n}`)
    expect(await page.locator(`#${s.id}`).getAttribute('class')).toContain('on')
    expect(await page.locator(`#${s.id}`).isVisible()).toBe(true)
    await page.context().close()
    page = await open(r, {}, '#vtsps')
    await expect.poll(() => noteVisible(page)).toBe(true)
    expect(await page.locator('#note').innerText()).toContain(label('vtsps'))
    // The term is on screen, not the glossary entry far below.
    const termInView = () =>
      page
        .locator('.text a[data-gloss="vtsps"]')
        .first()
        .evaluate((e) => e.getBoundingClientRect().top >= 0 && e.getBoundingClientRect().bottom <= innerHeight)
    expect(await termInView()).toBe(true)
    await shot(page, 'deep-link-gloss-1280')
    // And again after a reload, which would otherwise restore the old scroll position.
    await page.evaluate(() => scrollTo(0, document.body.scrollHeight))
    await page.reload()
    await expect.poll(() => noteVisible(page)).toBe(true)
    await expect.poll(termInView).toBe(true)
    await page.context().close()
  })

  it('opens a note from #<note-id> or #<term>-<k>, and follows links from the apparatus into the text', async () => {
    const page = await open(r, {}, '#record-staged')
    await expect.poll(() => noteVisible(page)).toBe(true)
    expect(await page.locator('#note').innerText()).toContain(r.json.annotations.find((a) => a.id === 'record-staged')!.body.text.replace(/\s+/g, ' ').slice(0, 40))
    await page.goto(`${r.url}#vtsps-2`)
    await expect.poll(() => focused(page)).toBe('vtsps-2')
    expect(await noteVisible(page)).toBe(true)
    await page.keyboard.press('Escape')
    // From the list of sentences: the sentence is selected.
    const s = r.json.sentences[3]!
    await page.locator(`#src-${s.id} > a`).click()
    await expect.poll(() => page.evaluate(() => document.querySelector('.s.on')?.id)).toBe(s.id)
    expect(await hash(page)).toBe(`#${s.id}`)
    // From a glossary entry back to a place: the term gets focus and shows its note.
    await page.locator('#vtsps .backlinks a').first().click()
    await expect.poll(() => focused(page)).toBe('vtsps-1')
    expect(await noteVisible(page)).toBe(true)
    // To an entry: the entry, as without the script.
    await page.keyboard.press('Escape')
    await page.locator(`#src-${sentenceWith('vtsps').id} .refs a[href="#vtsps"]`).click()
    await expect.poll(() => page.locator('#vtsps').evaluate((e) => e.getBoundingClientRect().top < innerHeight && e.getBoundingClientRect().bottom > 0)).toBe(true)
    expect(await noteVisible(page)).toBe(false)
    await page.context().close()
  })

  it('opens from an address whose fragment is not valid percent-encoding (#%), without a script error, and still follows #<id> after it', async () => {
    const context = await r.browser.newContext({viewport: {width: 1280, height: 900}})
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    for (const fragment of ['%', '%E0%A4%A', '%zz']) {
      await page.goto(`${r.url}#${fragment}`)
      await page.waitForLoadState('load')
    }
    // And when the fragment changes to one in the page (the hashchange handler).
    await page.evaluate(() => (location.hash = '%'))
    const s = r.json.sentences[2]!
    await page.evaluate((id) => (location.hash = id), s.id)
    await expect.poll(() => page.locator('#panel h2').innerText()).toBe(`Sentence ${s.n}`)
    expect(errors).toEqual([])
    await context.close()
  })
  it('reaches every note and glossary entry without JavaScript, and links back to the text or to the notes that mention it', async () => {
    const page = await open(r, {javaScriptEnabled: false})
    for (const a of r.json.annotations) {
      const entry = page.locator(`[id="${a.id}"]`)
      expect(await entry.evaluate((e) => e.checkVisibility()), a.id).toBe(true)
      const back = entry.locator('.backlinks a')
      expect(await back.count(), a.id).toBe(a.targets.length)
      for (const href of await back.evaluateAll((els) => els.map((e) => e.getAttribute('href')!))) {
        expect(await page.locator(`.text [id="${href.slice(1)}"]`).count(), href).toBe(1)
      }
      if (a.targets.length) {
        expect(await page.locator(`.text a[href="#${a.id}"]`).count(), a.id).toBe(a.targets.length)
        continue
      }
      // An entry that occurs only in notes: each note that mentions it links it, and it links each back.
      expect(a.mentionedIn.length, a.id).toBeGreaterThan(0)
      expect(await entry.locator('.mentioned a').evaluateAll((els) => els.map((e) => e.getAttribute('href')))).toEqual(a.mentionedIn.map((id) => `#${id}`))
      for (const id of a.mentionedIn) expect(await page.locator(`[id="${id}"] a.term[href="#${a.id}"]`).count(), `${id} → ${a.id}`).toBeGreaterThan(0)
    }
    // Following a note marker and coming back, as a footnote reader would.
    await page.locator('.text a[data-note="record-staged"]').click()
    expect(await hash(page)).toBe('#record-staged')
    expect(await page.locator('#record-staged').evaluate((e) => e.matches(':target'))).toBe(true)
    await page.locator('#record-staged .backlinks a').first().click()
    expect(await hash(page)).toBe('#record-staged-1')
    // A sentence's number leads to its source and notes, and back.
    const s = r.json.sentences[5]!
    await page.locator(`#${s.id} > .sn`).click()
    expect(await hash(page)).toBe(`#src-${s.id}`)
    expect(await page.locator(`#src-${s.id}`).innerText()).toContain(`line ${s.witness.line}`)
    await page.locator(`#src-${s.id} > a[href="#${s.id}"]`).click()
    expect(await hash(page)).toBe(`#${s.id}`)
    // No panel, and no empty column reserved for it: the text is centred in one column.
    expect(await page.locator('#panel').isVisible()).toBe(false)
    const layout = await page.evaluate(() => {
      const text = document.querySelector('main')!.getBoundingClientRect()
      return {left: text.left, right: innerWidth - text.right, display: getComputedStyle(document.querySelector('.reading')!).display}
    })
    expect(layout.display).toBe('block')
    expect(Math.abs(layout.left - layout.right)).toBeLessThan(40)
    await shot(page, 'no-js-1280')
    await page.context().close()
  })

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no axe-core violations in ${colorScheme} mode, closed and with a sentence selected and a note open`, async () => {
      const page = await open(r, {colorScheme})
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
    const page = await open(r, {viewport: {width: 320, height: 700}})
    for (const [width, height] of [
      [320, 700],
      [768, 1000],
      [1100, 900],
      [1280, 900]
    ] as const) {
      await page.setViewportSize({width, height})
      await page.evaluate(() => scrollTo(0, 0))
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${width}px`).toBeLessThanOrEqual(width)
      const s = r.json.sentences[5]!
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
    await page.context().close()
  })

  it('works the same on another, awkward edition: substitutions, hostile notes, several scripts', async () => {
    const edition = await awkwardEdition()
    const other = await serveEdition(edition)
    try {
      const context = await r.browser.newContext({viewport: {width: 1024, height: 800}})
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
