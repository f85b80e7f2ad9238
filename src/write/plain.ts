/**
 * A body (or the introduction) as plain text: blocks apart by a blank line, citations as citeproc
 * wrote them, glossary terms as their words. For the plain-text export, and for the text forms
 * of the JSON and Web Annotation exports.
 */
import type {Nodes, Root} from 'mdast'
import {safeUrl} from '../model/urls.js'

export interface PlainOptions {
  /** Follow a link's words with its address, `<https://…>` (the plain-text export does). */
  links?: boolean
  /**
   * Join the lines of a paragraph (the line breaks of the editor's source) into one, as a
   * reader sees them, so a quotation copied from the plain text is exact. Hard breaks stay.
   */
  joinLines?: boolean
}

export function bodyText(tree: Root, options: PlainOptions = {}): string {
  return blocks(tree.children as Nodes[], options).join('\n\n').trim()
}

function blocks(nodes: Nodes[], options: PlainOptions): string[] {
  return nodes.flatMap((node): string[] => {
    switch (node.type) {
      case 'paragraph':
      case 'heading':
        return [inline(node.children as Nodes[], options)]
      case 'list':
        return [node.children.map((item, i) => `${node.ordered ? `${(node.start ?? 1) + i}.` : '-'} ${blocks(item.children as Nodes[], options).join('\n\n').replace(/\n/g, '\n  ')}`).join('\n')]
      case 'blockquote':
        return [blocks(node.children as Nodes[], options).join('\n\n').replace(/^/gm, '> ')]
      case 'code':
        return [node.value.replace(/^/gm, '    ')]
      default:
        return []
    }
  })
}

export function inline(nodes: Nodes[], options: PlainOptions = {}): string {
  return nodes
    .map((node): string => {
      switch (node.type) {
        case 'text':
        case 'inlineCode':
          return options.joinLines ? node.value.replace(/[ \t]*\n[ \t]*/g, ' ') : node.value
        case 'break':
          return '\n'
        case 'cite':
          return node.rendered?.text ?? node.value
        case 'link': {
          const words = inline(node.children as Nodes[], options)
          const url = safeUrl(node.url)
          return options.links && url && !url.startsWith('#') && url !== words ? `${words} <${url}>` : words
        }
        default:
          return 'children' in node ? inline(node.children as Nodes[], options) : ''
      }
    })
    .join('')
}
