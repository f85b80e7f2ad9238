/** The model as JSON (`edition.json`): what other tools read. The mdast tree stays out. */
import type {Edition} from '../model/edition.js'
import {sourceCitation} from '../model/source-citation.js'
import {cleanItem} from '../cite/citeproc.js'

export function toJson(edition: Edition): string {
  const data = {
    edition: edition.edition,
    witness: {file: edition.witness.file, sha256: edition.witness.sha256},
    text: edition.text,
    style: edition.style,
    sentences: edition.sentences.map((s) => ({...s, source: sourceCitation(edition, s)})),
    annotations: edition.annotations,
    references: edition.references.map(cleanItem),
    bibliography: edition.bibliography
  }
  return JSON.stringify(data, null, 2) + '\n'
}
