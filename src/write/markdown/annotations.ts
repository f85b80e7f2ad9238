/**
 * Notes and glossary entries. A note is a footnote, called where its passage ends; it names its
 * passage and links where it starts. Pandoc cannot put a footnote inside a footnote, and a
 * footnote called twice is printed twice, so glossary entries are not footnotes: they are a
 * section of their own (A to Z), which every occurrence of a term links, in the text, in the
 * introduction and in the notes, and each entry links back to where it occurs and who mentions
 * it. That is how an entry whose forms occur only in notes is reached at all.
 *
 * Evidence and further reading stay apart: the evidence is cited in the body, where the
 * statement it supports stands; further reading follows the body in a `.further` div. A note
 * or entry that is not verified says so, in its status's word, linking the statement that
 * defines the word.
 */
import type {BlockContent, FootnoteDefinition, Paragraph} from 'mdast'
import type {Annotation} from '../../model/edition.js'
import type {CiteNode} from '../../model/nodes.js'
import {STATUS} from '../../model/words.js'
import {mentions, notFound, places, sentenceSpan, type Apparatus} from '../apparatus.js'
import {flow} from './blocks.js'
import {href} from './inline.js'
import {div, emphasis, joined, link, paragraph, strong, type DivNode, type Inline} from './tree.js'

export interface Context {
  app: Apparatus
  footnotes: Set<string>
}

/** Ids of the statement's sections, which notes link. */
export const STATEMENT = {statuses: 'statuses-h', evidence: 'evidence-h'}

/** " Status: Unverified." for an annotation that is not verified. */
function status(a: Annotation): Inline[] {
  return a.status === 'verified' ? [] : [' Status: ', link(`#${STATEMENT.statuses}`, [STATUS[a.status].word]), '.']
}

function body(a: Annotation, ctx: Context): BlockContent[] {
  return flow(a.body.children, {footnotes: ctx.footnotes, headings: 'strong'})
}

/** Works not consulted, after the body, as one citation. */
function further(a: Annotation): DivNode[] {
  if (!a.further.length) return []
  const cite: CiteNode = {type: 'cite', value: '', inText: false, items: a.further.flatMap((f) => f.items)}
  return [div({classes: ['further']}, [paragraph(link(`#${STATEMENT.evidence}`, ['Further reading']), ': ', cite, '.')])]
}

/** `On “…” (sentence 3).`: each passage, linking where it starts. */
function passages(a: Annotation, ctx: Context): Inline[] {
  const ps = places(ctx.app, a)
  if (!ps.length) return [notFound(a)]
  return [...joined(ps.map((p) => ['On “', p.target.selector.exact, '” (', link(`#${a.id}-${p.k}`, [sentenceSpan(p)]), ')']), '; '), '.']
}

export function footnote(a: Annotation, ctx: Context): FootnoteDefinition {
  return {type: 'footnoteDefinition', identifier: a.id, label: a.id, children: [paragraph(...passages(a, ctx), ...status(a)), ...body(a, ctx), ...further(a)]}
}

/** A note not found in the text: shown in its own section, never dropped. */
export function orphan(a: Annotation, ctx: Context): DivNode {
  return div({id: a.id, classes: ['note', 'orphan'], pairs: [['status', a.status]]}, [paragraph(...passages(a, ctx), ...status(a)), ...body(a, ctx), ...further(a)])
}

function head(a: Annotation): Paragraph {
  const o = a.original
  return paragraph(
    strong(a.term ?? a.id),
    a.label ? `: ${a.label}.` : '',
    ...(o ? [' ', o.text, ...(o.transliteration ? [' (', emphasis(o.transliteration), ')'] : []), '.'] : []),
    ...status(a)
  )
}

/** Where an entry occurs in the text and who mentions it, each linked. */
function occurrences(a: Annotation, ctx: Context): Paragraph[] {
  const out: Paragraph[] = []
  const ps = places(ctx.app, a)
  if (ps.length) out.push(paragraph('Occurs in ', ...joined(ps.map((p) => [link(`#${a.id}-${p.k}`, [sentenceSpan(p)])]), ', ', ' and '), '.'))
  const m = mentions(ctx.app, a)
  const noteLink = (n: Annotation): Inline[] => {
    const first = places(ctx.app, n)[0]
    return first ? [link(`#${n.id}-${first.k}`, [`the note on ${sentenceSpan(first)}`])] : [link(`#${n.id}`, ['a note not found in the text'])]
  }
  const by: Inline[][] = [
    ...(m.introduction ? [[link('#introduction-h', ['the introduction'])]] : []),
    ...m.notes.map(noteLink),
    ...m.entries.map((e): Inline[] => ['the entry ', link(`#${e.id}`, [e.term ?? e.id])])
  ]
  if (by.length) out.push(paragraph('Mentioned in ', ...joined(by, ', ', ' and '), '.'))
  return out
}

export function glossEntry(a: Annotation, ctx: Context): DivNode {
  const links = (a.sameAs ?? []).flatMap((u) => {
    const url = href(u)
    return url ? [[link(url, [u])]] : []
  })
  return div({id: a.id, classes: ['gloss'], pairs: [['status', a.status]]}, [
    head(a),
    ...(links.length ? [paragraph('See also ', ...joined(links, ', '), '.')] : []),
    ...body(a, ctx),
    ...further(a),
    ...occurrences(a, ctx)
  ])
}
