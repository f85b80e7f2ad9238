/** The one-file HTML export, checked by the Nu HTML Checker and read back. */
import {beforeAll, describe, expect, it} from 'vitest'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {fromHtml} from 'hast-util-from-html'
import type {Edition} from '../src/model/edition.js'
import {editionCitation} from '../src/model/words.js'
import {tool} from './helpers/tools.js'
import {awkwardEdition, HOSTILE_SCRIPT, output, realEdition, ROOT, selectAll, writeAll} from './export-support.js'

const java = tool('java')
const vnu = join(ROOT, 'node_modules/vnu-jar/build/dist/vnu.jar')

const editions: {name: string; edition: Edition; file: string; html: string}[] = []
let dir = ''

beforeAll(async () => {
  for (const [name, load] of [['real', realEdition], ['awkward', awkwardEdition]] as const) {
    const edition = await load()
    const out = await writeAll(edition, ['html'])
    dir = out.dir
    editions.push({name, edition, file: out.files.html!, html: out.text.html!})
  }
})

describe.skipIf(!java)('HTML export, validated by the Nu HTML Checker', () => {
  it('has no errors for the real and the awkward edition, and the checker does report a broken page', async () => {
    const broken = join(dir, 'broken.html')
    writeFileSync(broken, '<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><p><div>bad nesting</p></body></html>')
    // One JVM for every file: vnu accepts several and names each message's file.
    const result = await output(java!, ['-jar', vnu, '--format', 'json', '--stdout', ...editions.map((e) => e.file), broken])
    const messages = (JSON.parse(result.stdout) as {messages: {type: string; url?: string; message: string}[]}).messages
    const errors = (file: string) => messages.filter((m) => (m.type === 'error' || m.type === 'non-document-error') && m.url?.endsWith(file))
    for (const e of editions) expect(errors(e.file).map((m) => m.message), e.name).toEqual([])
    expect(errors(broken).length).toBeGreaterThan(0)
  })
})

describe('HTML export, read back', () => {
  it('is one self-contained file: CSS and script inline, nothing fetched', () => {
    for (const {html} of editions) {
      const tree = fromHtml(html)
      expect(selectAll(tree, (e) => e.tagName === 'link' && String(e.properties.rel ?? '').includes('stylesheet'))).toEqual([])
      expect(selectAll(tree, (e) => ['script', 'img', 'iframe', 'audio', 'video', 'source'].includes(e.tagName) && e.properties.src !== undefined)).toEqual([])
      expect(selectAll(tree, (e) => e.tagName === 'style').length).toBeGreaterThan(0)
    }
  })

  it('anchors every sentence and lists every note, glossary entry and work cited', () => {
    for (const {edition, html} of editions) {
      const tree = fromHtml(html)
      const ids = new Set(selectAll(tree, (e) => e.properties.id !== undefined).map((e) => String(e.properties.id)))
      for (const s of edition.sentences) expect(ids.has(s.id), s.id).toBe(true)
      for (const a of edition.annotations) expect(ids.has(a.id), a.id).toBe(true)
      for (const b of edition.bibliography) expect(html).toContain(`ref-${b.id}`)
    }
  })

  it('says how to cite the edition and states its source, the unknown author as not known', () => {
    for (const {edition, html} of editions) {
      const text = html.replace(/<[^>]+>/g, '').replace(/&#x26;|&amp;/g, '&').replace(/&#x3C;|&lt;/g, '<').replace(/&quot;|&#x22;/g, '"')
      expect(text).toMatch(/how to cite/i)
      expect(text).toContain(edition.meta.version)
      expect(text).toContain(edition.meta.source.repository)
      expect(text).toMatch(/’s [a-z, ]+ (?:is|are) not known/)
      expect(editionCitation(edition).text.length).toBeGreaterThan(0)
    }
  })

  it('lets no hostile note through as script or javascript: address', () => {
    const {html} = editions.find((e) => e.name === 'awkward')!
    const tree = fromHtml(html)
    expect(html).not.toContain(HOSTILE_SCRIPT)
    expect(html).not.toContain('alert(1)')
    for (const e of selectAll(tree, (e) => e.tagName === 'script')) expect(JSON.stringify(e.children)).not.toContain('alert(')
    for (const e of selectAll(tree, (e) => e.properties.href !== undefined || e.properties.src !== undefined)) {
      expect(String(e.properties.href ?? e.properties.src)).not.toMatch(/^\s*javascript:/i)
    }
    expect(selectAll(tree, (e) => Object.keys(e.properties).some((k) => /^on/i.test(k)))).toEqual([])
  })
})
