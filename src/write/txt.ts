/**
 * Plain-text writer (`edition.txt`), for e-mail and quoting: the text with numbered calls
 * `[n]`, then the notes and glossary entries under those numbers, the bibliography, the
 * editorial interventions, how to cite the edition and its source. Paragraphs are single lines
 * (no hard wrapping), so a quotation copied from the text is exact.
 *
 * Security: nothing is interpreted. Note bodies come from the pipeline's sanitised HTML, so raw
 * HTML in an editor's Markdown is already gone; only http(s)/mailto link addresses are shown.
 */
import type {RootContent} from 'mdast'
import {fromHtml} from 'hast-util-from-html'
import type {ElementContent} from 'hast'
import type {Annotation, Edition} from '../model/edition.js'
import type {SentenceNode, TermNode} from '../pipeline/nodes.js'
import {editionCitation, fullTitle, interventionText, joinNames, safeUrl, sourceStatement} from './citation.js'
import {withMarkers, type MarkerNode} from './markers.js'

type Node = RootContent | MarkerNode<number>

const STATUS: Record<string, string> = {unverified: 'Unverified: not yet checked against a source.', disputed: 'Disputed: the sources disagree.'}

/** Where each annotation is called, in text order: a note where its passage ends, a gloss at its first occurrence. */
export function callOrder(edition: Edition): Annotation[] {
  return edition.annotations
    .filter((a) => a.targets.length)
    .map((a, i) => ({a, i, at: a.targets[0]!.end}))
    .sort((x, y) => x.at - y.at || x.i - y.i)
    .map(({a}) => a)
}

function inline(nodes: Node[]): string {
  return nodes
    .map((node): string => {
      switch (node.type) {
        case 'text':
        case 'inlineCode':
          return node.value
        case 'marker':
          return `[${(node as MarkerNode<number>).value}]`
        case 'break':
          return '\n'
        case 'image':
        case 'imageReference':
          return node.alt ?? ''
        case 'sentence':
        case 'term':
          return inline((node as SentenceNode | TermNode).children)
        default:
          return 'children' in node ? inline(node.children as Node[]) : ''
      }
    })
    .join('')
}

function blocks(nodes: Node[]): string[] {
  return nodes.flatMap((node): string[] => {
    switch (node.type) {
      case 'paragraph':
        return [inline(node.children)]
      case 'heading':
        return [inline(node.children).toUpperCase()]
      case 'list':
        return [node.children.map((item, i) => `${node.ordered ? `${(node.start ?? 1) + i}.` : '-'} ${blocks(item.children).join('\n\n').replace(/\n/g, '\n  ')}`).join('\n')]
      case 'blockquote':
        return [blocks(node.children).join('\n\n').replace(/^/gm, '> ')]
      case 'code':
        return [node.value.replace(/^/gm, '    ')]
      default:
        return []
    }
  })
}

/** A sanitised HTML body as plain text: blocks apart by a blank line, links with their address. */
export function htmlToText(html: string): string {
  const walk = (nodes: ElementContent[]): string =>
    nodes
      .map((n): string => {
        if (n.type === 'text') return n.value
        if (n.type !== 'element') return ''
        const inner = walk(n.children)
        switch (n.tagName) {
          case 'p':
          case 'h1':
          case 'h2':
          case 'h3':
          case 'h4':
          case 'h5':
          case 'h6':
          case 'table':
            return `\n\n${inner.trim()}\n\n`
          case 'pre':
            return `\n\n${inner.replace(/\n$/, '').replace(/^/gm, '    ')}\n\n`
          case 'blockquote':
            return `\n\n${inner.trim().replace(/^/gm, '> ')}\n\n`
          case 'ul':
          case 'ol':
            return `\n\n${walk(n.children.filter((c) => c.type === 'element')).trim()}\n\n`
          case 'li':
            return `- ${inner.trim().replace(/\n+/g, ' ')}\n`
          case 'tr':
            return `${inner.trim()}\n`
          case 'td':
          case 'th':
            return `${inner.trim()}\t`
          case 'br':
            return '\n'
          case 'img':
            return String(n.properties.alt ?? '')
          case 'a': {
            const url = safeUrl(String(n.properties.href ?? ''))
            return url && !url.startsWith('#') && url !== inner ? `${inner} <${url}>` : inner
          }
          default:
            return inner
        }
      })
      .join('')
  return walk(fromHtml(html, {fragment: true}).children as ElementContent[])
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

function entry(a: Annotation, n: number): string {
  let head: string
  if (a.type === 'gloss') {
    head = `${a.term ?? a.id}`
    if (a.label) head += ` — ${a.label}.`
    if (a.original) head += ` ${a.original.text}${a.original.transliteration ? ` (${a.original.transliteration})` : ''}.`
    const links = (a.sameAs ?? []).map(safeUrl).filter(Boolean)
    if (links.length) head += ` See ${links.join(', ')}.`
  } else {
    head = `On “${a.targets[0]?.selector.exact ?? ''}”:`
  }
  const parts = [head, htmlToText(a.body.html), ...(STATUS[a.status] ? [STATUS[a.status]!] : [])]
  const label = `[${n}] `
  return label + parts.join('\n\n').replace(/\n(?!\n)/g, `\n${' '.repeat(label.length)}`)
}

function heading(s: string): string {
  return `${s}\n${'='.repeat(s.length)}`
}

export function toText(edition: Edition): string {
  const meta = edition.edition
  const order = callOrder(edition)
  const number = new Map(order.map((a, i) => [a.id, i + 1]))
  const marked = withMarkers(
    edition.tree,
    order.map((a) => ({offset: a.targets[0]!.end, bind: 'left' as const, value: number.get(a.id)!}))
  )
  const sections = [
    fullTitle(meta),
    `Edition ${meta.version}, ${meta.date}. Edited by ${joinNames(meta.editors.map((e) => e.name))}.`,
    `How to cite this edition: ${editionCitation(edition).text}`,
    sourceStatement(edition),
    heading('TEXT'),
    ...blocks(marked.children),
    ...(order.length ? [heading('NOTES AND GLOSSARY'), ...order.map((a, i) => entry(a, i + 1))] : []),
    ...(edition.bibliography.length ? [heading('BIBLIOGRAPHY'), ...edition.bibliography.map((b) => b.text)] : []),
    ...(meta.interventions.length ? [heading('EDITORIAL INTERVENTIONS'), meta.interventions.map((i, k) => `${k + 1}. ${interventionText(i)}`).join('\n')] : []),
    heading('LICENCE'),
    `${meta.licence.text} The edition's own contributions: ${meta.licence.notes}. Software: ${meta.licence.code}.`
  ]
  return sections.join('\n\n') + '\n'
}
