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
import type {Annotation, Edition} from '../model/edition.js'
import {editionCitation, fullTitle, interventionText, joinNames, sourceStatement, STATUS, statusSentence} from '../model/words.js'
import {safeUrl} from '../model/urls.js'
import {bodyText, inline as plainInline} from './plain.js'

type Node = RootContent

/** Where each annotation is called, in text order (the model's reading order): a note where its passage ends, a gloss at its first occurrence. */
export function callOrder(edition: Edition): Annotation[] {
  return edition.annotations.filter((a) => a.targets.length)
}

/** The text, with `[n]` where note or glossary entry n is called. */
function inline(nodes: Node[], number: Map<string, number>): string {
  return nodes
    .map((node): string => {
      switch (node.type) {
        case 'noteAnchor':
          return node.data.side === 'end' && node.data.k === 1 && number.has(node.data.note) ? `[${number.get(node.data.note)}]` : ''
        case 'term': {
          const call = node.data.occurrence === 1 && number.has(node.data.gloss) ? `[${number.get(node.data.gloss)}]` : ''
          return inline(node.children, number) + call
        }
        case 'sentence':
        case 'reading':
        case 'emphasis':
        case 'strong':
        case 'delete':
        case 'link':
          return inline(node.children, number)
        default:
          return plainInline([node])
      }
    })
    .join('')
}

function blocks(nodes: Node[], number: Map<string, number>): string[] {
  return nodes.flatMap((node): string[] => {
    switch (node.type) {
      case 'paragraph':
        return [inline(node.children, number)]
      case 'heading':
        return [inline(node.children, number).toUpperCase()]
      case 'list':
        return [node.children.map((item, i) => `${node.ordered ? `${(node.start ?? 1) + i}.` : '-'} ${blocks(item.children, number).join('\n\n').replace(/\n/g, '\n  ')}`).join('\n')]
      case 'blockquote':
        return [blocks(node.children, number).join('\n\n').replace(/^/gm, '> ')]
      case 'code':
        return [node.value.replace(/^/gm, '    ')]
      default:
        return []
    }
  })
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
  const further = a.further.map((f) => f.rendered?.text ?? f.value)
  const parts = [head, bodyText(a.body, {links: true}), ...(further.length ? [`Further reading: ${further.join('; ')}`] : []), ...(a.status !== 'verified' ? [statusSentence(a.status)] : [])]
  const label = `[${n}] `
  return label + parts.join('\n\n').replace(/\n(?!\n)/g, `\n${' '.repeat(label.length)}`)
}

function heading(s: string): string {
  return `${s}\n${'='.repeat(s.length)}`
}

export function toText(edition: Edition): string {
  const meta = edition.meta
  const order = callOrder(edition)
  const number = new Map(order.map((a, i) => [a.id, i + 1]))
  const sections = [
    fullTitle(meta),
    `Edition ${meta.version}, ${meta.date}. Edited by ${joinNames(meta.editors.map((e) => e.name))}.`,
    `How to cite this edition: ${editionCitation(edition).text}`,
    `Source: ${sourceStatement(meta)}`,
    ...(edition.introduction ? [heading('INTRODUCTION'), bodyText(edition.introduction, {links: true})] : []),
    heading('TEXT'),
    ...blocks(edition.tree.children, number),
    ...(order.length ? [heading('NOTES AND GLOSSARY'), ...order.map((a, i) => entry(a, i + 1))] : []),
    ...(edition.bibliography.length ? [heading('BIBLIOGRAPHY'), ...edition.bibliography.map((b) => b.text)] : []),
    heading('STATUSES'),
    Object.keys(STATUS).map((s) => statusSentence(s as Annotation['status'])).join('\n'),
    ...(meta.interventions.length ? [heading('EDITORIAL INTERVENTIONS'), meta.interventions.map((i, k) => `${k + 1}. ${interventionText(i)}`).join('\n')] : []),
    heading('LICENCE'),
    `${meta.licence.text} The edition's own contributions: ${meta.licence.notes}. Software: ${meta.licence.code}.`
  ]
  return sections.join('\n\n') + '\n'
}
