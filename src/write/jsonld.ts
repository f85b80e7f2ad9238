/**
 * W3C Web Annotation writer (`annotations.jsonld`), for annotation tools (Hypothesis, Recogito,
 * any Web Annotation store): one AnnotationCollection with its first AnnotationPage embedded.
 * Every note and glossary entry is one Annotation; each target is a SpecificResource on the
 * edition's text with a TextQuoteSelector and a TextPositionSelector (two descriptions of the
 * same passage). A gloss has one target per occurrence. The body is a Choice of the same text as
 * sanitised HTML, the editor's Markdown and plain text; a gloss's authority links are
 * `identifying` bodies. What W3C has no term for (status, term, label, original form) is under
 * the edition's own prefix, so `src/read/jsonld.ts` can read everything back.
 *
 * Positions are code points in `Edition.text` (paragraphs joined by a blank line), as W3C says.
 *
 * Security: bodies are data here. The HTML body is the pipeline's sanitised HTML; the Markdown
 * body is the editor's source, as written, which a consumer must sanitise as this toolkit does.
 */
import {createHash} from 'node:crypto'
import type {Annotation, Edition} from '../model/edition.js'
import {CodePoints} from '../anchor/positions.js'
import {dateTime, editionCitation, licenceUrl, sourceStatement} from './citation.js'

export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld'
/** The edition's own vocabulary (a placeholder namespace, like the JSON schemas' ids). */
export const EDITION_NS = 'https://example.org/edition/ns#'

export const CONTEXT = [
  ANNO_CONTEXT,
  {edition: EDITION_NS, dcterms: 'http://purl.org/dc/terms/', dc: 'http://purl.org/dc/elements/1.1/'}
]

/** A name-based UUID (RFC 4122 version 5), for editions that have no address of their own. */
function uuid5(name: string): string {
  const URL_NAMESPACE = '6ba7b8119dad11d180b400c04fd430c8'
  const hash = createHash('sha1').update(Buffer.from(URL_NAMESPACE, 'hex')).update(name).digest()
  hash[6] = (hash[6]! & 0x0f) | 0x50
  hash[8] = (hash[8]! & 0x3f) | 0x80
  const hex = hash.subarray(0, 16).toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/**
 * The edition's IRI: its published address, or a stable `urn:uuid:` derived from the witness
 * (the same across versions, so annotation ids survive a new version). Annotations are `#id` in
 * it, which is where the reading view shows them.
 */
export function editionIri(edition: Edition): string {
  return edition.edition.url ?? `urn:uuid:${uuid5(`edition:${edition.witness.sha256}`)}`
}

function annotation(a: Annotation, edition: Edition, base: string, points: CodePoints): Record<string, unknown> {
  const purpose = a.type === 'gloss' ? 'describing' : 'commenting'
  const language = edition.edition.language
  const identifying = (a.sameAs ?? []).map((source) => ({type: 'SpecificResource', source, purpose: 'identifying'}))
  const content = {
    type: 'Choice',
    items: [
      {type: 'TextualBody', value: a.body.html, format: 'text/html', language, purpose},
      {type: 'TextualBody', value: a.body.markdown, format: 'text/markdown', language, purpose},
      {type: 'TextualBody', value: a.body.text, format: 'text/plain', language, purpose}
    ]
  }
  return {
    id: `${base}#${a.id}`,
    type: 'Annotation',
    motivation: a.type === 'gloss' ? (identifying.length ? ['describing', 'identifying'] : 'describing') : 'commenting',
    creator: {name: a.author},
    created: dateTime(a.created),
    modified: dateTime(a.modified),
    rights: licenceUrl(edition.edition.licence.notes),
    body: identifying.length ? [content, ...identifying] : content,
    target: a.targets.map((t) => ({
      type: 'SpecificResource',
      source: base,
      selector: [
        {type: 'TextQuoteSelector', exact: t.selector.exact, ...(t.selector.prefix !== undefined ? {prefix: t.selector.prefix} : {}), ...(t.selector.suffix !== undefined ? {suffix: t.selector.suffix} : {})},
        {type: 'TextPositionSelector', start: points.fromUtf16(t.start), end: points.fromUtf16(t.end)}
      ]
    })),
    'edition:kind': a.type,
    'edition:status': a.status,
    ...(a.term !== undefined ? {'edition:term': a.term} : {}),
    ...(a.label !== undefined ? {'edition:label': a.label} : {}),
    ...(a.original
      ? {
          'edition:original': {
            'edition:text': a.original.text,
            ...(a.original.transliteration !== undefined ? {'edition:transliteration': a.original.transliteration} : {}),
            'edition:language': a.original.language
          }
        }
      : {}),
    'edition:file': a.file
  }
}

/** The collection as an object (what `toJsonLd` serialises). */
export function annotationCollection(edition: Edition): Record<string, unknown> {
  const base = editionIri(edition)
  // Positions in the export count code points, as the W3C model says; the model counts UTF-16 units.
  const points = new CodePoints(edition.text)
  const items = edition.annotations.map((a) => annotation(a, edition, base, points))
  return {
    '@context': CONTEXT,
    id: `${base}#annotations`,
    type: 'AnnotationCollection',
    label: `Notes and glossary of “${edition.edition.title}”, version ${edition.edition.version}`,
    total: items.length,
    'dcterms:bibliographicCitation': editionCitation(edition).text,
    'dc:source': sourceStatement(edition),
    'edition:version': edition.edition.version,
    'edition:date': edition.edition.date,
    first: {
      id: `${base}#annotations-page-1`,
      type: 'AnnotationPage',
      startIndex: 0,
      items
    }
  }
}

export function toJsonLd(edition: Edition): string {
  return JSON.stringify(annotationCollection(edition), null, 2) + '\n'
}
