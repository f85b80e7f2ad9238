/**
 * The front matter: a short masthead (title, version, editors) with the facts about the edition
 * one click away, so that the text comes first on every screen; and, after the text, the
 * introduction with the editorial statement that defines the statuses and the two kinds of
 * reference every annotation gives.
 */
import {h, type Child} from 'hastscript'
import type {Element, ElementContent} from 'hast'
import type {Edition, Metadata} from '../../model/edition.js'
import {editionCitation, EVIDENCE, joinNames, licenceName, licenceUrl, longDate, sourceParts, STATUSES, statusSentence} from '../../model/words.js'
import {body, demoted, link} from './clean.js'

/** A licence by its SPDX id, linked; Creative Commons ids read as people write them ("CC BY 4.0"). */
export function licence(id: string): Element {
  return h('a', {href: licenceUrl(id), rel: 'license'}, licenceName(id))
}

function sourceStatement(meta: Metadata): (Element | string)[] {
  const p = sourceParts(meta.source)
  return [
    p.holds,
    p.where || p.url ? [' Captured from ', link(p.url, p.where || p.url || ''), p.captured ? ` on ${p.captured}` : '', '.'] : '',
    p.known.length ? ` ${p.known.map(([k, v]) => `${k[0]!.toUpperCase()}${k.slice(1)}: ${v}.`).join(' ')}` : '',
    p.unknown ? ` ${p.unknown}` : '',
    p.unknownNote ? ` ${p.unknownNote}` : ''
  ].flat()
}

export const CONTENTS: [string, string][] = [
  ['#text', 'Text'],
  ['#introduction', 'Introduction'],
  ['#notes', 'Notes'],
  ['#glossary', 'Glossary'],
  ['#sentences', 'Sentences and sources'],
  ['#interventions', 'Interventions and witness'],
  ['#bibliography', 'Bibliography']
]

export function masthead(edition: Edition): Element {
  const meta = edition.meta
  return h('header', {className: ['masthead']}, [
    h('p', {className: ['kicker']}, 'An annotated digital edition'),
    h('h1', meta.title),
    meta.subtitle ? h('p', {className: ['subtitle']}, meta.subtitle) : '',
    h('p', {className: ['edition-statement']}, [`Version ${meta.version}, `, h('time', {dateTime: meta.date}, longDate(meta.date)), `. Edited by ${joinNames(meta.editors.map((e) => e.name))}.`]),
    // Collapsed, so the text starts near the top of a phone's screen; print opens it (client.js).
    h('details', {className: ['about']}, [
      h('summary', 'About this edition: its source, licence and how to cite it'),
      h('dl', {className: ['facts']}, [
        h('div', [h('dt', 'Source'), h('dd', sourceStatement(meta))]),
        h('div', [h('dt', 'Licence'), h('dd', [meta.licence.text.trim(), ' Notes and apparatus: ', licence(meta.licence.notes), '; code: ', licence(meta.licence.code), '.'])]),
        h('div', [
          h('dt', 'How to cite this edition'),
          h('dd', {id: 'how-to-cite'}, [editionCitation(edition).text.replace(meta.url ?? '\0', ''), meta.url ? link(meta.url, meta.url) : ''])
        ])
      ])
    ]),
    h('nav', {ariaLabel: 'Contents', className: ['contents']}, [
      h(
        'ul',
        CONTENTS.map(([href, label]) => h('li', [h('a', {href}, label)]))
      )
    ])
  ])
}

/** The editorial statement every output prints: what each status means, evidence and further reading. */
function statement(): ElementContent[] {
  return [
    h('h3', 'Statuses'),
    h('p', 'Each note and glossary entry has a status.'),
    h('ul', {className: ['statuses']}, STATUSES.map((s) => h('li', statusSentence(s)))),
    h('h3', 'Evidence and further reading'),
    h('p', EVIDENCE.evidence),
    h('p', EVIDENCE.further)
  ]
}

export function section(id: string, title: string, children: Child[]): Element {
  return h('section', {id, ariaLabelledBy: `${id}-h`}, [h('h2', {id: `${id}-h`}, title), ...(children as ElementContent[])])
}

/** The introduction (when the edition has one) and the editorial statement. */
export function introduction(edition: Edition): Element {
  const intro = edition.introduction ? demoted(body(edition.introduction), 3) : []
  return section('introduction', edition.introduction ? 'Introduction and editorial statement' : 'Editorial statement', [h('div', {className: ['intro']}, intro), h('div', {className: ['statement']}, statement())])
}
