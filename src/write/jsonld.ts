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
import {toHtml} from 'hast-util-to-html'
import {sanitize} from 'hast-util-sanitize'
import type {Annotation, Edition} from '../model/edition.js'
import {CodePoints} from '../anchor/positions.js'
import {dateTime, editionCitation, licenceUrl, sourceStatement} from '../model/words.js'
import {editionIri} from '../model/urls.js'
import {sanitizeSchema} from '../pipeline/sanitize.js'
import {bodyToHast} from './hast.js'
import {bodyText} from './plain.js'

export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld'
/** The edition's own vocabulary (a placeholder namespace, like the JSON schemas' ids). */
export const EDITION_NS = 'https://example.org/edition/ns#'

export const CONTEXT = [
  ANNO_CONTEXT,
  {edition: EDITION_NS, dcterms: 'http://purl.org/dc/terms/', dc: 'http://purl.org/dc/elements/1.1/'}
]

export {editionIri}

function annotation(a: Annotation, edition: Edition, base: string, points: CodePoints): Record<string, unknown> {
  const purpose = a.type === 'gloss' ? 'describing' : 'commenting'
  const language = edition.meta.language
  const html = toHtml(sanitize({type: 'root', children: bodyToHast(a.body)}, sanitizeSchema))
  const identifying = (a.sameAs ?? []).map((source) => ({type: 'SpecificResource', source, purpose: 'identifying'}))
  const content = {
    type: 'Choice',
    items: [
      {type: 'TextualBody', value: html, format: 'text/html', language, purpose},
      {type: 'TextualBody', value: a.markdown, format: 'text/markdown', language, purpose},
      {type: 'TextualBody', value: bodyText(a.body), format: 'text/plain', language, purpose}
    ]
  }
  return {
    id: `${base}#${a.id}`,
    type: 'Annotation',
    motivation: a.type === 'gloss' ? (identifying.length ? ['describing', 'identifying'] : 'describing') : 'commenting',
    creator: {name: a.author},
    created: dateTime(a.created),
    modified: dateTime(a.modified),
    rights: licenceUrl(edition.meta.licence.notes),
    body: identifying.length ? [content, ...identifying] : content,
    // A glossary entry that occurs only in notes annotates those notes.
    target: a.targets.length === 0 ? a.mentionedIn.map((id) => `${base}#${id}`) : a.targets.map((t) => ({
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
    label: `Notes and glossary of “${edition.meta.title}”, version ${edition.meta.version}`,
    total: items.length,
    'dcterms:bibliographicCitation': editionCitation(edition).text,
    'dc:source': sourceStatement(edition.meta),
    'edition:version': edition.meta.version,
    'edition:date': edition.meta.date,
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
