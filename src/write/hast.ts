/**
 * The edition's mdast as hast, for the writers that make HTML (the reading view, the HTML body of
 * a Web Annotation). mdast-util-to-hast does the work; these handlers say what the edition's own
 * nodes become. Trees are safe already (`pipeline/body.ts`), and raw HTML never reaches here.
 */
import {toHast, type Handler, type State} from 'mdast-util-to-hast'
import type {Element, ElementContent} from 'hast'
import type {Nodes, Root} from 'mdast'
import type {CiteNode, TermNode} from '../model/nodes.js'

export type Handlers = Record<string, Handler>

/** A citation: citeproc's output, in a span that names the works it cites. */
export const citeHandler: Handler = (_state: State, node: CiteNode): Element => ({
  type: 'element',
  tagName: 'span',
  properties: {className: ['citation'], dataCites: node.items.map((c) => c.key).join(' ')},
  // Shared hast from the cite stage: copied, so that no writer can change it for another.
  children: node.rendered ? structuredClone(node.rendered.content) : [{type: 'text', value: node.value}]
})

/** A glossary term in a body: a link to its entry. */
export const bodyTermHandler: Handler = (state: State, node: TermNode): Element => ({
  type: 'element',
  tagName: 'a',
  properties: {href: `#${node.data.gloss}`, className: ['term'], dataGloss: node.data.gloss},
  children: state.all(node as never)
})

/** A body (or the introduction) as hast children. */
export function bodyToHast(tree: Root, handlers: Handlers = {}): ElementContent[] {
  const root = toHast(tree as Nodes, {handlers: {cite: citeHandler, term: bodyTermHandler, ...handlers}})
  return root.type === 'root' ? (root.children as ElementContent[]) : [root as ElementContent]
}

/** The text tree as hast, with the writer's handlers for sentences, terms and milestones. */
export function textToHast(tree: Root, handlers: Handlers): ElementContent[] {
  return bodyToHast(tree, handlers)
}
