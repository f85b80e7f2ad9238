/**
 * Building and writing XML for the TEI writer. Elements are xast, built with `xastscript`;
 * `xast-util-to-xml` escapes every text and attribute value. What that library leaves to its
 * caller is done here, on the tree, before it serialises:
 *
 * - characters XML 1.0 cannot hold (C0 controls, lone surrogates, U+FFFE, U+FFFF) are dropped,
 *   so no input can make the document ill-formed;
 * - `]]>` in text (which XML forbids, and the library writes as is) keeps its `>` in a CDATA
 *   section, so a parser reads the same three characters;
 * - tabs and line breaks in attribute values become spaces, as a parser would read them anyway.
 *
 * Layout: elements named in `block` whose children are all elements are laid out one child a
 * line; the first element holding text (mixed content, where whitespace is text) and everything
 * inside it are written as they are.
 */
import type {Element, ElementContent, Root, Text} from 'xast'
import {x as xastscript, type Attributes, type Child} from 'xastscript'
import {toXml} from 'xast-util-to-xml'

/** What an element may be given as children: nodes, strings, nothing, or lists of these. */
export type Tree = ElementContent | string | number | null | undefined | false | Tree[]

/** `xastscript`'s `x`, typed for nested lists; empty attribute values and `false` children are left out. */
export function x(name: string, attributes: Attributes = {}, ...children: Tree[]): Element {
  const attrs = Object.fromEntries(Object.entries(attributes).filter(([, v]) => v !== '' && v !== false))
  return xastscript(name, attrs, drop(children) as Child)
}

const drop = (children: Tree[]): Tree[] => children.filter((c) => c !== false && c !== '').map((c) => (Array.isArray(c) ? drop(c) : c))

/** Characters XML 1.0 cannot hold. */
const NOT_XML = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu

export const xmlChars = (s: string): string => s.replace(NOT_XML, '')

/** A copy of `el` that `xast-util-to-xml` writes as well-formed XML (see the module's comment). */
function clean(el: Element): Element {
  const attributes: Record<string, string> = {}
  for (const [k, v] of Object.entries(el.attributes ?? {})) {
    if (v !== null && v !== undefined) attributes[k] = xmlChars(String(v)).replace(/[\t\n\r]/g, ' ')
  }
  const children = el.children.flatMap((c): ElementContent[] => {
    if (c.type === 'element') return [clean(c)]
    if (c.type !== 'text') return [c]
    const value = xmlChars(c.value)
    if (!value) return []
    // `]]>` → `]]`, then `>` in a CDATA section.
    const parts = value.split(']]>')
    return parts.flatMap((part, i): ElementContent[] => {
      const words = i < parts.length - 1 ? `${part}]]` : part
      return [...(i ? [{type: 'cdata' as const, value: '>'}] : []), ...(words ? [text(words)] : [])]
    })
  })
  return {...el, attributes, children}
}

function layout(el: Element, block: Set<string>, indent: string): Element {
  if (!block.has(el.name) || !el.children.length || !el.children.every((c) => c.type === 'element')) return el
  const inner = indent + '  '
  const children: ElementContent[] = []
  for (const c of el.children) children.push(text(`\n${inner}`), layout(c as Element, block, inner))
  children.push(text(`\n${indent}`))
  return {...el, children}
}

const text = (value: string): Text => ({type: 'text', value})

/** The document: an XML declaration, then `root`, laid out (see the module's comment). */
export function serialise(root: Element, block: Set<string>): string {
  const tree: Root = {
    type: 'root',
    children: [{type: 'instruction', name: 'xml', value: 'version="1.0" encoding="UTF-8"'}, text('\n'), layout(clean(root), block, ''), text('\n')]
  }
  return toXml(tree, {closeEmptyElements: true, tightClose: true})
}
