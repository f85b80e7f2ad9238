/**
 * What the client tests share: the editions as built pages served over HTTP (the real one by
 * `edition build`; the awkward one and one with characters outside the BMP written by the same
 * writers), Chromium, and the clients bundled for the page as their users bundle them (esbuild).
 */
import {build as esbuild} from 'esbuild'
import {chromium, type Browser, type Page} from 'playwright-core'
import type {Annotation} from '../../src/model/edition.js'
import {loadEdition} from '../../src/load/index.js'
import {awkwardEdition, writeAll} from '../export-support.js'
import {gloss, makeEdition, note} from '../helpers/fixture.js'
import {build, repo, serve} from '../browser/serve.js'

/** `edition.json`, as much of it as the client tests read. */
export interface EditionJson {
  id: string
  text: string
  annotations: Pick<Annotation, 'id' | 'targets' | 'mentionedIn'>[]
}

/** A served edition: its address, and `close()`. */
export interface Served {
  name: string
  url: string
  close: () => Promise<void>
}

/**
 * An edition whose text has characters outside the Basic Multilingual Plane before its annotated
 * words, so that code points (what the W3C export counts) and UTF-16 units (what browsers count) differ.
 */
async function astralEdition(): Promise<string> {
  const root = makeEdition({
    text: 'The 𝔄 and 😀 signs stand before the VTsSPS. Then 𐍈 and the VTsSPS met again.\n',
    glossary: {vtsps: gloss('VTsSPS', ['VTsSPS'])},
    notes: {'met-again': note('the VTsSPS met again')}
  })
  const {edition, files} = await loadEdition(root)
  if (!edition) throw new Error(files.flatMap((f) => f.messages.map(String)).join('\n'))
  return (await writeAll(edition)).dir
}

/** Build and serve the editions: `real` (this repository, `edition build`), `awkward` and `astral`. */
export async function serveEditions(): Promise<Served[]> {
  const dirs: [string, string][] = [
    ['real', await build()],
    ['awkward', (await writeAll(await awkwardEdition())).dir],
    ['astral', await astralEdition()]
  ]
  const out: Served[] = []
  for (const [name, dir] of dirs) out.push({name, ...(await serve(dir))})
  return out
}

export const launch = (executablePath: string): Promise<Browser> =>
  chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
  })

/** An ES module entry bundled into one classic script (what a site using the client would serve). */
export async function bundle(entry: string): Promise<string> {
  const result = await esbuild({stdin: {contents: entry, resolveDir: repo, loader: 'js'}, bundle: true, format: 'iife', write: false, logLevel: 'silent'})
  return result.outputFiles[0]!.text
}

/** Open the page; fail the test on any script error it raises. */
export async function open(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage()
  page.on('pageerror', (e) => {
    throw e
  })
  await page.goto(url)
  return page
}

/** The page's files a client reads (over HTTP, as a client would). */
export async function exports(page: Page): Promise<{json: EditionJson; collection: {first: {items: Record<string, unknown>[]}}}> {
  return page.evaluate(async () => ({
    json: await (await fetch('edition.json')).json(),
    collection: await (await fetch('annotations.jsonld')).json()
  }))
}

/** Where `edition.json` says each annotation's targets are: UTF-16 offsets in `#edition-text`, and the words there. */
export function expected(json: EditionJson) {
  return json.annotations
    .filter((a) => a.targets.length)
    .map((a) => ({id: `${json.id}#${a.id}`, targets: a.targets.map((t) => ({start: t.start, end: t.end, text: json.text.slice(t.start, t.end)}))}))
}
