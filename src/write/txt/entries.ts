/**
 * Notes and glossary entries as plain text. A note is numbered (`[n]`, as the text's apparatus
 * lines call it) and names the words it is on; an entry is headed by its term. The body's
 * citations are its evidence, as citeproc formatted them; further reading follows the body,
 * labelled; then the glossary terms the body uses, so an entry that occurs only in notes is
 * found from them; a glossary entry ends with where it occurs and what mentions it.
 */
import type {Root} from 'mdast'
import {visit} from 'unist-util-visit'
import {toString} from 'mdast-util-to-string'
import type {Annotation} from '../../model/edition.js'
import type {TermNode} from '../../model/nodes.js'
import {STATUS} from '../../model/words.js'
import {safeUrl} from '../../model/urls.js'
import {mentions, notFound, places, sentenceSpan, type Apparatus} from '../apparatus.js'
import {bodyText} from '../plain.js'
import {hang, indent, oneLine, series} from './layout.js'

const INDENT = 4

/** The glossary terms a body links, in order: the words, and the entry when its name differs. */
export function termsIn(tree: Root, app: Apparatus): string[] {
  const out: string[] = []
  visit(tree, 'term', (node: TermNode) => {
    const words = oneLine(toString(node))
    const entry = app.byId.get(node.data.gloss)
    const name = entry?.term ?? node.data.gloss
    out.push(words === name ? words : `${words} (entry: ${name})`)
  })
  return out
}

/** Body, further reading and glossary terms, as the paragraphs after an entry's first line. */
function rest(a: Annotation, app: Apparatus): string[] {
  const further = a.further.map((f) => f.rendered?.text ?? f.value)
  const terms = termsIn(a.body, app)
  return [
    bodyText(a.body, {links: true, joinLines: true}),
    ...(further.length ? [`Further reading: ${further.join('; ')}`] : []),
    ...(terms.length ? [`Glossary: ${terms.join('; ')}.`] : [])
  ].filter(Boolean)
}

const status = (a: Annotation) => (a.status === 'verified' ? [] : [`Status: ${STATUS[a.status].word}.`])

export function noteEntry(a: Annotation, n: number, app: Apparatus): string {
  const ps = places(app, a)
  const on = ps.length ? `${ps.map((p) => `On “${oneLine(p.target.selector.exact)}” (${sentenceSpan(p)})`).join('; ')}.` : notFound(a)
  return hang(`[${n}] `, [[on, ...status(a)].join(' '), ...rest(a, app)].join('\n\n'), INDENT)
}

export function glossEntry(a: Annotation, app: Apparatus, number: Map<string, number>): string {
  let head = a.term ?? a.id
  if (a.label) head += ` — ${a.label}.`
  if (a.original) head += ` ${a.original.text}${a.original.transliteration ? ` (${a.original.transliteration})` : ''}.`
  const links = (a.sameAs ?? []).map(safeUrl).filter(Boolean)
  const ps = places(app, a)
  const m = mentions(app, a)
  const noteNumbers = m.notes.map((x) => number.get(x.id)).filter((x): x is number => x !== undefined)
  const by = [
    ...(m.introduction ? ['the introduction'] : []),
    ...(noteNumbers.length ? [`${noteNumbers.length > 1 ? 'notes' : 'note'} ${series(noteNumbers.map(String))}`] : []),
    ...(m.entries.length ? [`the ${m.entries.length > 1 ? 'entries' : 'entry'} ${series(m.entries.map((e) => e.term ?? e.id))}`] : [])
  ]
  const where = [
    ...(ps.length ? [`Occurs in ${series(ps.map(sentenceSpan))}.`] : []),
    ...(by.length ? [`Mentioned in ${series(by, ', and ')}.`] : [])
  ]
  const first = [head, ...status(a), ...(links.length ? [`See also ${links.join(', ')}.`] : [])].join(' ')
  return indent([first, ...rest(a, app), ...(where.length ? [where.join(' ')] : [])].join('\n\n'), INDENT)
}
