/**
 * The output tree: mdast, plus what Pandoc's Markdown has and CommonMark has not — bracketed
 * spans and fenced divs with attributes, and attributes on headings (Pandoc's `Attr`:
 * an id, classes, key–value pairs). The writer builds this tree from the model, and
 * `dialect.ts` serialises it; nothing in between writes Markdown as strings.
 */
import type {BlockContent, Emphasis, FootnoteDefinition, Heading, Link, Paragraph, Parent, PhrasingContent, Strong, Text} from 'mdast'

/** Pandoc's `Attr`. Ids and classes are the writer's own (checked when serialised); values may be anything. */
export interface Attributes {
  id?: string
  classes?: string[]
  pairs?: [string, string][]
}

/** `[…]{#id .class key="value"}` */
export interface SpanNode extends Parent {
  type: 'pandocSpan'
  attributes: Attributes
  children: PhrasingContent[]
}

/** `::: {#id .class}` … `:::` */
export interface DivNode extends Parent {
  type: 'pandocDiv'
  attributes: Attributes
  children: (BlockContent | FootnoteDefinition)[]
}

declare module 'mdast' {
  interface PhrasingContentMap {
    pandocSpan: SpanNode
  }
  interface BlockContentMap {
    pandocDiv: DivNode
  }
  interface RootContentMap {
    pandocSpan: SpanNode
    pandocDiv: DivNode
  }
  interface HeadingData {
    attributes?: Attributes
  }
}

/** Phrasing, with strings for text. */
export type Inline = PhrasingContent | string | false | undefined

export function inlines(items: Inline[]): PhrasingContent[] {
  return items.flatMap((i): PhrasingContent[] => (typeof i === 'string' ? (i ? [text(i)] : []) : i ? [i] : []))
}

export const text = (value: string): Text => ({type: 'text', value})
export const paragraph = (...items: Inline[]): Paragraph => ({type: 'paragraph', children: inlines(items)})
export const strong = (...items: Inline[]): Strong => ({type: 'strong', children: inlines(items)})
export const emphasis = (...items: Inline[]): Emphasis => ({type: 'emphasis', children: inlines(items)})
export const span = (attributes: Attributes, ...items: Inline[]): SpanNode => ({type: 'pandocSpan', attributes, children: inlines(items)})
export const div = (attributes: Attributes, children: DivNode['children']): DivNode => ({type: 'pandocDiv', attributes, children})

export function link(url: string, items: Inline[]): Link {
  return {type: 'link', url, children: inlines(items)}
}

export function heading(depth: number, items: Inline[], id?: string): Heading {
  return {type: 'heading', depth: Math.max(1, Math.min(6, depth)) as Heading['depth'], children: inlines(items), ...(id ? {data: {attributes: {id}}} : {})}
}

/** `items` joined by `separator` ("a, b and c" when `last` is given). */
export function joined(items: Inline[][], separator: string, last = separator): Inline[] {
  return items.flatMap((item, i) => [i === 0 ? '' : i === items.length - 1 ? last : separator, ...item])
}
