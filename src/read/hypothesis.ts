/**
 * Hypothesis's own JSON (its API, https://h.readthedocs.io/en/latest/api-reference/v1/, and the
 * client's "Export" file), read as the W3C Web Annotations it describes, so that one importer
 * (`jsonld.ts`) reads both. Accepted: one annotation (`GET /api/annotations/{id}`), a search
 * result (`{rows, total}`), the client's export (`{export_date, …, annotations}`), or an array.
 *
 * The mapping is the one Hypothesis's own JSON-LD presenter makes (`h/presenters/
 * annotation_jsonld.py`): `text` → a Markdown TextualBody, each tag → a `tagging` body,
 * `updated` → `modified`, `user` → `creator` (with `user_info.display_name` as its name),
 * `target[].selector` as it is (RangeSelector, TextPositionSelector, TextQuoteSelector).
 */
type Json = Record<string, unknown>

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Whether `v` is an annotation as Hypothesis's API writes it (no `type`, a `user` and a `target`). */
export const isHypothesisAnnotation = (v: unknown): boolean =>
  isObject(v) && v.type === undefined && typeof v.user === 'string' && Array.isArray(v.target) && (typeof v.text === 'string' || v.text === undefined)

/** The annotations of a Hypothesis API response or export, as W3C Annotation objects; `undefined` when `data` is neither. */
export function fromHypothesis(data: unknown): Json[] | undefined {
  if (Array.isArray(data) && data.length && data.every(isHypothesisAnnotation)) return (data as Json[]).map(toW3c)
  if (!isObject(data)) return undefined
  if (isHypothesisAnnotation(data)) return [toW3c(data)]
  for (const key of ['rows', 'annotations'] as const) {
    const list = data[key]
    if (Array.isArray(list) && list.every(isHypothesisAnnotation)) return (list as Json[]).map(toW3c)
  }
  return undefined
}

function toW3c(a: Json): Json {
  const links = isObject(a.links) ? a.links : {}
  const info = isObject(a.user_info) ? a.user_info : {}
  const user = String(a.user)
  const tags = Array.isArray(a.tags) ? a.tags.filter((t): t is string => typeof t === 'string') : []
  const references = Array.isArray(a.references) ? a.references : []
  return {
    type: 'Annotation',
    id: typeof links.html === 'string' ? links.html : `https://hypothes.is/a/${String(a.id)}`,
    ...(typeof a.created === 'string' ? {created: a.created} : {}),
    ...(typeof a.updated === 'string' ? {modified: a.updated} : {}),
    creator: {id: user, ...(typeof info.display_name === 'string' && info.display_name ? {name: info.display_name} : {})},
    body: [
      ...(typeof a.text === 'string' && a.text ? [{type: 'TextualBody', value: a.text, format: 'text/markdown'}] : []),
      ...tags.map((value) => ({type: 'TextualBody', value, purpose: 'tagging'}))
    ],
    target: (a.target as unknown[]).filter(isObject).map((t) => ({source: t.source, ...(t.selector !== undefined ? {selector: t.selector} : {})})),
    // A reply annotates another annotation: Hypothesis gives it no selector, only `references`.
    ...(references.length ? {'hypothesis:references': references} : {})
  }
}
