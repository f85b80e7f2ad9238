/**
 * Putting things at plain-text offsets of the text tree: a note's anchors, a footnote call.
 * Offsets are those of `Edition.text` (paragraphs joined by a blank line, as remark-sentences
 * counts them), so a writer can place what the model locates by `start`/`end` without
 * re-segmenting anything.
 */
import type {Paragraph, PhrasingContent, Root} from 'mdast'
import {visit, SKIP} from 'unist-util-visit'
import {inlineText} from '../pipeline/inline.js'
import {PARAGRAPH_SEPARATOR} from '../pipeline/remark-sentences.js'

/**
 * `left` binds to the text before the offset (the end of a span: a note's end, a footnote call),
 * `right` to the text after it (the start of a span).
 */
export interface Marker<T> {
  offset: number
  bind: 'left' | 'right'
  value: T
}

/** What a writer meets in the tree where a marker stands. */
export interface MarkerNode<T> {
  type: 'marker'
  value: T
}

/** A node of the marked tree's phrasing content. */
export type MarkedContent<T> = PhrasingContent | MarkerNode<T>

/** A copy of `tree` with a `marker` node at each marker's offset (the tree itself is untouched). */
export function withMarkers<T>(tree: Root, markers: Marker<T>[]): Root {
  const copy = structuredClone(tree)
  let pending = markers.map((m, order) => ({...m, order}))
  let offset = 0
  let first = true
  const paragraphs: {node: Paragraph; start: number}[] = []
  visit(copy, 'paragraph', (node) => {
    if (!first) offset += PARAGRAPH_SEPARATOR.length
    first = false
    const length = node.children.map(inlineText).join('').length
    paragraphs.push({node, start: offset})
    offset += length
    return SKIP
  })
  paragraphs.forEach(({node, start}, i) => {
    const next = paragraphs[i + 1]?.start ?? Infinity
    const mine = pending.filter((m) => (i === 0 || m.offset >= start) && m.offset < next)
    if (!mine.length) return
    pending = pending.filter((m) => !mine.includes(m))
    const placed = new Set<Marker<T>>()
    const children = insert(node.children, start, mine, placed)
    const rest = mine.filter((m) => !placed.has(m)).sort((a, b) => byPlace(a, b) || a.order - b.order)
    const before = rest.filter((m) => m.offset <= start && m.bind === 'right').map(markerNode)
    const after = rest.filter((m) => !(m.offset <= start && m.bind === 'right')).map(markerNode)
    node.children = [...before, ...children, ...after] as PhrasingContent[]
  })
  return copy
}

function markerNode<T>(m: Marker<T>): PhrasingContent {
  return {type: 'marker', value: m.value} as unknown as PhrasingContent
}

/** In offset order; at one offset, ends before starts. */
function byPlace<T>(a: Marker<T>, b: Marker<T>): number {
  return a.offset - b.offset || (a.bind === b.bind ? 0 : a.bind === 'left' ? -1 : 1)
}

function takes<T>(m: Marker<T>, from: number, to: number): boolean {
  return m.bind === 'right' ? m.offset >= from && m.offset < to : m.offset > from && m.offset <= to
}

function insert<T>(nodes: PhrasingContent[], base: number, markers: Marker<T>[], placed: Set<Marker<T>>): PhrasingContent[] {
  const out: PhrasingContent[] = []
  let pos = base
  for (const node of nodes) {
    const length = inlineText(node).length
    const here = length ? markers.filter((m) => !placed.has(m) && takes(m, pos, pos + length)) : []
    if (!here.length) {
      out.push(node)
    } else if (node.type === 'text') {
      let at = 0
      for (const m of [...here].sort(byPlace)) {
        const cut = m.offset - pos
        if (cut > at) out.push({...node, value: node.value.slice(at, cut)})
        at = Math.max(at, cut)
        out.push(markerNode(m))
        placed.add(m)
      }
      if (at < length) out.push({...node, value: node.value.slice(at)})
    } else if ('children' in node) {
      out.push({...node, children: insert(node.children as PhrasingContent[], pos, here, placed)} as PhrasingContent)
    } else {
      // Atomic content (code, images, breaks): starts go before it, ends after it.
      out.push(...here.filter((m) => m.bind === 'right').map(markerNode), node, ...here.filter((m) => m.bind === 'left').map(markerNode))
      here.forEach((m) => placed.add(m))
    }
    pos += length
  }
  return out
}
