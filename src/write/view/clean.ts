/**
 * What reaches the page as markup passes through here: hast from the model sanitised again with
 * the pipeline's schema (not trusting the model to have done it), editors' addresses checked and
 * percent-encoded before they become attributes.
 */
import {h, type Child} from 'hastscript'
import {sanitize} from 'hast-util-sanitize'
import type {Element, ElementContent, Root} from 'hast'
import type {Root as MdRoot} from 'mdast'
import type {BibEntry} from '../../model/edition.js'
import {sanitizeSchema} from '../../pipeline/sanitize.js'
import {safeUrl} from '../../model/urls.js'
import {bodyToHast, type Handlers} from '../hast.js'

/** Hast from the model, sanitised here whatever its producer did. */
export function clean(nodes: ElementContent[]): ElementContent[] {
  return (sanitize({type: 'root', children: nodes}, sanitizeSchema) as Root).children as ElementContent[]
}

/** An annotation's body (or the introduction) as sanitised hast. */
export function body(tree: MdRoot, handlers?: Handlers): ElementContent[] {
  return clean(bodyToHast(tree, handlers))
}

/** A body's own headings go below its entry's (h3): the highest becomes h4 (or `top`), the rest keep their steps. */
export function demoted(nodes: ElementContent[], top = 4): ElementContent[] {
  const headings: Element[] = []
  const find = (list: ElementContent[]) => {
    for (const node of list) {
      if (node.type !== 'element') continue
      if (/^h[1-6]$/.test(node.tagName)) headings.push(node)
      find(node.children)
    }
  }
  find(nodes)
  const level = (e: Element) => Number(e.tagName.slice(1))
  const shift = top - Math.min(...headings.map(level))
  for (const e of headings) e.tagName = `h${Math.min(6, level(e) + shift)}`
  return nodes
}

/** Characters an address must not carry into an attribute (quotes, angle brackets, spaces), percent-encoded. */
export function encoded(value: string): string {
  return value.replace(/[\0-\x20"'<>`\x7f]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)
}

/** An http(s) or mailto address (or `#fragment`) fit for an attribute. */
export function safeHref(url: string | undefined): string | undefined {
  const safe = safeUrl(url)
  return safe && encoded(safe)
}

/** An editor's address as a link, or as plain text when it is not http(s) or mailto. */
export function link(url: string | undefined, label: Child, properties: Record<string, string> = {}): Element {
  const href = safeHref(url)
  return href ? h('a', {href, ...properties}, label) : h('span', label)
}

/** The content of a formatted bibliography entry, sanitised. */
export function entryContent(entry: BibEntry): ElementContent[] {
  return clean(structuredClone(entry.content))
}

/** Links replaced by their content, for a place that is itself a link (links cannot nest). */
export function unlinked(nodes: ElementContent[]): ElementContent[] {
  return nodes.flatMap((n) => (n.type !== 'element' ? [n] : n.tagName === 'a' ? unlinked(n.children) : [{...n, children: unlinked(n.children)}]))
}

/** Neighbouring strings as one. */
export function joined<T>(parts: (T | string)[]): (T | string)[] {
  return parts.reduce<(T | string)[]>((acc, x) => {
    if (typeof x === 'string' && typeof acc.at(-1) === 'string') acc[acc.length - 1] += x
    else if (x !== '') acc.push(x)
    return acc
  }, [])
}
