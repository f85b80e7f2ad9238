/**
 * The cited edition as one self-contained HTML file (`edition.html`): the reading view
 * (`renderPage`: text with sentence anchors, notes as popups and as an apparatus, glossary,
 * bibliography, interventions, source statement; CSS and script inline, nothing fetched), with a
 * "How to cite this edition" section added when the view does not have one.
 *
 * Security: the view's own sanitising applies; the section added here is built as a tree and
 * serialised, so the citation text is escaped.
 */
import {fromHtml} from 'hast-util-from-html'
import {toHtml} from 'hast-util-to-html'
import {h} from 'hastscript'
import type {Element, Root, RootContent} from 'hast'
import type {Edition} from '../model/edition.js'
import {renderPage} from './view.js'
import {editionCitation} from './citation.js'

/** Ids under which the view may already say how to cite the edition. */
const CITE_IDS = ['how-to-cite', 'cite', 'cite-this-edition', 'citation']

function find(node: Root | Element, test: (e: Element) => boolean): Element | undefined {
  for (const child of node.children as RootContent[]) {
    if (child.type !== 'element') continue
    if (test(child)) return child
    const inner = find(child, test)
    if (inner) return inner
  }
  return undefined
}

export async function toHtmlFile(edition: Edition): Promise<string> {
  const page = await renderPage(edition)
  const tree = fromHtml(page)
  if (find(tree, (e) => CITE_IDS.includes(String(e.properties.id)))) return page
  const body = find(tree, (e) => e.tagName === 'body')
  if (!body) return page
  const section = h('section', {id: 'how-to-cite', ariaLabelledBy: 'how-to-cite-h'}, [
    h('h2', {id: 'how-to-cite-h'}, 'How to cite this edition'),
    h('p', {className: ['edition-citation']}, editionCitation(edition).text)
  ])
  // After the masthead (where the source is stated), else before the footer, else at the end.
  const masthead = body.children.findIndex((c) => c.type === 'element' && c.tagName === 'header')
  const footer = body.children.findIndex((c) => c.type === 'element' && c.tagName === 'footer')
  const at = masthead >= 0 ? masthead + 1 : footer >= 0 ? footer : body.children.length
  body.children.splice(at, 0, section)
  return toHtml(tree, {allowDangerousHtml: false})
}
