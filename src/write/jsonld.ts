/**
 * W3C Web Annotation writer (`annotations.jsonld`), for annotation tools (Hypothesis, Recogito,
 * any Web Annotation store): one AnnotationCollection with its first AnnotationPage embedded.
 * Every note and glossary entry is one Annotation.
 *
 * Targets are written so that a client can place them on the edition's own page:
 * - `source` is the edition's identifier (`editionIri`), which the page declares and
 *   `edition.json` names, so a client can tell which document an annotation belongs to;
 * - each target on the text has three selectors for the same words: a TextQuoteSelector with 32
 *   characters of prefix and suffix (so a quote is found on the whole page, even where the page
 *   shows the witness too), a TextPositionSelector counting the edition's text (what the page's
 *   `#edition-text` holds, and `edition.json`'s `text`), and a CssSelector `#edition-text`
 *   refined by the same positions, which says so in the model's own terms;
 * - a glossary entry that occurs only in notes annotates those notes: its targets are the
 *   annotations that mention it, each a FragmentSelector on the edition (`#<id>`).
 *
 * Positions count Unicode code points, as the W3C model says. Clients that count UTF-16 code units
 * (Recogito, Hypothesis, dom-anchor-text-*) differ after a character outside the Basic
 * Multilingual Plane; the README says how to convert.
 *
 * The body is one TextualBody: the note as sanitised HTML (`format: text/html`), with the
 * editor's Markdown beside it under the edition's vocabulary; a gloss's authority links are
 * `identifying` bodies. What W3C has no term for (status, term, label, original form, source file)
 * is under the edition's own namespace, `<edition IRI>#vocab.`, so `src/read/jsonld.ts` reads
 * everything back; where an established vocabulary has the term (Dublin Core, schema.org), that
 * is used instead.
 *
 * Security: bodies are data here. The HTML body is the pipeline's sanitised HTML; the Markdown is
 * the editor's source, as written, which a consumer must sanitise as this toolkit does.
 */
import {toHtml} from 'hast-util-to-html'
import {sanitize} from 'hast-util-sanitize'
import type {Annotation, Edition, Target} from '../model/edition.js'
import {CodePoints} from '../anchor/positions.js'
import {fromRange} from '../anchor/quote.js'
import {dateTime, editionCitation, licenceUrl, sourceStatement} from '../model/words.js'
import {editionIri} from '../model/urls.js'
import {sanitizeSchema} from '../pipeline/sanitize.js'
import {bodyToHast} from './hast.js'

export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld'

/** The element of the reading view that holds exactly `Edition.text`. */
export const TEXT_BLOCK = '#edition-text'

/**
 * The edition's own vocabulary. No registered vocabulary has these terms and this project has no
 * domain of its own, so the edition defines them under its identifier; a `.` keeps the terms'
 * fragments apart from every id the page and the annotations use (those are `[a-z0-9-]`).
 */
export const editionNamespace = (edition: Pick<Edition, 'meta' | 'witness'>) => `${editionIri(edition)}#vocab.`

export function context(edition: Pick<Edition, 'meta' | 'witness'>): unknown[] {
  return [
    ANNO_CONTEXT,
    {
      edition: editionNamespace(edition),
      dcterms: 'http://purl.org/dc/terms/',
      dc: 'http://purl.org/dc/elements/1.1/',
      schema: 'https://schema.org/'
    }
  ]
}

export {editionIri}

function textTarget(t: Target, text: string, base: string, points: CodePoints) {
  // The model keeps whatever context the editor wrote; the export always gives the full 32
  // characters each side, which is what tells the text apart from the witness shown on the page.
  const {prefix, suffix} = fromRange(text, t)
  const position = {type: 'TextPositionSelector', start: points.fromUtf16(t.start), end: points.fromUtf16(t.end)}
  return {
    type: 'SpecificResource',
    source: base,
    selector: [
      {type: 'TextQuoteSelector', exact: t.selector.exact, prefix, suffix},
      position,
      {type: 'CssSelector', value: TEXT_BLOCK, refinedBy: position}
    ]
  }
}

/** Another part of the edition (an annotation, the introduction), named by its id on the page. */
const partTarget = (base: string, id: string) => ({
  type: 'SpecificResource',
  source: base,
  selector: {type: 'FragmentSelector', conformsTo: 'http://tools.ietf.org/rfc/rfc3986', value: id}
})

function annotation(a: Annotation, edition: Edition, base: string, points: CodePoints): Record<string, unknown> {
  const purpose = a.type === 'gloss' ? 'describing' : 'commenting'
  const html = toHtml(sanitize({type: 'root', children: bodyToHast(a.body)}, sanitizeSchema))
  const identifying = (a.sameAs ?? []).map((source) => ({type: 'SpecificResource', source, purpose: 'identifying'}))
  const content = {type: 'TextualBody', value: html, format: 'text/html', language: edition.meta.language, purpose, 'edition:markdown': a.markdown}
  return {
    id: `${base}#${a.id}`,
    type: 'Annotation',
    motivation: a.type === 'gloss' ? (identifying.length ? ['describing', 'identifying'] : 'describing') : 'commenting',
    creator: {name: a.author},
    created: dateTime(a.created),
    modified: dateTime(a.modified),
    rights: licenceUrl(edition.meta.licence.notes),
    body: identifying.length ? [content, ...identifying] : content,
    target: a.targets.length ? a.targets.map((t) => textTarget(t, edition.text, base, points)) : a.mentionedIn.map((id) => partTarget(base, id)),
    'edition:status': a.status,
    ...(a.term !== undefined ? {'edition:term': a.term} : {}),
    ...(a.label !== undefined ? {'edition:label': a.label} : {}),
    ...(a.forms ? {'edition:forms': a.forms, 'edition:case': a.case ?? 'exact'} : {}),
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
    '@context': context(edition),
    id: `${base}#annotations`,
    type: 'AnnotationCollection',
    label: `Notes and glossary of “${edition.meta.title}”, version ${edition.meta.version}`,
    total: items.length,
    'dcterms:isPartOf': base,
    'dcterms:bibliographicCitation': editionCitation(edition).text,
    'dc:source': sourceStatement(edition.meta),
    'schema:version': edition.meta.version,
    'dcterms:issued': edition.meta.date,
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
