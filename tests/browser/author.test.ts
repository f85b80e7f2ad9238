/**
 * Annotating in the browser while `npm start` runs (issue #10), in Debian Chromium through
 * playwright-core, against the dev server on a copy of the edition: select words with the mouse,
 * annotate, preview, cite, save; the file on disk; the note in the page without a reload; edit;
 * delete; the keyboard alone; a conflict shown, not overwritten; another window brought up to
 * date; a draft kept across a reload; axe-core with the form open.
 */
import {readFileSync, existsSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {chromium, type Browser, type BrowserContextOptions, type Page} from 'playwright-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {loadEdition} from '../../src/load/index.js'
import {frontMatter} from '../../src/edit/front-matter.js'
import {axe, executablePath, PHONE, shot} from './reader.js'
import {gitStatus, startDev, type Dev} from '../author-support.js'

let dev: Dev
let browser: Browser
let text: string

beforeAll(async () => {
  if (!executablePath) return
  dev = await startDev()
  text = (await loadEdition(dev.root)).edition!.text
  browser = await chromium.launch({executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']})
})
afterAll(async () => {
  await browser?.close()
  await dev?.close()
})

/** The dev server's page, failing the test on any script error; `window.stayed` tells a reload apart. */
async function open(options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({viewport: {width: 1280, height: 900}, reducedMotion: 'reduce', ...options})
  const page = await context.newPage()
  page.on('pageerror', (e) => {
    throw e
  })
  await page.goto(dev.url)
  await page.waitForFunction(() => document.querySelector('dialog.author-dialog'))
  await page.evaluate(() => ((window as unknown as {stayed: boolean}).stayed = true))
  return page
}

const stayed = (page: Page) => page.evaluate(() => (window as unknown as {stayed?: boolean}).stayed === true)
const read = (path: string) => readFileSync(join(dev.root, path), 'utf8')

/** Drag the mouse across `words` (their first place in the text), as a reader selects them. */
async function selectWithMouse(page: Page, words: string) {
  const box = await page.evaluate((words) => {
    const root = document.getElementById('edition-text')!
    const at = root.textContent!.indexOf(words)
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
    const point = (offset: number, end: boolean) => {
      let seen = 0
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const len = (n as Text).data.length
        if (offset < seen + len || (end && offset === seen + len)) {
          const r = document.createRange()
          const i = offset - seen
          r.setStart(n, end ? i - 1 : i)
          r.setEnd(n, end ? i : i + 1)
          return r.getBoundingClientRect()
        }
        seen += len
      }
      throw new Error('not in the text')
    }
    const first = point(at, false)
    walker.currentNode = root
    const last = point(at + words.length, true)
    return {x1: first.left + 1, y1: first.top + first.height / 2, x2: last.right - 1, y2: last.top + last.height / 2}
  }, words)
  await page.mouse.move(box.x1, box.y1)
  await page.mouse.down()
  await page.mouse.move(box.x2, box.y2, {steps: 8})
  await page.mouse.up()
  expect(await page.evaluate(() => getSelection()!.toString())).toBe(words)
}

/** Wait for the next save to show in the page; resolves with what the page says of it. */
const nextSave = (page: Page) =>
  page.evaluate(() => new Promise<{id: string; path: string; ms: number}>((resolve) => document.addEventListener('edition:saved', (e) => resolve((e as CustomEvent).detail), {once: true})))

/** Tab until `selector` has focus (at most `max` presses); fails if it never does. */
async function tabTo(page: Page, selector: string, max = 60, key = 'Tab') {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return
    await page.keyboard.press(key)
  }
  throw new Error(`${selector} never had focus`)
}

describe.skipIf(!executablePath)('annotating in the browser while npm start runs', () => {
  it('writes a note on words selected with the mouse, shows it without a reload, then edits and deletes it', async () => {
    const page = await open()
    const words = 'the official reaction of the party'
    await selectWithMouse(page, words)
    const annotate = page.locator('button.author-annotate')
    await annotate.waitFor({state: 'visible'})
    await annotate.click()
    const dialog = page.locator('dialog.author-dialog')
    expect(await dialog.isVisible()).toBe(true)
    expect(await page.locator('#author-h').innerText()).toBe('New note')
    expect(await dialog.locator('.author-passage q').innerText()).toBe(words)
    // The text, with a citation from the picker.
    const body = dialog.getByLabel('Text (Markdown)')
    await body.fill('The party’s delay is discussed in ')
    await dialog.getByLabel('Work').selectOption('gse1979-stakhanov')
    await dialog.getByLabel('Locator').fill('66–98')
    await dialog.getByRole('button', {name: 'Insert citation'}).click()
    expect(await body.inputValue()).toBe('The party’s delay is discussed in [@gse1979-stakhanov, 66–98]')
    await body.press('End')
    await body.pressSequentially('.')
    // The preview: the edition's pipeline, its citation style.
    await page.waitForFunction(() => /66–98\)/.test(document.querySelector('.author-preview .citation')?.textContent ?? ''))
    expect(await dialog.getByLabel('Author').inputValue()).toBe('Edition editors')
    await dialog.getByLabel('Author').fill('Browser Tester')
    await dialog.getByLabel('Status').selectOption('unverified')
    // The README's picture (docs/annotating.png is this one): the whole form, over the page as it is before any save.
    await page.setViewportSize({width: 1280, height: 1100})
    await shot(page, 'annotating')
    const saved = nextSave(page)
    await dialog.getByRole('button', {name: 'Save'}).click()
    const {id, path} = await saved
    expect(path).toBe(`annotations/notes/${id}.md`)
    // The file: the quote, 32 characters either side, where it stands, in which text, and the body.
    const file = read(path)
    const start = text.indexOf(words)
    expect(frontMatter(file)).toMatchObject({
      id,
      target: {exact: words, prefix: text.slice(start - 32, start), suffix: text.slice(start + words.length, start + words.length + 32), position: [...text.slice(0, start)].length, text: dev.textHash},
      status: 'unverified',
      author: 'Browser Tester'
    })
    expect(file.endsWith('---\nThe party’s delay is discussed in [@gse1979-stakhanov, 66–98].\n')).toBe(true)
    // The page shows it, without a reload: its marker in the text (focused, its note open) and its entry.
    expect(await stayed(page)).toBe(true)
    expect(await dialog.isVisible()).toBe(false)
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(`${id}-1`)
    await page.locator('#note').waitFor({state: 'visible'})
    expect(await page.locator('#note').innerText()).toContain('The party’s delay is discussed in')
    expect(await page.locator(`#${id} .body`).textContent()).toContain('66–98')
    await shot(page, 'author-saved-1280')

    // Edit it from the sentence panel.
    await page.keyboard.press('Escape')
    await page.locator(`#${id}-1`).evaluate((a) => (a.closest('.s') as HTMLElement).querySelector<HTMLElement>('.sn')!.click())
    await page.locator('#panel [data-for="' + id + '"] button.author-edit').click()
    await dialog.waitFor({state: 'visible'})
    expect(await page.locator('#author-h').innerText()).toBe(`Edit the note ${id}`)
    expect(await body.inputValue()).toBe('The party’s delay is discussed in [@gse1979-stakhanov, 66–98].')
    expect(await dialog.getByLabel('Author').inputValue()).toBe('Browser Tester')
    await body.fill('Revised: the party waited until November [@gse1979-stakhanov, 70].')
    await dialog.getByLabel('Status').selectOption('verified')
    const resaved = nextSave(page)
    await dialog.getByRole('button', {name: 'Save'}).click()
    await resaved
    expect(frontMatter(read(path))).toMatchObject({id, status: 'verified', target: {exact: words}})
    expect(read(path).endsWith('---\nRevised: the party waited until November [@gse1979-stakhanov, 70].\n')).toBe(true)
    expect(await page.locator(`#${id} .body`).textContent()).toContain('Revised: the party waited until November')
    expect(await stayed(page)).toBe(true)
    // The panel, made again from the new page, names the note by its number.
    expect(await page.locator(`#panel [data-for="${id}"] button.author-edit`).innerText()).toMatch(/^Edit note \d+$/)

    // Delete it.
    await page.locator('#panel [data-for="' + id + '"] button.author-delete').click()
    await page.locator('.author-confirm').waitFor({state: 'visible'})
    expect(await page.locator('.author-confirm').innerText()).toContain(`Delete ${path}?`)
    await dialog.getByRole('button', {name: 'Delete', exact: true}).click()
    await page.waitForFunction((id) => !document.getElementById(id), id)
    expect(existsSync(join(dev.root, path))).toBe(false)
    expect(await page.locator(`#${id}-1`).count()).toBe(0)
    expect(await stayed(page)).toBe(true)
    expect(gitStatus(dev.root)).toBe('')
    // The author is remembered by this browser: the next new note starts with it.
    await selectWithMouse(page, 'mobilization for production')
    await annotate.click()
    expect(await dialog.getByLabel('Author').inputValue()).toBe('Browser Tester')
    await page.context().close()
  })

  it('works with the keyboard alone: a sentence, its panel, a narrowed passage, the form, Save, Delete', async () => {
    const page = await open()
    // Tab to sentence 4's number, select it, Enter again moves to the panel.
    await tabTo(page, '.s[data-n="4"] .sn')
    await page.keyboard.press('Enter')
    await page.keyboard.press('Enter')
    await tabTo(page, '#panel button.author-new')
    expect(await page.locator('#panel button.author-new').innerText()).toBe('Annotate sentence 4')
    await page.keyboard.press('Enter')
    const dialog = page.locator('dialog.author-dialog')
    expect(await dialog.isVisible()).toBe(true)
    // Focus is in the text; the passage is one Shift+Tab away.
    expect(await page.evaluate(() => (document.activeElement as HTMLTextAreaElement).name)).toBe('body')
    await page.keyboard.type('Which charter? The 1936 draft of the unions’ statutes.')
    await tabTo(page, 'textarea[name="quote"]', 5, 'Shift+Tab')
    expect(await page.locator('textarea[name="quote"]').inputValue()).toContain('Until the beginning of the Stakhanovite movement')
    await page.keyboard.press('Control+A')
    await page.keyboard.type('their future charter')
    // The citation picker: a work chosen with the arrow keys, a locator, Enter inserts the citation.
    await tabTo(page, 'select[name="work"]')
    for (let i = 0; i < 60 && (await page.locator('select[name="work"]').inputValue()) !== 'gse1979-stakhanov'; i++) await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Tab')
    await page.keyboard.type('66')
    await page.keyboard.press('Enter')
    expect(await dialog.isVisible()).toBe(true)
    expect(await page.locator('textarea[name="body"]').inputValue()).toBe('Which charter? The 1936 draft of the unions’ statutes. [@gse1979-stakhanov, 66]')
    const saved = nextSave(page)
    await tabTo(page, 'button.author-save')
    await page.keyboard.press('Enter')
    const {id, path} = await saved
    expect(frontMatter(read(path))).toMatchObject({target: {exact: 'their future charter'}})
    // Focus lands on the new note's marker, whose note is shown.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(`${id}-1`)
    await page.locator('#note').waitFor({state: 'visible'})
    // Esc closes the form without losing what was typed: first it asks.
    await tabTo(page, '.s[data-n="5"] .sn')
    await page.keyboard.press('Enter')
    await page.keyboard.press('Enter')
    await tabTo(page, '#panel button.author-new')
    await page.keyboard.press('Enter')
    await page.keyboard.type('Not saved yet.')
    await page.keyboard.press('Escape')
    expect(await dialog.isVisible()).toBe(true)
    expect(await page.locator('button.author-cancel').innerText()).toBe('Discard changes')
    await page.keyboard.press('Escape')
    expect(await dialog.isVisible()).toBe(false)
    // Delete the note just written: focus stays in the panel it was deleted from, not back at the page's start.
    await tabTo(page, '.s[data-n="4"] .sn', 80, 'Shift+Tab')
    await page.keyboard.press('Enter')
    await page.keyboard.press('Enter')
    await tabTo(page, `#panel [data-for="${id}"] button.author-delete`)
    await page.keyboard.press('Enter')
    await page.locator('.author-confirm').waitFor({state: 'visible'})
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Delete')
    await page.keyboard.press('Enter')
    await page.waitForFunction((id) => !document.getElementById(id), id)
    expect(existsSync(join(dev.root, path))).toBe(false)
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('panel-h')
    await page.context().close()
  })

  it('edits a glossary entry from the panel, and one found only in notes from the Glossary, changing only what the editor changed', async () => {
    const page = await open()
    const path = 'annotations/glossary/vtsps.md'
    const before = read(path)
    await page.locator('#vtsps-1').evaluate((a) => (a.closest('.s') as HTMLElement).querySelector<HTMLElement>('.sn')!.click())
    await page.locator('#panel [data-for="vtsps"] button.author-edit').click()
    const dialog = page.locator('dialog.author-dialog')
    await dialog.waitFor({state: 'visible'})
    expect(await page.locator('#author-h').innerText()).toBe('Edit the glossary entry vtsps')
    expect(await dialog.getByLabel('Term').inputValue()).toBe('VTsSPS')
    expect(await dialog.getByLabel('Original form (optional)').inputValue()).toContain('ВЦСПС')
    await dialog.getByLabel('Label').fill('All-Union Central Council of Trade Unions (ACCTU)')
    const saved = nextSave(page)
    await dialog.getByRole('button', {name: 'Save'}).click()
    await saved
    const after = read(path)
    // The label and the date changed; the forms as written, the transliteration, the further reading did not.
    const changed = after.split('\n').filter((l, i) => l !== before.split('\n')[i])
    expect(changed).toEqual(['label: All-Union Central Council of Trade Unions (ACCTU)', expect.stringMatching(/^modified: \d{4}-\d{2}-\d{2}$/)].slice(0, changed.length))
    expect(after.replace(/^label: .*$/m, '').replace(/^modified: .*$/m, '')).toBe(before.replace(/^label: .*$/m, '').replace(/^modified: .*$/m, ''))
    expect(await page.locator('#vtsps .label').textContent()).toBe('All-Union Central Council of Trade Unions (ACCTU)')

    // An entry found only in notes is on no sentence's panel: it is edited from the Glossary.
    expect(await page.locator('#narkomtrud-1').count()).toBe(0)
    await page.locator('#glossary').getByRole('button', {name: 'Edit the entry Narkomtrud'}).click()
    await dialog.waitFor({state: 'visible'})
    expect(await page.locator('#author-h').innerText()).toBe('Edit the glossary entry narkomtrud')
    await dialog.getByLabel('Label').fill('People’s Commissariat of Labour')
    const resaved = nextSave(page)
    await dialog.getByRole('button', {name: 'Save'}).click()
    await resaved
    expect(frontMatter(read('annotations/glossary/narkomtrud.md'))).toMatchObject({label: 'People’s Commissariat of Labour'})
    expect(await page.locator('#narkomtrud .label').textContent()).toBe('People’s Commissariat of Labour')
    // Focus is on the entry (it has no marker), and the Glossary put in place has its buttons again.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('narkomtrud')
    expect(await page.locator('#glossary').getByRole('button', {name: 'Edit the entry Narkomtrud'}).count()).toBe(1)
    await page.context().close()
  })

  it('has no axe-core violations with the form open, for a note and for a glossary entry, light and dark; the entry saved, its form linked in the text', async () => {
    const page = await open()
    await selectWithMouse(page, 'the leadership of the unions')
    await page.locator('button.author-annotate').click()
    await page.getByLabel('Text (Markdown)').fill('A note with a citation [@gse1979-stakhanov, 66] and a term, VTsSPS.')
    await page.getByLabel('Locator').fill('66')
    await page.waitForFunction(() => document.querySelector('.author-preview .citation'))
    expect(await axe(page)).toEqual([])
    await page.getByLabel('Glossary entry').check()
    expect(await page.locator('#author-h').innerText()).toBe('New glossary entry')
    expect(await axe(page)).toEqual([])
    await page.emulateMedia({colorScheme: 'dark'})
    expect(await axe(page)).toEqual([])
    // Saved as a glossary entry: its file, and its form linked in the text.
    await page.getByLabel('Label').fill('The unions’ leaders')
    const saved = nextSave(page)
    await page.getByRole('button', {name: 'Save'}).click()
    const {id, path} = await saved
    expect(path).toBe(`annotations/glossary/${id}.md`)
    expect(frontMatter(read(path))).toMatchObject({term: 'the leadership of the unions', forms: ['the leadership of the unions'], label: 'The unions’ leaders', status: 'unverified'})
    expect(await page.locator(`#edition-text a.term[data-gloss="${id}"]`).innerText()).toBe('the leadership of the unions')
    await page.context().close()
  })

  it('shows both versions when the file changed since the form opened, overwrites only when asked, and says why a deletion is refused', async () => {
    const page = await open()
    const path = 'annotations/notes/secretaries-commit.md'
    await page.locator('#secretaries-commit-1').evaluate((a) => (a.closest('.s') as HTMLElement).querySelector<HTMLElement>('.sn')!.click())
    await page.locator('#panel [data-for="secretaries-commit"] button.author-edit').click()
    await page.locator('dialog.author-dialog').waitFor({state: 'visible'})
    const body = page.getByLabel('Text (Markdown)')
    await body.fill('My version of the note.')
    // Meanwhile, someone changes the file by hand.
    const byHand = read(path).replace(/\n$/, '\nTheir sentence, added by hand.\n')
    writeFileSync(join(dev.root, path), byHand)
    // The page shows the change made by hand without a reload, the form left as it was.
    await page.waitForFunction(() => document.querySelector('#secretaries-commit .body')?.textContent?.includes('Their sentence, added by hand.'))
    expect(await stayed(page)).toBe(true)
    expect(await body.inputValue()).toBe('My version of the note.')
    await page.getByRole('button', {name: 'Save'}).click()
    const conflict = page.locator('.author-conflict')
    await conflict.waitFor({state: 'visible'})
    expect(await conflict.locator('h3').innerText()).toBe('The file changed since you opened it')
    expect(await conflict.locator('pre').first().innerText()).toContain('My version of the note.')
    expect(await conflict.locator('pre').last().innerText()).toContain('Their sentence, added by hand.')
    expect(read(path)).toBe(byHand)
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('The file changed since you opened it')
    expect(await axe(page)).toEqual([])
    // The editor chooses to keep theirs: the form now holds the file as it is.
    await page.getByRole('button', {name: 'Use the file’s version'}).click()
    expect(await body.inputValue()).toContain('Their sentence, added by hand.')
    await body.fill('Mine, after reading theirs.')
    const saved = nextSave(page)
    await page.getByRole('button', {name: 'Save'}).click()
    await saved
    expect(read(path).endsWith('---\nMine, after reading theirs.\n')).toBe(true)
    // A deletion that would leave the edition with errors is refused, and the form says why, where.
    await page.keyboard.press('Escape')
    await page.locator('#productivity-drives + .author-tools button.author-delete').click()
    await page.getByRole('button', {name: 'Delete', exact: true}).click()
    const problem = page.locator('.author-problem')
    await problem.locator('li').first().waitFor()
    expect(await problem.locator('p').innerText()).toMatch(/^Not deleted: removing annotations\/notes\/productivity-drives\.md would give the edition these errors/)
    expect(await problem.locator('li').first().innerText()).toMatch(/annotations\/glossary\/socialist-competition\.md:\d+:\d+: The form `socialist emulation` matches nothing/)
    expect(existsSync(join(dev.root, 'annotations/notes/productivity-drives.md'))).toBe(true)
    await page.context().close()
  })

  it('brings another window up to date when a note is saved, and keeps a draft across a reload', async () => {
    const writer = await open()
    const reader = await open()
    await selectWithMouse(writer, 'mobilization for production')
    await writer.locator('button.author-annotate').click()
    await writer.getByLabel('Text (Markdown)').fill('Production drives, from the First Five-Year Plan on.')
    const saved = nextSave(writer)
    await writer.getByRole('button', {name: 'Save'}).click()
    const {id} = await saved
    await reader.waitForFunction((id) => document.getElementById(`${id}-1`), id)
    expect(await stayed(reader)).toBe(true)
    // A draft: the form, reloaded, comes back as it was.
    await selectWithMouse(reader, 'discussing how to include such a shift')
    await reader.locator('button.author-annotate').click()
    await reader.getByLabel('Text (Markdown)').fill('A draft that must not be lost.')
    await reader.reload()
    await reader.locator('dialog.author-dialog').waitFor({state: 'visible'})
    expect(await reader.getByLabel('Text (Markdown)').inputValue()).toBe('A draft that must not be lost.')
    expect(await reader.locator('.author-passage q').innerText()).toBe('discussing how to include such a shift')
    await writer.context().close()
    await reader.context().close()
  })

  it('works by touch on a 360 px phone: the form fits, Save is in reach, a note is written and another deleted', async () => {
    const page = await open(PHONE)
    // Headless Chromium makes no selection on a long press: the selection is made as the phone's handles make it.
    await page.evaluate((words) => {
      const root = document.getElementById('edition-text')!
      const at = root.textContent!.indexOf(words)
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
      const range = document.createRange()
      let seen = 0
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const len = (n as Text).data.length
        if (at >= seen && at < seen + len) range.setStart(n, at - seen)
        if (at + words.length <= seen + len) {
          range.setEnd(n, at + words.length - seen)
          break
        }
        seen += len
      }
      range.startContainer.parentElement!.scrollIntoView({block: 'center'})
      getSelection()!.removeAllRanges()
      getSelection()!.addRange(range)
    }, 'drive of production')
    const annotate = page.locator('button.author-annotate')
    await annotate.waitFor({state: 'visible'})
    await annotate.tap()
    const dialog = page.locator('dialog.author-dialog')
    await dialog.waitFor({state: 'visible'})
    // The form is inside the screen's width, nothing in it wider; Save is on screen without scrolling.
    const fit = await page.evaluate(() => {
      const d = document.querySelector('dialog.author-dialog')!
      const r = d.getBoundingClientRect()
      const save = document.querySelector('button.author-save')!.getBoundingClientRect()
      return {left: r.left, right: r.right, overflow: d.scrollWidth - d.clientWidth, page: document.documentElement.scrollWidth, save: save.top >= 0 && save.bottom <= innerHeight}
    })
    expect(fit).toEqual({left: expect.any(Number), right: expect.any(Number), overflow: 0, page: 360, save: true})
    expect(fit.left).toBeGreaterThanOrEqual(0)
    expect(fit.right).toBeLessThanOrEqual(360)
    expect(await axe(page)).toEqual([])
    await dialog.getByLabel('Text (Markdown)').tap()
    await page.keyboard.type('Typed on a phone.')
    const saved = nextSave(page)
    await dialog.getByRole('button', {name: 'Save'}).tap()
    const {id, path} = await saved
    expect(await page.locator(`#${id}-1`).count()).toBe(1)
    expect(read(path).endsWith('---\nTyped on a phone.\n')).toBe(true)
    // Delete a note the repository holds: its sentence's number tapped, Delete tapped twice; git sees it deleted.
    await page.keyboard.press('Escape')
    await page.locator('.s', {has: page.locator('#earlier-drives-1')}).locator('.sn').tap()
    await page.locator('#panel [data-for="earlier-drives"] button.author-delete').tap()
    await page.locator('.author-confirm').waitFor({state: 'visible'})
    await dialog.getByRole('button', {name: 'Delete', exact: true}).tap()
    await page.waitForFunction(() => !document.getElementById('earlier-drives'))
    expect(gitStatus(dev.root).split('\n')).toContain(' D annotations/notes/earlier-drives.md')
    expect(gitStatus(dev.root).split('\n')).toContain(`?? ${path}`)
    expect(await stayed(page)).toBe(true)
    await page.context().close()
  })

  it('runs no script from hostile Markdown in the preview', async () => {
    const page = await open()
    const alerts: string[] = []
    page.on('dialog', (d) => {
      alerts.push(d.message())
      void d.dismiss()
    })
    await selectWithMouse(page, 'raise production efficiency by both')
    await page.locator('button.author-annotate').click()
    await page.getByLabel('Text (Markdown)').fill('<img src=x onerror="window.pwned=1;alert(1)"> <script>window.pwned=2</script> [x](javascript:window.pwned=3) <svg onload="window.pwned=4">')
    await page.waitForFunction(() => document.querySelector('.author-preview')?.textContent?.includes('x'))
    await page.waitForTimeout(300)
    expect(await page.evaluate(() => (window as unknown as {pwned?: number}).pwned)).toBeUndefined()
    expect(alerts).toEqual([])
    expect(await page.locator('.author-preview img, .author-preview script, .author-preview svg, .author-preview a').count()).toBe(0)
    await page.context().close()
  })
})
