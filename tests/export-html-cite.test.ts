/** The HTML export adds "How to cite this edition" only when the reading view lacks it. */
import {describe, expect, it, vi} from 'vitest'
import {fromHtml} from 'hast-util-from-html'
import {editionCitation} from '../src/write/citation.js'
import {awkwardEdition, selectAll} from './export-support.js'

const view = vi.hoisted(() => ({
  page: ''
}))
vi.mock('../src/write/view.js', () => ({renderPage: async () => view.page}))

const {toHtmlFile} = await import('../src/write/html.js')

const PAGE = (extra: string) =>
  `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body><header class="masthead"><h1>t</h1></header>${extra}<main id="text"></main><footer><p>f</p></footer></body></html>`

describe('HTML export: how to cite this edition', () => {
  it('adds the citation after the masthead when the view has none, escaped', async () => {
    const edition = await awkwardEdition()
    view.page = PAGE('')
    const html = await toHtmlFile(edition)
    const tree = fromHtml(html)
    const sections = selectAll(tree, (e) => e.properties.id === 'how-to-cite')
    expect(sections).toHaveLength(1)
    const body = selectAll(tree, (e) => e.tagName === 'body')[0]!
    const order = body.children.filter((c) => c.type === 'element').map((c) => (c as {tagName: string}).tagName)
    expect(order).toEqual(['header', 'section', 'main', 'footer'])
    expect(html).not.toContain('<angles>')
    expect(JSON.stringify(sections[0])).toContain(JSON.stringify(editionCitation(edition).text).slice(1, -1))
  })

  it('leaves the page as the view wrote it when the view already says how to cite', async () => {
    const edition = await awkwardEdition()
    view.page = PAGE('<dl><dt>How to cite</dt><dd id="how-to-cite">X</dd></dl>')
    expect(await toHtmlFile(edition)).toBe(view.page)
  })
})
