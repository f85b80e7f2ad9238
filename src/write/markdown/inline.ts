/**
 * The model's phrasing as output phrasing, for the text tree and for bodies alike:
 *
 * - a sentence is a span with its id and number, `[…]{#s-… .s n="3"}`;
 * - a glossary term, in the text or in a body, is a span holding a link to its entry in the
 *   glossary section, `[[…](#gloss)]{#gloss-2 .term gloss="gloss"}`; in the text the span has the
 *   occurrence's id, which the entry links back to (a span, not the link: Word and LaTeX make
 *   bookmarks of a span's id and drop a link's);
 * - a note's passage starts at an empty span, `[]{#note-1 .ns note="note"}`, which the note links
 *   to, and ends at its footnote call, `[^note]`;
 * - a reading (an editor's substitution) and a gap (omitted witness lines) are spans naming their
 *   intervention;
 * - a citation stays a `cite` node, which the dialect writes in Pandoc's syntax.
 *
 * Anything else an editor could write (raw HTML, images, references to definitions) is reduced
 * to its words, and a link keeps only an address a reader may follow.
 */
import type {PhrasingContent, RootContent} from 'mdast'
import type {NoteAnchorNode, TermNode} from '../../model/nodes.js'
import {safeUrl} from '../../model/urls.js'
import {link, span, text} from './tree.js'

export interface PhrasingOptions {
  /** Notes with a footnote: called where their first passage ends. */
  footnotes: Set<string>
}

/** An address a reader may follow, with what Markdown or Pandoc would misread percent-encoded. */
export function href(url: string): string | undefined {
  return safeUrl(url)?.replace(/[\0-\x20"'<>\\^`{|}()\x7f]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)
}

export function phrasing(nodes: RootContent[], options: PhrasingOptions, inLink = false): PhrasingContent[] {
  return nodes.flatMap((node): PhrasingContent[] => {
    switch (node.type) {
      case 'text':
        return [text(node.value)]
      case 'sentence':
        return [span({id: node.data.id, classes: ['s'], pairs: [['n', String(node.data.n)]]}, ...phrasing(node.children, options, inLink))]
      case 'term':
        return term(node, options, inLink)
      case 'noteAnchor':
        return [anchor(node, options)]
      case 'reading':
        return [span({classes: ['reading'], pairs: [['intervention', node.data.intervention]]}, ...phrasing(node.children, options, inLink))]
      case 'gap':
        return [span({classes: ['gap'], pairs: [['intervention', node.data.intervention]]})]
      case 'cite':
        return [node]
      case 'emphasis':
      case 'strong':
        return [{type: node.type, children: phrasing(node.children, options, inLink)}]
      case 'inlineCode':
        return [{type: 'inlineCode', value: node.value}]
      case 'break':
        return [{type: 'break'}]
      case 'link': {
        const url = href(node.url)
        const children = phrasing(node.children, options, true)
        // Links do not nest: inside one, a term is its words.
        return url && !inLink ? [link(url, children)] : children
      }
      case 'delete':
      case 'linkReference':
        return phrasing(node.children, options, inLink)
      case 'image':
      case 'imageReference':
        return node.alt ? [text(node.alt)] : []
      default:
        return []
    }
  })
}

/** Where a note's passage starts (an empty span the note links to) or ends (the footnote call). */
function anchor(node: NoteAnchorNode, options: PhrasingOptions): PhrasingContent {
  const {note, k, side} = node.data
  if (side === 'start') return span({id: `${note}-${k}`, classes: ['ns'], pairs: [['note', note]]})
  // Pandoc cannot call one footnote twice: a later passage's end is a span; the note lists every passage.
  if (k === 1 && options.footnotes.has(note)) return {type: 'footnoteReference', identifier: note, label: note}
  return span({classes: ['ne'], pairs: [['note', note], ['k', String(k)]]})
}

/**
 * A term: its span, and the link to its entry. A note's start or end that falls inside the term
 * is moved out (a start before, an end after): a footnote call in a link's words would be a link
 * inside a link.
 */
function term(node: TermNode, options: PhrasingOptions, inLink: boolean): PhrasingContent[] {
  const isAnchor = (n: PhrasingContent): n is NoteAnchorNode => n.type === 'noteAnchor'
  const inside = node.children.filter((n) => !isAnchor(n))
  const before = node.children.filter((n): n is NoteAnchorNode => isAnchor(n) && n.data.side === 'start')
  const after = node.children.filter((n): n is NoteAnchorNode => isAnchor(n) && n.data.side === 'end')
  const words = phrasing(inside, options, true)
  const {gloss, occurrence} = node.data
  const marked = span({...(occurrence ? {id: `${gloss}-${occurrence}`} : {}), classes: ['term'], pairs: [['gloss', gloss]]}, ...(inLink ? words : [link(`#${gloss}`, words)]))
  return [...before.map((a) => anchor(a, options)), marked, ...after.map((a) => anchor(a, options))]
}
