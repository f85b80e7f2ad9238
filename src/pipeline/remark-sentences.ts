/**
 * remark plugin: segment every paragraph into sentences and wrap each in a `sentence` node
 * with a stable id and ordinal. Records the sentences, the edition's plain text and each
 * sentence's place in the Markdown source on `file.data`.
 */
import type {Paragraph, PhrasingContent, Root} from 'mdast'
import type {VFile} from 'vfile'
import {visit, SKIP} from 'unist-util-visit'
import {segmentParagraph} from '../text/segment.js'
import {sentenceIds} from '../text/id.js'
import {cutList, inlineText, sourceRuns, toSource} from './inline.js'
import type {SentenceNode} from '../model/nodes.js'
import {PARAGRAPH_SEPARATOR} from '../model/text.js'
import type {Sentence} from '../model/edition.js'

/** A sentence as the pipeline knows it: before it is placed in the witness and annotated. */
export interface SentenceDraft extends Omit<Sentence, 'witness' | 'annotations'> {
  /** Offsets of the sentence in the Markdown source. */
  sourceStart: number
  sourceEnd: number
}

declare module 'vfile' {
  interface DataMap {
    sentences: SentenceDraft[]
    /** The edition's plain text: paragraphs joined by a blank line. */
    plainText: string
  }
}

export interface Options {
  /** Language of the text, for the segmenter. */
  language?: string
}

export default function remarkSentences(options: Options = {}) {
  const language = options.language ?? 'en'
  return function transform(tree: Root, file: VFile): void {
    const source = String(file.value)
    const paragraphs: {node: Paragraph; text: string; start: number}[] = []
    let offset = 0
    visit(tree, 'paragraph', (node) => {
      const text = node.children.map(inlineText).join('')
      if (paragraphs.length) offset += PARAGRAPH_SEPARATOR.length
      paragraphs.push({node, text, start: offset})
      offset += text.length
      return SKIP
    })

    const drafts: (Omit<SentenceDraft, 'id'> & {node: Paragraph})[] = []
    const cuts = new Map<Paragraph, {spans: {start: number; end: number}[]}>()
    paragraphs.forEach(({node, text, start}, index) => {
      const spans = segmentParagraph(text, language)
      cuts.set(node, {spans})
      const runs = sourceRuns(node.children, source)
      const fallback = node.position?.start.offset ?? 0
      for (const span of spans) {
        drafts.push({
          node,
          n: drafts.length + 1,
          text: text.slice(span.start, span.end),
          start: start + span.start,
          end: start + span.end,
          paragraph: index,
          sourceStart: toSource(runs, span.start) ?? fallback,
          sourceEnd: toSource(runs, span.end) ?? fallback
        })
      }
    })

    const ids = sentenceIds(drafts.map((d) => d.text))
    const sentences = drafts.map(({node: _node, ...d}, i) => ({id: ids[i]!, ...d}))

    let k = 0
    for (const {node} of paragraphs) {
      const {spans} = cuts.get(node)!
      const parts = cutList(node.children, spans.flatMap((s) => [s.start, s.end]))
      const children: PhrasingContent[] = []
      parts.forEach((part, i) => {
        if (i % 2 === 0) {
          children.push(...part.filter((n) => inlineText(n).length > 0 || n.type === 'image'))
          return
        }
        const s = sentences[k++]!
        const sentence: SentenceNode = {
          type: 'sentence',
          children: part,
          data: {id: s.id, n: s.n}
        }
        children.push(sentence)
      })
      node.children = children
    }

    file.data.sentences = sentences
    file.data.plainText = paragraphs.map((p) => p.text).join(PARAGRAPH_SEPARATOR)
  }
}
