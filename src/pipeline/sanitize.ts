/**
 * What HTML may come out of an editor's Markdown, or of citeproc. GitHub's schema
 * (hast-util-sanitize's default) widened only for the attributes the edition's own nodes become:
 * sentence ids and numbers, term links, citations. Raw HTML never gets this far: the pipeline
 * drops it from the mdast (`pipeline/body.ts`).
 */
import {defaultSchema, type Schema} from 'hast-util-sanitize'
import type {Nodes as HastNodes} from 'hast'

type AttributeRule = NonNullable<Schema['attributes']>[string][number]

/** Allowed values of `className` in one rule per element: the default's values and ours. */
function withClasses(rules: AttributeRule[] = [], classes: string[]): AttributeRule[] {
  const isClassRule = (r: AttributeRule) => Array.isArray(r) && r[0] === 'className'
  const allowed = rules.filter(isClassRule).flatMap((r) => (r as unknown[]).slice(1) as string[])
  return [['className', ...allowed, ...classes], ...rules.filter((r) => !isClassRule(r))]
}

export const sanitizeSchema: Schema = {
  ...defaultSchema,
  // Ids are the edition's own (sentence and glossary ids); they must not be prefixed.
  clobber: [],
  attributes: {
    ...defaultSchema.attributes,
    span: [...(defaultSchema.attributes?.span ?? []), 'id', 'className', 'dataN', 'dataCites'],
    a: [...withClasses(defaultSchema.attributes?.a, ['term']), 'dataGloss', 'dataOccurrence', 'id', 'ariaDescribedBy']
  },
  // No images: a page or export of the edition fetches nothing (notes keep an image's alt text).
  tagNames: [...(defaultSchema.tagNames ?? []).filter((t) => t !== 'img'), 'span']
}

const BLOCK = new Set(['p', 'li', 'blockquote', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'div', 'table', 'tr'])

/** The text a reader sees in a (sanitised) hast tree: blocks separated by a blank line. */
export function hastText(node: HastNodes): string {
  if (node.type === 'text') return node.value
  if (node.type !== 'root' && node.type !== 'element') return ''
  const parts = node.children.map((c) => hastText(c))
  const inner = parts.join('')
  return node.type === 'element' && BLOCK.has(node.tagName) ? `\n\n${inner.trim()}\n\n` : inner
}
