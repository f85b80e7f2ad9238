/** CSL-JSON as the exports hand it on: the edition itself first, extension fields left out. */
import type {CslItem, Edition} from './edition.js'
import {editionCitation} from './words.js'

/** CSL-JSON without extension fields (`_verification` and the like). */
export function cleanItem(item: CslItem): CslItem {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !k.startsWith('_'))) as CslItem
}

/** The bibliography as CSL-JSON items: the edition itself first, then the works. */
export function cslItems(edition: Pick<Edition, 'meta' | 'references'>): CslItem[] {
  return [editionCitation(edition).item, ...edition.references.map(cleanItem)]
}
