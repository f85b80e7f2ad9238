/**
 * A very small XML builder for the TEI writer: elements as plain objects, one serialiser that
 * escapes every text and attribute value. Characters XML 1.0 cannot hold (most C0 controls,
 * lone surrogates) are dropped, so no input can make the document ill-formed.
 */

export type XChild = XElement | string | null | undefined | false | XChild[]

export interface XElement {
  name: string
  attrs: Record<string, string | number | undefined | null>
  children: XChild[]
}

export function x(name: string, attrs: XElement['attrs'] = {}, ...children: XChild[]): XElement {
  return {name, attrs, children}
}

const NOT_XML = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu

export function escapeText(s: string): string {
  return s.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

export function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;')
}

/** An NCName (for xml:id) from any string: characters other than letters, digits, `.` and `-` become `_hex_` (so distinct strings stay distinct). */
export function ncname(s: string): string {
  return s.replace(/[^A-Za-z0-9.-]/gu, (c) => `_${c.codePointAt(0)!.toString(16)}_`)
}

function flatten(children: XChild[]): (XElement | string)[] {
  const out: (XElement | string)[] = []
  for (const c of children) {
    if (Array.isArray(c)) out.push(...flatten(c))
    else if (typeof c === 'string') {
      if (c) out.push(c)
    } else if (c) out.push(c)
  }
  return out
}

/**
 * Serialise. Elements named in `block` whose children are all elements are laid out one child a
 * line; everything else (mixed content, where whitespace is text) is written as is.
 */
export function toXml(root: XElement, block: Set<string>): string {
  const write = (el: XElement, indent: string): string => {
    const attrs = Object.entries(el.attrs)
      .filter(([, v]) => v !== undefined && v !== null && v !== '')
      .map(([k, v]) => ` ${k}="${escapeAttr(String(v))}"`)
      .join('')
    const children = flatten(el.children)
    if (!children.length) return `<${el.name}${attrs}/>`
    const pretty = block.has(el.name) && children.every((c) => typeof c !== 'string')
    if (pretty) {
      const inner = indent + '  '
      return `<${el.name}${attrs}>\n${children.map((c) => inner + write(c as XElement, inner)).join('\n')}\n${indent}</${el.name}>`
    }
    return `<${el.name}${attrs}>${children.map((c) => (typeof c === 'string' ? escapeText(c) : write(c, indent))).join('')}</${el.name}>`
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n${write(root, '')}\n`
}
