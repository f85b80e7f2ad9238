/**
 * CSL-JSON writer (`references.json`): the bibliography as Zotero, Pandoc and citeproc read it,
 * without the edition's extension fields (`_verification`). The first item is the edition
 * itself, so that "how to cite this edition" travels with the works it cites; its `note` is the
 * source statement, introduced by `SOURCE_LABEL` (words that no CSL reader takes for a field).
 */
import type {Edition} from '../model/edition.js'
import {cslItems} from '../model/csl.js'

export function toCslJson(edition: Edition): string {
  return JSON.stringify(cslItems(edition), null, 2) + '\n'
}
