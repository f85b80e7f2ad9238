/**
 * Putting things at plain-text offsets of the text tree, the one algorithm every stage and writer
 * uses: zero-width milestones (where a note's passage starts and ends, where lines were omitted)
 * and wrappers around a range (a substitution's reading). Offsets are those of `Edition.text`
 * (paragraphs joined by `PARAGRAPH_SEPARATOR`).
 *
 * Both run in time linear in the tree plus the places (sorted once), and copy only what they
 * change: untouched paragraphs are shared with the input tree.
 */
import type {Paragraph, PhrasingContent, Root, RootContent} from 'mdast'
import {PARAGRAPH_SEPARATOR} from '../model/text.js'
import {cutList, inlineText} from './inline.js'

export interface ParagraphPlace {
  /** Index in `tree.children`. */
  index: number
  node: Paragraph
  start: number
  end: number
}

/** The text's paragraphs with their plain-text offsets. */
export function paragraphPlaces(tree: Root): ParagraphPlace[] {
  const out: ParagraphPlace[] = []
  let offset = 0
  tree.children.forEach((node, index) => {
    if (node.type !== 'paragraph') return
    if (out.length) offset += PARAGRAPH_SEPARATOR.length
    const length = node.children.reduce((n, c) => n + inlineText(c).length, 0)
    out.push({index, node, start: offset, end: offset + length})
    offset += length
  })
  return out
}

/**
 * A zero-width node at `offset`. `left` binds to the character before the offset (the end of a
 * span), `right` to the character after it (the start of a span).
 */
export interface Milestone {
  offset: number
  bind: 'left' | 'right'
  node: PhrasingContent
}

/** Nodes a milestone never enters: their content is atomic to a reader (links, terms, code). */
const SEALED = new Set(['link', 'linkReference', 'term', 'inlineCode', 'image', 'imageReference', 'break', 'cite'])

/** At one offset: ends before starts; otherwise the order given. */
function order(items: (Milestone & {order: number})[]) {
  return items.sort((a, b) => a.offset - b.offset || (a.bind === b.bind ? a.order - b.order : a.bind === 'left' ? -1 : 1))
}

/** A copy of `tree` with each milestone in place (the tree itself is untouched). */
export function insertMilestones(tree: Root, milestones: Milestone[]): Root {
  if (!milestones.length) return tree
  const items = order(milestones.map((m, order) => ({...m, order})))
  const paragraphs = paragraphPlaces(tree)
  if (!paragraphs.length) return tree
  const children: RootContent[] = [...tree.children]
  let k = 0
  paragraphs.forEach((p, i) => {
    const next = paragraphs[i + 1]
    // A paragraph takes the milestones up to the start of the next one; what falls in the
    // separator between them binds to its side (left: this paragraph; right: the next).
    const mine: typeof items = []
    while (k < items.length) {
      const m = items[k]!
      const here = !next || m.offset < next.start || (m.offset === next.start && m.bind === 'left')
      const inGap = next && m.offset >= p.end && m.bind === 'right'
      if (!here || inGap) break
      mine.push(m)
      k++
    }
    if (!mine.length) return
    const placed = place(p.node.children, p.start, mine, 0, mine.length)
    children[p.index] = {...p.node, children: placed}
  })
  return {...tree, children}
}

/**
 * Place `items[from, to)` (sorted) in `nodes`, which start at plain offset `base`. Returns new
 * children; every item is placed (those beyond the end go last).
 */
function place(nodes: PhrasingContent[], base: number, items: Milestone[], from: number, to: number): PhrasingContent[] {
  const out: PhrasingContent[] = []
  let pos = base
  let k = from
  const takes = (m: Milestone, start: number, end: number) => (m.bind === 'right' ? m.offset >= start && m.offset < end : m.offset > start && m.offset <= end)
  for (const node of nodes) {
    const length = inlineText(node).length
    // What the nodes before could not take (an end at this node's start, when it is the first) goes before it.
    while (k < to && (items[k]!.offset < pos || (items[k]!.offset === pos && items[k]!.bind === 'left'))) out.push(items[k++]!.node)
    if (length === 0) {
      out.push(node)
      continue
    }
    let end = k
    while (end < to && takes(items[end]!, pos, pos + length)) end++
    if (end === k) {
      out.push(node)
    } else if (node.type === 'text') {
      let at = 0
      for (; k < end; k++) {
        const cut = items[k]!.offset - pos
        if (cut > at) out.push({...node, value: node.value.slice(at, cut)} as PhrasingContent)
        at = Math.max(at, cut)
        out.push(items[k]!.node)
      }
      if (at < length) out.push({...node, value: node.value.slice(at)} as PhrasingContent)
    } else if ('children' in node && !SEALED.has(node.type)) {
      out.push({...node, children: place(node.children as PhrasingContent[], pos, items, k, end)} as PhrasingContent)
      k = end
    } else {
      // Atomic content: starts go before it, ends after it.
      const here = items.slice(k, end)
      out.push(...here.filter((m) => m.bind === 'right').map((m) => m.node), node, ...here.filter((m) => m.bind === 'left').map((m) => m.node))
      k = end
    }
    pos += length
  }
  while (k < to) out.push(items[k++]!.node)
  return out
}

/** A range of the text to wrap in a node. */
export interface Wrap {
  start: number
  end: number
  /** Make the wrapper for one stretch of the range (a range crossing sentences is wrapped in each). */
  make(children: PhrasingContent[]): PhrasingContent
}

/**
 * A copy of `tree` with each range wrapped, inside the sentences it covers (a range across two
 * sentences gives two wrappers). Ranges must not overlap one another.
 */
export function wrapRanges(tree: Root, wraps: Wrap[]): Root {
  if (!wraps.length) return tree
  const sorted = [...wraps].sort((a, b) => a.start - b.start)
  const paragraphs = paragraphPlaces(tree)
  const children: RootContent[] = [...tree.children]
  let k = 0
  for (const p of paragraphs) {
    while (k < sorted.length && sorted[k]!.end <= p.start && sorted[k]!.start < p.start) k++
    const mine = sorted.slice(k).filter((w) => w.start < p.end && w.end > p.start)
    if (!mine.length) continue
    const wrapIn = (nodes: PhrasingContent[], base: number): PhrasingContent[] => {
      const out: PhrasingContent[] = []
      let pos = base
      for (const node of nodes) {
        const length = inlineText(node).length
        const inside = mine.filter((w) => w.start < pos + length && w.end > pos)
        if (node.type === 'sentence' && inside.length) {
          out.push({...node, children: wrapList(node.children, pos, inside)})
        } else out.push(node)
        pos += length
      }
      return out
    }
    children[p.index] = {...p.node, children: wrapIn(p.node.children, p.start)}
  }
  return {...tree, children}
}

/** Wrap the parts of `nodes` (starting at `base`) that the ranges cover. */
export function wrapList(nodes: PhrasingContent[], base: number, wraps: Wrap[]): PhrasingContent[] {
  const length = nodes.reduce((n, c) => n + inlineText(c).length, 0)
  const cuts: number[] = []
  const parts: (Wrap | undefined)[] = []
  let at = 0
  for (const w of [...wraps].sort((a, b) => a.start - b.start)) {
    const s = Math.max(0, w.start - base)
    const e = Math.min(length, w.end - base)
    if (e <= s || s < at) continue
    cuts.push(s, e)
    parts.push(undefined, w)
    at = e
  }
  const pieces = cutList(nodes, cuts)
  const out: PhrasingContent[] = []
  pieces.forEach((piece, i) => {
    const w = parts[i]
    if (w) out.push(w.make(piece))
    else out.push(...piece.filter((n) => !(n.type === 'text' && n.value === '')))
  })
  return out
}
