/**
 * Citations as TEI. A `cite` node is one `<bibl>`: what citeproc made of it (the words a reader
 * sees, in a `<seg>`), then one `<bibl>` a work, each pointing at its entry in the bibliography
 * (`<ptr>`) with the place cited (`<citedRange unit from to>`), so that when one citation names
 * two works, each range stays with its work.
 *
 * `@type` says what the citation is for: `evidence` (in an annotation's text: what its statements
 * rest on), `further` (further reading, not consulted), or `citation` (the introduction).
 */
import type {ElementContent as HastContent} from 'hast'
import type {Element} from 'xast'
import type {Citation} from '../../model/edition.js'
import type {CiteNode} from '../../model/nodes.js'
import {locatorText} from '../../model/words.js'
import {range, token} from './bibliography.js'
import {ids, pointer} from './ids.js'
import {x, type Tree} from './xml.js'

export type CitationType = 'evidence' | 'further' | 'citation'

/** HTML elements of citeproc's output that mean something in TEI; any other keeps only its words. */
const RENDITION: Record<string, string> = {i: 'italic', em: 'italic', b: 'bold', strong: 'bold', sup: 'superscript', sub: 'subscript'}

/** citeproc's (sanitised) output as TEI phrases. */
function rendered(nodes: HastContent[]): Tree[] {
  return nodes.map((n): Tree => {
    if (n.type === 'text') return n.value
    if (n.type !== 'element') return null
    const rend = RENDITION[n.tagName]
    return rend ? x('hi', {rend}, rendered(n.children)) : rendered(n.children)
  })
}

/** The place cited: `<citedRange unit="page" from="45" to="50">pp. 45–50</citedRange>`. */
function citedRange(c: Citation): Element | undefined {
  if (!c.locator) return undefined
  const unit = token(c.label ?? 'page')
  return x('citedRange', {unit, ...range(c.locator)}, locatorText(c.locator, c.label ?? 'page'))
}

/** One work of a citation. */
const work = (c: Citation): Element => x('bibl', {}, x('ptr', {target: pointer(ids.ref(c.key))}), citedRange(c))

export function citation(node: CiteNode, type: CitationType): Element {
  return x('bibl', {type}, x('seg', {type: 'rendered'}, node.rendered ? rendered(node.rendered.content) : node.value), node.items.map(work))
}

/** The works a list of citations names, once each, as TEI pointers (`@source`). */
export function sources(nodes: CiteNode[]): string | undefined {
  const keys = [...new Set(nodes.flatMap((n) => n.items.map((c) => c.key)))]
  return keys.map((k) => pointer(ids.ref(k))).join(' ') || undefined
}
