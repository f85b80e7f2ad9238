/**
 * The sentence panel's frame. The script fills it from the apparatus when a sentence is selected;
 * its citations are rendered here, in every format offered, with empty slots (`data-slot`) for
 * what only the reader's browser knows: which sentence, and the date it is read.
 */
import {h} from 'hastscript'
import type {Element} from 'hast'
import type {Edition} from '../../model/edition.js'
import {editionCitation, sentenceCitation, type CitedSentence} from '../../model/words.js'
import {safeUrl} from '../../model/urls.js'
import {bibtexEntry} from '../bibtex.js'

/** A private-use character marks a slot: no editor text reaches a template but as text around it. */
const MARK = '\uE000'
const slot = (name: string) => `${MARK}${name}${MARK}`
const SLOTS = new RegExp(`${MARK}(\\w+)${MARK}`)

/** A template as hast: its text, and an empty `span[data-slot]` for each slot. */
function slotted(template: string): (Element | string)[] {
  return template.split(SLOTS).flatMap((part, i): (Element | string)[] => (i % 2 ? [h('span', {dataSlot: part})] : part ? [part] : []))
}

interface Format {
  id: string
  name: string
  text: string
  /** Shown before the citation (a reference manager's entry names the edition, not the sentence). */
  note?: (Element | string)[]
  block?: boolean
}

/** The citation in each format: Chicago and plain text name the sentence; BibTeX and CSL-JSON are the edition's entry. */
export function citationFormats(edition: Edition): Format[] {
  const meta = edition.meta
  const base = safeUrl(meta.url)?.split('#')[0]
  const place: CitedSentence = {n: slot('n'), ...(base ? {address: `${base}#${slot('id')}`} : {}), accessed: {iso: slot('iso'), long: slot('long')}}
  const item = {...editionCitation(edition).item, accessed: {'date-parts': [[slot('y'), slot('m'), slot('d')]]}}
  // The access date's parts are numbers in CSL-JSON: their slots stand unquoted.
  const csl = JSON.stringify([item], null, 2).replace(new RegExp(`"(${MARK}\\w+${MARK})"`, 'g'), '$1')
  // The edition's own entry, as references.bib has it.
  const bibtex = bibtexEntry(editionCitation(edition).item)
  const manager = ['For a reference manager: the edition as one entry; give “sentence ', h('span', {dataSlot: 'n'}), '” as the locator when you cite it.']
  return [
    {id: 'chicago', name: 'Chicago (note)', text: sentenceCitation(meta, place, 'chicago')},
    {id: 'plain', name: 'Plain text', text: sentenceCitation(meta, place, 'plain')},
    {id: 'bibtex', name: 'BibTeX', text: bibtex, note: manager, block: true},
    {id: 'csl', name: 'CSL-JSON', text: csl, note: manager, block: true}
  ]
}

export function panel(edition: Edition): Element {
  const formats = citationFormats(edition)
  return h('aside', {id: 'panel', ariaLabelledBy: 'panel-h', hidden: true}, [
    h('div', {className: ['panel-head']}, [h('h2', {id: 'panel-h', tabIndex: -1}, 'Sentence'), h('button', {type: 'button', className: ['close'], hidden: true}, 'Close')]),
    h('div', {className: ['panel-hint']}, [
      h('p', 'Select a sentence to see its source, its notes and a citation: click or tap it, or Tab to its number and press Enter.'),
      h('p', 'Keys, in the text: j / k or the arrow keys move between sentences (turn them off above the text); Enter on a selected sentence moves here; Esc closes a note or this panel.')
    ]),
    h('div', {className: ['panel-body']}),
    h('div', {className: ['panel-cite'], hidden: true}, [
      h('h3', 'Cite this sentence'),
      h('p', [h('label', ['Format ', h('select', {className: ['cite-format']}, formats.map((f) => h('option', {value: f.id}, f.name)))])]),
      ...formats.map((f, i) =>
        h('div', {className: ['cite-form'], dataFormat: f.id, hidden: i > 0}, [f.note ? h('p', {className: ['cite-note']}, f.note) : '', h(f.block ? 'pre' : 'p', {className: ['cite-text']}, slotted(f.text))])
      ),
      h('button', {type: 'button', className: ['cite']}, 'Copy citation')
    ]),
    h('p', {className: ['visually-hidden'], role: 'status', id: 'status'})
  ])
}
