/**
 * remark plugin: link every occurrence of a glossary form inside a sentence to its entry,
 * as a `term` node (the view makes it a link to the entry, TEI a `<term ref>`).
 * Records the occurrences, with their offsets in the edition's plain text, on `file.data.terms`.
 */
import type {PhrasingContent, Root} from 'mdast'
import type {VFile} from 'vfile'
import {visit, SKIP} from 'unist-util-visit'
import {TermMatcher, type GlossaryForm} from '../anchor/terms.js'
import {cutList, inlineText} from './inline.js'
import type {SentenceNode, TermNode} from '../model/nodes.js'

export type {GlossaryForm} from '../anchor/terms.js'

export interface TermOccurrence {
  gloss: string
  form: string
  sentence: string
  start: number
  end: number
  /** 1-based count of this entry's occurrences, in text order; also the element id `<gloss>-<occurrence>`. */
  occurrence: number
}

declare module 'vfile' {
  interface DataMap {
    terms: TermOccurrence[]
  }
}

/** Plain-text ranges of nodes a term must not reach into (links cannot nest, code is literal). */
function blockedRanges(nodes: PhrasingContent[]): {start: number; end: number}[] {
  const ranges: {start: number; end: number}[] = []
  let pos = 0
  const walk = (list: PhrasingContent[]) => {
    for (const node of list) {
      const len = inlineText(node).length
      if (node.type === 'link' || node.type === 'linkReference' || node.type === 'inlineCode') ranges.push({start: pos, end: pos + len})
      else if ('children' in node) {
        walk(node.children as PhrasingContent[])
        continue
      }
      pos += len
    }
  }
  walk(nodes)
  return ranges
}

export default function remarkTerms(options: {glossary: GlossaryForm[]}) {
  const matcher = new TermMatcher(options.glossary)
  return function transform(tree: Root, file: VFile): void {
    const starts = new Map((file.data.sentences ?? []).map((s) => [s.id, s.start]))
    const counts = new Map<string, number>()
    const terms: TermOccurrence[] = []
    visit(tree, 'sentence', (node: SentenceNode) => {
      const text = node.children.map(inlineText).join('')
      const matches = matcher.match(text, blockedRanges(node.children))
      if (!matches.length) return SKIP
      const parts = cutList(node.children, matches.flatMap((m) => [m.start, m.end]))
      const children: PhrasingContent[] = []
      parts.forEach((part, i) => {
        if (i % 2 === 0) return children.push(...part.filter((n) => !(n.type === 'text' && n.value === '')))
        const m = matches[(i - 1) / 2]!
        const occurrence = (counts.get(m.gloss) ?? 0) + 1
        counts.set(m.gloss, occurrence)
        const base = starts.get(node.data.id) ?? 0
        terms.push({gloss: m.gloss, form: m.form, sentence: node.data.id, start: base + m.start, end: base + m.end, occurrence})
        const term: TermNode = {
          type: 'term',
          children: part,
          data: {gloss: m.gloss, occurrence}
        }
        children.push(term)
      })
      node.children = children
      return SKIP
    })
    file.data.terms = terms
  }
}
