/**
 * Notes and glossary entries, in `<back>`. Each says who wrote it (`@resp`), its status
 * (`@cert`, `@ana` pointing at the status's meaning in the header, and a `<certainty>` in words),
 * what its statements rest on (its text's citations, `<bibl type="evidence">`, whose works
 * `@source` lists), and apart from those, works for further reading not consulted
 * (`<listBibl type="further">`). A note points at the anchors around its passage
 * (`@target`/`@targetEnd`); a glossary entry lists where it occurs in the text and which
 * annotations mention it, so an entry that occurs only in notes is still reached from them.
 */
import type {Element} from 'xast'
import type {Annotation, Status} from '../../model/edition.js'
import type {CiteNode, TermNode} from '../../model/nodes.js'
import {citeNodes} from '../../cite/index.js'
import {STATUS, statusSentence} from '../../model/words.js'
import {citation, sources, type CitationType} from './citations.js'
import type {Context} from './context.js'
import {ids, pointer, target} from './ids.js'
import {blocks, state, type State} from './mdast.js'
import {x, type Tree} from './xml.js'

/**
 * The editor's status as TEI certainty. `disputed` becomes `unknown`, not `medium`: the sources
 * disagree, so no degree of confidence can be stated, and a disputed claim must not rank above
 * an unverified one.
 */
export const CERT: Record<Status, 'high' | 'low' | 'unknown'> = {verified: 'high', unverified: 'low', disputed: 'unknown'}

/** Handlers for a body (or the introduction): citations of one kind, and terms that link their entries. */
export function bodyState(type: CitationType): State {
  return state({
    cite: (node: CiteNode) => citation(node, type),
    term: (node: TermNode, s: State) => x('term', {ref: pointer(ids.gloss(node.data.gloss))}, s.all(node))
  })
}

const evidence = bodyState('evidence')

/** What every annotation carries: who, its status, and the works its statements rest on. */
function attributes(a: Annotation, ctx: Context) {
  return {cert: CERT[a.status], resp: pointer(ctx.resp.get(a.author)!), ana: pointer(ids.status(a.status)), source: sources(citeNodes(a.body))}
}

/** The status in words, with the same certainty and responsibility as its annotation. */
const certainty = (a: Annotation, ctx: Context): Element =>
  x('certainty', {locus: 'value', cert: CERT[a.status], resp: pointer(ctx.resp.get(a.author)!)}, x('desc', {}, statusSentence(a.status)))

/** Further reading: works not consulted, apart from the evidence. */
function further(a: Annotation): Element | undefined {
  if (!a.further.length) return undefined
  return x('listBibl', {type: 'further'}, x('head', {}, 'Further reading'), a.further.map((c) => citation(c, 'further')))
}

export function noteEntry(n: Annotation, ctx: Context): Element {
  const only = n.targets.length <= 1
  const anchors = (side: 'start' | 'end') => n.targets.map((_, i) => pointer(ids.anchor(n.id, side, only ? undefined : i + 1))).join(' ')
  return x(
    'note',
    {'xml:id': ids.note(n.id), type: 'editorial', n: ctx.noteNumber.get(n.id), target: anchors('start'), targetEnd: anchors('end'), ...attributes(n, ctx)},
    blocks(n.body.children, evidence),
    further(n),
    certainty(n, ctx)
  )
}

/** A note whose passage is no longer in the text: kept, with no target, and saying so. */
export function orphanEntry(n: Annotation, ctx: Context): Element {
  const reason = n.anchor.state === 'orphaned' ? n.anchor.reason : ''
  return x(
    'note',
    {'xml:id': ids.note(n.id), type: 'editorial', subtype: 'orphaned', ...attributes(n, ctx)},
    x('p', {rend: 'orphaned'}, `The passage this note was written for is not in the text${reason ? ` (${reason.replace(/\.$/, '')})` : ''}: “${n.targets[0]?.selector.exact ?? ''}”.`),
    blocks(n.body.children, evidence),
    further(n),
    certainty(n, ctx)
  )
}

/** `<label>` and `<item>` of a glossary entry. */
export function glossEntry(g: Annotation, ctx: Context): Element[] {
  const head: Tree[] = []
  if (g.label) head.push(x('gloss', {}, g.label), '.')
  if (g.original) {
    head.push(' ', x('foreign', {'xml:lang': g.original.language}, g.original.text))
    if (g.original.transliteration) head.push(' (', x('foreign', {'xml:lang': `${g.original.language}-Latn`}, g.original.transliteration), ')')
  }
  for (const url of g.sameAs ?? []) {
    if (target(url)) head.push(' ', x('ptr', {type: 'sameAs', target: target(url)}))
  }
  const occurrences = g.targets.map((t, i) => x('ref', {target: pointer(ids.term(g.id, i + 1))}, `sentence ${ctx.sentenceNumber.get(t.sentences[0] ?? '') ?? '?'}`))
  const mentions = g.mentionedIn.flatMap((id) => mention(id, ctx))
  return [
    x('label', {}, x('term', {}, g.term ?? g.id)),
    x(
      'item',
      {'xml:id': ids.gloss(g.id), ...attributes(g, ctx)},
      head.length ? x('p', {}, head) : undefined,
      blocks(g.body.children, evidence),
      further(g),
      occurrences.length ? x('p', {rend: 'occurrences'}, 'Occurs in ', list(occurrences), '.') : undefined,
      mentions.length ? x('p', {rend: 'mentions'}, 'Mentioned in ', list(mentions), '.') : undefined,
      certainty(g, ctx)
    )
  ]
}

/** A link to an annotation (or the introduction) that mentions a glossary entry. */
function mention(id: string, ctx: Context): Element[] {
  if (id === 'introduction') return ctx.edition.introduction ? [x('ref', {target: pointer(ids.introduction)}, 'the introduction')] : []
  const a = ctx.byId.get(id)
  if (!a) return []
  if (a.type === 'gloss') return [x('ref', {target: pointer(ids.gloss(a.id))}, `the entry “${a.term ?? a.id}”`)]
  const n = ctx.noteNumber.get(a.id)
  return [x('ref', {target: pointer(ids.note(a.id))}, n ? `note ${n}` : 'a note')]
}

const list = (items: Element[]): Tree[] => items.flatMap((o, i) => (i ? [', ', o] : [o]))

/** The statuses' meanings, for the header: one `<item xml:id>` a status, which `@ana` points at. */
export function statusItems(): Element[] {
  return (Object.keys(STATUS) as Status[]).map((st) =>
    x('item', {'xml:id': ids.status(st), n: CERT[st]}, x('term', {}, STATUS[st].word), `: ${STATUS[st].meaning}. As @cert: ${CERT[st]}.`)
  )
}
