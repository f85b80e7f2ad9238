/**
 * Plain text of inline (phrasing) mdast content, and splitting that content at plain-text
 * offsets, so a sentence boundary inside `*emphasis*` or a link splits the emphasis, not the text.
 */
import type {PhrasingContent} from 'mdast'

type Inline = PhrasingContent

/** The text a reader sees for one inline node. */
export function inlineText(node: Inline): string {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
      return node.value
    case 'break':
      return '\n'
    case 'image':
      return node.alt ?? ''
    case 'cite':
      // A citation is the editor's, not the text's: it has no plain text of its own here.
      return ''
    default:
      return 'children' in node ? node.children.map((c) => inlineText(c as Inline)).join('') : ''
  }
}

/** Source offset (in the Markdown file) of plain-text offsets, where they can be known. */
export interface SourceRun {
  plain: number
  source: number
  length: number
}

/** Runs of plain text whose source characters are the same characters (no escapes or entities). */
export function sourceRuns(nodes: Inline[], source: string, base = 0): SourceRun[] {
  const runs: SourceRun[] = []
  let plain = base
  const walk = (list: Inline[]) => {
    for (const node of list) {
      if (node.type === 'text') {
        const s = node.position?.start.offset
        const e = node.position?.end.offset
        if (s !== undefined && e !== undefined && source.slice(s, e) === node.value) {
          runs.push({plain, source: s, length: node.value.length})
        }
        plain += node.value.length
      } else if ('children' in node) walk(node.children as Inline[])
      else plain += inlineText(node).length
    }
  }
  walk(nodes)
  return runs
}

/** Source offset of plain offset `p` (the nearest known run edge when it falls outside runs). */
export function toSource(runs: SourceRun[], p: number): number | undefined {
  let best: number | undefined
  for (const r of runs) {
    if (p >= r.plain && p <= r.plain + r.length) return r.source + p - r.plain
    if (r.plain > p) return best ?? r.source
    best = r.source + r.length
  }
  return best
}

/** Split one node at plain offset `at` (0 < at < its length). */
function splitNode(node: Inline, at: number): [Inline, Inline] {
  if (node.type === 'text' || node.type === 'inlineCode') {
    const {position, ...rest} = node
    const left = {...rest, value: node.value.slice(0, at)} as Inline
    const right = {...rest, value: node.value.slice(at)} as Inline
    if (position?.start.offset !== undefined && node.type === 'text' && position.end.offset! - position.start.offset === node.value.length) {
      const mid = {line: position.start.line, column: position.start.column + at, offset: position.start.offset + at}
      if (!node.value.slice(0, at).includes('\n')) {
        left.position = {start: position.start, end: mid}
        right.position = {start: mid, end: position.end}
      }
    }
    return [left, right]
  }
  if ('children' in node) {
    const [a, b] = splitList(node.children as Inline[], at)
    const {position: _position, ...rest} = node
    return [{...rest, children: a} as Inline, {...rest, children: b} as Inline]
  }
  // Atomic nodes (images, breaks) cannot be split: they go left.
  return [node, {type: 'text', value: ''}]
}

/** Split a list of nodes at plain offset `at`. */
export function splitList(nodes: Inline[], at: number): [Inline[], Inline[]] {
  const left: Inline[] = []
  const right: Inline[] = []
  let pos = 0
  for (const node of nodes) {
    const len = inlineText(node).length
    if (pos + len <= at) left.push(node)
    else if (pos >= at) right.push(node)
    else {
      const [a, b] = splitNode(node, at - pos)
      left.push(a)
      right.push(b)
    }
    pos += len
  }
  return [left, right]
}

/** Cut `nodes` at each of `cuts` (ascending plain offsets): cuts.length + 1 lists. */
export function cutList(nodes: Inline[], cuts: number[]): Inline[][] {
  const parts: Inline[][] = []
  let rest = nodes
  let done = 0
  for (const cut of cuts) {
    const [a, b] = splitList(rest, cut - done)
    parts.push(a)
    rest = b
    done = cut
  }
  parts.push(rest)
  return parts
}
