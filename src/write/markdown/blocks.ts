/**
 * The model's blocks (a body, the introduction, the text) as output blocks. A note's own
 * headings become bold paragraphs (a footnote or a glossary entry has no headings); the
 * introduction's are shifted under the export's own and given ids (`introduction-<words>-h`),
 * since Pandoc would otherwise make ids from their words that could take an annotation's.
 */
import type {BlockContent, ListItem, PhrasingContent, RootContent} from 'mdast'
import {toString} from 'mdast-util-to-string'
import {phrasing, type PhrasingOptions} from './inline.js'
import {heading, paragraph, strong} from './tree.js'

export interface FlowOptions extends PhrasingOptions {
  /** `strong`: headings as bold paragraphs; else the level the highest heading takes, and how ids are made. */
  headings: 'strong' | {top: number; id: (words: string) => string}
}

export function flow(nodes: RootContent[], options: FlowOptions): BlockContent[] {
  const depths = nodes.flatMap((n) => (n.type === 'heading' ? [n.depth] : []))
  const shift = options.headings === 'strong' ? 0 : options.headings.top - Math.min(...depths, 6)
  const blocks = (list: RootContent[]): BlockContent[] =>
    list.flatMap((node): BlockContent[] => {
      switch (node.type) {
        case 'paragraph':
          return [{type: 'paragraph', children: phrasing(node.children, options)}]
        case 'heading': {
          const words = oneLine(phrasing(node.children, options))
          if (options.headings === 'strong') return [paragraph(strong(...words))]
          return [heading(node.depth + shift, words, options.headings.id(toString(node)))]
        }
        case 'list':
          return [
            {
              type: 'list',
              ordered: node.ordered ?? false,
              ...(node.ordered && node.start != null ? {start: node.start} : {}),
              spread: node.spread ?? false,
              children: node.children.map((item): ListItem => ({type: 'listItem', spread: item.spread ?? false, children: blocks(item.children)}))
            }
          ]
        case 'blockquote':
          return [{type: 'blockquote', children: blocks(node.children)}]
        case 'code':
          return [{type: 'code', value: node.value, lang: node.lang ?? null}]
        case 'thematicBreak':
          return [{type: 'thematicBreak'}]
        default:
          // Raw HTML, definitions and anything unknown: dropped.
          return []
      }
    })
  return blocks(nodes)
}

/** A heading's words on one line (a line break would turn it into a setext heading, which takes no attributes). */
function oneLine(nodes: PhrasingContent[]): PhrasingContent[] {
  return nodes.flatMap((n): PhrasingContent[] => {
    if (n.type === 'break') return [{type: 'text', value: ' '}]
    if (n.type === 'text') return [{type: 'text', value: n.value.replace(/\s*\n\s*/g, ' ')}]
    return 'children' in n ? [{...n, children: oneLine(n.children as PhrasingContent[])} as PhrasingContent] : [n]
  })
}

/** Ids for headings, `<prefix>-<words>-h`, unique within one slugger. */
export function slugger(prefix: string): (words: string) => string {
  const seen = new Map<string, number>()
  return (words) => {
    const slug = words.toLowerCase().match(/[\p{L}\p{N}]+/gu)?.join('-') ?? 'section'
    const n = (seen.get(slug) ?? 0) + 1
    seen.set(slug, n)
    // `_` is in no slug, so a repeat cannot take another heading's id.
    return `${prefix}-${slug}${n > 1 ? `_${n}` : ''}-h`
  }
}
