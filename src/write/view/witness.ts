/**
 * The editorial interventions, and the witness as captured, line by line, each line with an id
 * (`witness-<n>`) that a sentence's source links to; omitted lines struck and labelled,
 * substitutions shown where they apply.
 */
import {h} from 'hastscript'
import type {Element} from 'hast'
import type {Edition, Intervention} from '../../model/edition.js'
import {languageRuns, UI_LANG} from './languages.js'

export function interventionItem(i: Intervention, language: string): Element {
  return h('li', {id: `int-${i.id}`}, [
    h(
      'strong',
      i.type === 'omission'
        ? `Witness lines ${i.lines[0]}–${i.lines[1]} omitted.`
        : [`Witness line ${i.line}, column ${i.column}: “`, h('span', {lang: language}, i.original), '” read as “', h('span', {lang: language}, i.reading), '”.']
    ),
    ' ',
    ...languageRuns(i.description, UI_LANG),
    ' ',
    h('em', 'Why:'),
    ' ',
    ...languageRuns(i.reason, UI_LANG)
  ])
}

/** The witness line by line as captured, omitted lines struck and labelled, substitutions shown. */
export function witnessView(edition: Edition): Element {
  const lines = edition.witness.text.split(/\r?\n/)
  if (lines.length > 1 && lines.at(-1) === '') lines.pop()
  const interventions = edition.meta.interventions
  const items = lines.map((line, index) => {
    const n = index + 1
    const omission = interventions.find((i) => i.type === 'omission' && n >= i.lines[0] && n <= i.lines[1])
    const subs = interventions.filter((i) => i.type === 'substitution' && i.line === n).sort((a, b) => (a.type === 'substitution' && b.type === 'substitution' ? b.column - a.column : 0))
    let content: (Element | string)[] = [line]
    for (const s of subs) {
      if (s.type !== 'substitution') continue
      const at = s.column - 1
      const rest = content.shift() as string
      content = [
        rest.slice(0, at),
        h('del', rest.slice(at, at + s.original.length)),
        h('ins', s.reading),
        ' ',
        h('a', {href: `#int-${s.id}`, className: ['int-label', 'inline'], lang: UI_LANG}, languageRuns(`[${s.description}]`, UI_LANG)),
        ' ',
        rest.slice(at + s.original.length),
        ...content
      ]
    }
    const words = content.flatMap((c) => (typeof c === 'string' ? languageRuns(c, edition.meta.language) : [c]))
    const body = line === '' ? h('span', {className: ['blank'], lang: UI_LANG}, '(blank line)') : omission ? h('del', words) : words
    const label =
      omission?.type === 'omission' && omission.lines[0] === n
        ? h('a', {href: `#int-${omission.id}`, className: ['int-label'], lang: UI_LANG}, languageRuns(`Omitted, lines ${omission.lines[0]}–${omission.lines[1]}: ${omission.description}`, UI_LANG))
        : ''
    return h('li', {id: `witness-${n}`, className: omission ? ['omitted'] : undefined}, [label, body])
  })
  // The witness is in the edition's language; the labels in it are the interface's.
  return h('details', {className: ['witness'], id: 'witness'}, [
    h('summary', 'The witness as captured, line by line, with the interventions marked'),
    h('p', {className: ['witness-file']}, [`File `, h('code', edition.witness.file), `, SHA-256 ${edition.witness.sha256.slice(0, 16)}…`]),
    h('ol', {className: ['witness-lines'], lang: edition.meta.language}, items)
  ])
}
