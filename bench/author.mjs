#!/usr/bin/env node
/**
 * Save → updated page, for the real edition (issue #10: ≤ 300 ms): `npm start`'s dev server (Vite
 * with the edition plugin) on a copy of the edition, Debian Chromium through playwright-core. Each
 * run selects words of the text, opens the form, writes a note with a citation and clicks Save;
 * the page measures (performance.now()) from the click to the new note laid out in the page, put
 * there without a reload. The note is then deleted (not measured), so every save is made on the
 * real edition, not on one grown by the saves before it. Warm-up saves first (the first load of the edition and of citeproc).
 * Prints JSON on stdout (`saveToPage`): the median and the spread of the runs in ms, the CPU time
 * of this process (the dev server) per save, and the load average before and after; each save on
 * stderr.
 *
 *   node bench/author.mjs [--runs N]
 */
import {execFileSync} from 'node:child_process'
import {cpSync, mkdtempSync, rmSync} from 'node:fs'
import {loadavg, tmpdir} from 'node:os'
import {join} from 'node:path'

const root = new URL('..', import.meta.url).pathname
const at = process.argv.indexOf('--runs')
const RUNS = at > 0 ? Number(process.argv[at + 1]) : 15
const WARM = 3

execFileSync(process.execPath, [join(root, 'scripts/compile.mjs')], {stdio: ['ignore', 'ignore', 'inherit']})
const {createServer} = await import('vite')
const {chromium} = await import('playwright-core')
const {editionPlugin} = await import(join(root, 'lib/vite/plugin.js'))

const copy = mkdtempSync(join(tmpdir(), 'edition-bench-author-'))
cpSync(join(root, 'edition'), join(copy, 'edition'), {recursive: true})
cpSync(join(root, 'annotations'), join(copy, 'annotations'), {recursive: true})
const server = await createServer({configFile: false, root: copy, cacheDir: join(copy, '.vite'), logLevel: 'silent', plugins: [editionPlugin({root: copy})], server: {host: '127.0.0.1', port: 0}, appType: 'custom'})
await server.listen()
const url = server.resolvedUrls.local[0]
const browser = await chromium.launch({executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run']})
const page = await browser.newPage({viewport: {width: 1280, height: 900}})
page.on('pageerror', (e) => {
  throw e
})
await page.goto(url)
await page.waitForFunction(() => document.querySelector('dialog.author-dialog'))

/** One save: words `k` of the text's sentences selected, a note written, Save clicked; the page's own figure. */
async function save(k) {
  await page.evaluate((k) => {
    const sentences = [...document.querySelectorAll('#edition-text .s')]
    // Earlier saves split the text with their markers: a sentence with no stretch of 24 characters left gives way to the next.
    let n = null
    for (let i = 0; !n && i < sentences.length; i++) {
      const walker = document.createTreeWalker(sentences[(k + i) % sentences.length], NodeFilter.SHOW_TEXT)
      for (n = walker.nextNode(); n && n.data.trim().length < 24; ) n = walker.nextNode()
    }
    if (!n) throw new Error('no stretch of 24 characters left in the text')
    const from = 2 + (Math.floor(k / sentences.length) % 6)
    const range = document.createRange()
    range.setStart(n, from)
    range.setEnd(n, from + 14)
    getSelection().removeAllRanges()
    getSelection().addRange(range)
  }, k)
  await page.locator('button.author-annotate').waitFor({state: 'visible'})
  await page.locator('button.author-annotate').click()
  await page.locator('dialog textarea[name="body"]').fill(`Bench note ${k}, citing [@gse1979-stakhanov, ${k + 1}].`)
  // The preview has answered; the editor has read it.
  await page.waitForFunction(() => document.querySelector('.author-preview .citation'))
  // Saved, or refused (the form says why): whichever comes first; nothing left watching after it.
  const outcome = page.evaluate(
    () =>
      new Promise((resolve) => {
        const problem = document.querySelector('.author-problem')
        const watch = new MutationObserver(() => {
          if (!/Not saved|must be/.test(problem.textContent ?? '')) return
          watch.disconnect()
          resolve({refused: problem.textContent})
        })
        watch.observe(problem, {childList: true, subtree: true, characterData: true})
        document.addEventListener('edition:saved', (e) => (watch.disconnect(), resolve(e.detail)), {once: true})
      })
  )
  const before = process.cpuUsage()
  await page.locator('dialog button.author-save').click()
  const late = new Promise((_, reject) => setTimeout(() => reject(new Error(`save ${k}: no answer in 30 s`)), 30_000).unref())
  const {ms, id, refused} = await Promise.race([outcome, late])
  const used = process.cpuUsage(before)
  if (refused) throw new Error(`save ${k} refused: ${refused}`)
  const shown = await page.evaluate((id) => !!document.getElementById(`${id}-1`) && !!document.getElementById(id), id)
  if (!shown) throw new Error(`note ${id} is not in the page`)
  await page.keyboard.press('Escape')
  // Each save is measured on the real edition: the note goes again (unmeasured), and the page shows it gone.
  const gone = await page.evaluate(async (id) => {
    const headers = {'Content-Type': 'application/json', 'X-Edition-Token': document.querySelector('meta[name="edition-author-token"]').content}
    const {hash} = await (await fetch(`/__edition/api/annotations/${id}/read`, {method: 'POST', headers, body: '{}'})).json()
    return (await fetch(`/__edition/api/annotations/${id}`, {method: 'DELETE', headers, body: JSON.stringify({hash})})).status
  }, id)
  if (gone !== 200) throw new Error(`note ${id} could not be deleted (${gone})`)
  await page.waitForFunction((id) => !document.getElementById(id), id)
  return {ms, cpu: (used.user + used.system) / 1000}
}

const round = (x) => Math.round(x * 10) / 10
const times = []
// CPU time of this process (the dev server, and the calls that drive the browser) from the click to the page updated: the server's share, whatever the machine's load.
const cpu = []
const load = [loadavg()[0]]
try {
  for (let k = 0; k < WARM + RUNS; k++) {
    const {ms, cpu: used} = await save(k)
    if (k >= WARM) {
      times.push(ms)
      cpu.push(used)
    }
    process.stderr.write(`save ${k + 1}: ${round(ms)} ms${k < WARM ? ' (warm-up)' : ''}\n`)
  }
} finally {
  await browser.close()
  await server.close()
  rmSync(copy, {recursive: true, force: true})
}
load.push(loadavg()[0])
const sorted = [...times].sort((a, b) => a - b)
const q = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
console.log(
  JSON.stringify(
    {
      saveToPage: {
        what: 'Save clicked → the new note laid out in the page (no reload), real edition, Chromium, warm dev server',
        runs: times.length,
        medianMs: round(q(0.5)),
        minMs: round(sorted[0]),
        p90Ms: round(q(0.9)),
        maxMs: round(sorted.at(-1)),
        ms: times.map(round),
        // This process: the dev server, with playwright-core's client (small beside it). Not the browser's.
        processCpuMedianMs: round(median(cpu)),
        loadAverage: load.map((l) => round(l))
      }
    },
    null,
    2
  )
)
