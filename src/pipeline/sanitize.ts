/**
 * What HTML may come out of an editor's Markdown. GitHub's schema (rehype-sanitize's default)
 * widened only for the attributes the pipeline itself adds: sentence ids and numbers, term links.
 * Raw HTML in Markdown never gets this far: remark-rehype drops it (no `allowDangerousHtml`).
 */
import {defaultSchema, type Options as Schema} from 'rehype-sanitize'

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
  tagNames: [...(defaultSchema.tagNames ?? []), 'span']
}
