/**
 * The model as JSON (`edition.json`): what other tools read. Trees stay out; each annotation's
 * body is given as the editor's Markdown and as plain text, its citations as works with locators.
 * `id` is the edition's identifier, the `source` of every Web Annotation target; offsets
 * (`start`, `end`) count UTF-16 code units of `text`, as JavaScript strings and the DOM do.
 */
import {toHtml} from 'hast-util-to-html'
import type {Annotation, Edition} from '../model/edition.js'
import type {CiteNode} from '../model/nodes.js'
import {sourceCitation} from '../model/source-citation.js'
import {cleanItem} from '../model/csl.js'
import {editionCitation, sourceStatement} from '../model/words.js'
import {editionIri} from '../model/urls.js'
import {citeNodes} from '../cite/index.js'
import {bodyText} from './plain.js'

const citation = (c: CiteNode) => ({items: c.items, text: c.rendered?.text ?? c.value})

function annotation(a: Annotation) {
  const {body, markdown, further, ...rest} = a
  return {
    ...rest,
    body: {markdown, text: bodyText(body)},
    evidence: citeNodes(body).map(citation),
    further: further.map(citation)
  }
}

export function toJson(edition: Edition): string {
  const data = {
    id: editionIri(edition),
    edition: edition.meta,
    howToCite: editionCitation(edition).text,
    sourceStatement: sourceStatement(edition.meta),
    witness: {file: edition.witness.file, sha256: edition.witness.sha256},
    text: edition.text,
    style: edition.style,
    sentences: edition.sentences.map((s) => ({...s, source: sourceCitation(edition, s)})),
    annotations: edition.annotations.map(annotation),
    orphans: edition.orphans.map(annotation),
    readings: edition.readings.map(({intervention, ...r}) => ({intervention: intervention.id, ...r})),
    references: edition.references.map(cleanItem),
    bibliography: edition.bibliography.map((b) => ({id: b.id, text: b.text, html: toHtml(b.content)}))
  }
  return JSON.stringify(data, null, 2) + '\n'
}
