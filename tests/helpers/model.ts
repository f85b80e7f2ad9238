/** What tests ask of the model: an annotation's citations and plain text, a body as HTML. */
import {toHtml} from 'hast-util-to-html'
import type {Root} from 'mdast'
import type {Annotation, Citation} from '../../src/model/edition.js'
import {citeNodes} from '../../src/cite/index.js'
import {bodyToHast} from '../../src/write/hast.js'
import {bodyText} from '../../src/write/plain.js'

/** Every work an annotation cites: its evidence, then its further reading. */
export const citations = (a: Annotation): Citation[] => [...citeNodes(a.body), ...a.further].flatMap((c) => c.items)

/** The annotation's body as plain text. */
export const textOf = (a: Annotation): string => bodyText(a.body)

/** A body tree as HTML. */
export const htmlOf = (tree: Root): string => toHtml(bodyToHast(tree))
