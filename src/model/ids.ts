/**
 * Ids share one namespace in every page and document the writers make (HTML `id`, TEI
 * `xml:id`, `#fragment` links). The reading view takes these for itself; sentences take `s-…`;
 * the view derives `<annotation>-<k>` for each place an annotation anchors, `src-`, `ref-`,
 * `int-` for sources, works and interventions, and `witness-<n>` for the lines of the witness. An
 * annotation id must stay clear of all of them.
 */
export const PAGE_IDS = [
  'text',
  'edition-text',
  'panel',
  'panel-h',
  'status',
  'note',
  'how-to-cite',
  'introduction',
  'introduction-h',
  'notes',
  'notes-h',
  'glossary',
  'glossary-h',
  'sentences',
  'sentences-h',
  'interventions',
  'interventions-h',
  'witness',
  'bibliography',
  'bibliography-h'
] as const

/**
 * Why `id` cannot name an annotation, or undefined when it can. (`<other>-<k>`, the places
 * another annotation occurs, is checked against the other ids: see `occurrenceClash`.)
 */
export function reservedId(id: string): string | undefined {
  if ((PAGE_IDS as readonly string[]).includes(id)) return `\`${id}\` is an id of the page itself`
  if (/^(?:s|src|ref|int)-/.test(id)) return `ids starting \`${id.split('-')[0]}-\` are the edition's own (sentences, sources, works, interventions)`
  if (/-h$/.test(id)) return 'ids ending in `-h` name headings of the page'
  if (/^witness-\d+$/.test(id)) return '`witness-<n>` names a line of the witness'
  return undefined
}

/** The annotation whose occurrence ids (`<base>-<k>`) `id` would take, if one of `ids` is its base. */
export function occurrenceClash(id: string, ids: Set<string>): string | undefined {
  const m = /^(.+)-\d+$/.exec(id)
  return m && ids.has(m[1]!) ? m[1] : undefined
}
