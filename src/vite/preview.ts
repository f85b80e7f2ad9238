/**
 * The live preview of a note or glossary entry being written: its Markdown through the pipeline
 * every body goes through (`parseBody`: raw HTML dropped, unsafe addresses unlinked, Pandoc
 * citations and glossary terms found), its citations formatted in the edition's style by
 * citeproc, and its tree made HTML by the reading view's own `body()`, which sanitises it with the
 * pipeline's schema. The editor's text is untrusted: the browser inserts only this sanitised HTML.
 */
import {join} from 'node:path'
import {VFile} from 'vfile'
import {toHtml} from 'hast-util-to-html'
import type {Element, ElementContent} from 'hast'
import type {Edition} from '../model/edition.js'
import {parseBody} from '../pipeline/body.js'
import {TermMatcher} from '../anchor/terms.js'
import {resolveStyle} from '../cite/citeproc.js'
import {citeAll} from '../cite/index.js'
import {body, demoted} from '../write/view/clean.js'

export interface Previewed {
  html: string
  /** What the loader would say about this text (an unknown citation key), by line and column of the text. */
  messages: {line?: number; column?: number; reason: string; fatal: boolean}[]
}

/** Links in a preview go nowhere (the preview sits in a form): each becomes its words, a term a marked span. */
function inert(nodes: ElementContent[]): ElementContent[] {
  return nodes.map((n): ElementContent => {
    if (n.type !== 'element') return n
    const children = inert(n.children)
    if (n.tagName !== 'a') return {...n, children}
    const term = n.properties.dataGloss !== undefined
    return {type: 'element', tagName: 'span', properties: term ? {className: ['term']} : {className: ['link']}, children} satisfies Element
  })
}

export async function preview(root: string, edition: Edition, input: {markdown: string; self?: string}): Promise<Previewed> {
  const file = new VFile({path: 'preview', value: input.markdown})
  const keys = new Set(edition.references.map((r) => r.id))
  const forms = edition.annotations.flatMap((a) => (a.type === 'gloss' ? (a.forms ?? []).map((form) => ({gloss: a.id, form, case: a.case ?? 'exact'})) : []))
  const {tree} = parseBody(input.markdown, file, 0, {keys, terms: {matcher: new TermMatcher(forms), ...(input.self ? {self: input.self} : {})}})
  const style = resolveStyle(edition.meta.style ?? 'chicago-author-date', join(root, 'edition'))
  await citeAll([{trees: [tree], further: []}], edition.references, style, edition.meta.language)
  const html = toHtml({type: 'root', children: inert(demoted(body(tree)))})
  return {html, messages: file.messages.map((m) => ({...(m.line ? {line: m.line, column: m.column ?? 1} : {}), reason: m.reason, fatal: m.fatal === true}))}
}
