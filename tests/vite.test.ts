import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest'
import type {ViteDevServer} from 'vite'
import {startDev} from './author-support.js'
import {makeEdition} from './helpers/fixture.js'

describe('the Vite plugin behind npm start', () => {
  let server: ViteDevServer
  let url: string
  const root = makeEdition({text: 'The first sentence. The second sentence.\n'})

  beforeAll(async () => {
    const dev = await startDev(root)
    server = dev.server
    url = dev.url
  })
  afterAll(async () => {
    await server?.close()
  })

  it('serves the reading view on 127.0.0.1, built by the pipeline', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
    const html = await (await fetch(url)).text()
    expect(html).toContain('data-n="2"')
    expect(html).toContain('/@vite/client')
  })

  it('tells the page when the edition changes, and serves the new text', async () => {
    await fetch(url)
    const send = vi.spyOn(server.ws, 'send')
    const text = 'The first sentence. A revised second sentence. A third.\n'
    writeFileSync(join(root, 'edition/witness/w.txt'), text)
    writeFileSync(join(root, 'edition/text.md'), text)
    // The authoring script puts the new page in place (tests/browser/author.test.ts); a page with errors reloads.
    await vi.waitFor(() => expect(send).toHaveBeenCalledWith({type: 'custom', event: 'edition:changed', data: expect.objectContaining({ok: true})}), {timeout: 10_000, interval: 50})
    const html = await (await fetch(url)).text()
    expect(html).toContain('A revised second sentence.')
    expect(html).toContain('data-n="3"')
  })

  it('shows the errors, escaped, when the edition does not build', async () => {
    writeFileSync(join(root, 'edition/text.md'), 'Not what the <witness> says.\n')
    // The server loads the edition again once its watcher sees the change.
    let res = await fetch(url)
    await vi.waitFor(async () => expect((res = await fetch(url)).status).toBe(500), {timeout: 10_000, interval: 50})
    const html = await res.text()
    expect(html).toContain('The text differs from the witness')
    expect(html).not.toContain('<witness>')
  })
})
