/**
 * Front matter checked against the published JSON Schemas (`schema/note.schema.json`,
 * `schema/glossary.schema.json`) before a file is made of it: the same check the loader makes
 * of a file, said in words an editor can act on.
 */
import type {ErrorObject} from 'ajv'
import {validator} from '../read/schemas.js'

/** Why `matter` is not valid front matter for a note or a glossary entry (none: it is). */
export function frontProblems(kind: 'note' | 'gloss', matter: unknown): string[] {
  const validate = validator(kind === 'note' ? 'note.schema.json' : 'glossary.schema.json')
  if (validate(matter)) return []
  return (validate.errors ?? []).map(say)
}

function say(e: ErrorObject): string {
  const at = e.instancePath ? `\`${e.instancePath.slice(1).replace(/\//g, '.')}\`` : 'the front matter'
  if (e.keyword === 'additionalProperties') return `${at} has a key the schema does not allow: \`${String(e.params.additionalProperty)}\``
  if (e.keyword === 'enum') return `${at} must be one of ${(e.params.allowedValues as unknown[]).map((v) => `\`${String(v)}\``).join(', ')}`
  if (e.keyword === 'required') return `${at} needs \`${String(e.params.missingProperty)}\``
  return `${at} ${e.message ?? 'is not valid'}`
}
