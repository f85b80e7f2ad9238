/**
 * What HTML may come out of an editor's Markdown. GitHub's schema (rehype-sanitize's default)
 * widened only for the attributes the pipeline itself adds: sentence ids and numbers, term links.
 * Raw HTML in Markdown never gets this far: remark-rehype drops it (no `allowDangerousHtml`).
 */
import {defaultSchema, type Options as Schema} from 'rehype-sanitize'

export const sanitizeSchema: Schema = {
  ...defaultSchema,
  // Ids are the edition's own (sentence and glossary ids); they must not be prefixed.
  clobber: [],
  attributes: {
    ...defaultSchema.attributes,
    span: [...(defaultSchema.attributes?.span ?? []), 'id', 'className', 'dataN', 'dataCites'],
    a: [...(defaultSchema.attributes?.a ?? []), 'className', 'dataGloss', 'dataOccurrence', 'id', 'ariaDescribedBy']
  },
  tagNames: [...(defaultSchema.tagNames ?? []), 'span']
}
