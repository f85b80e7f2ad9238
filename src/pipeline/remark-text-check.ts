/**
 * remark plugin: the established text must reach readers whole. Markdown can silently change
 * a text (raw HTML is dropped, `1936.` at a line start becomes a list number, `&amp;` becomes
 * `&`, a heading is not a paragraph); each such place is an error on the file, at its line and
 * column, so that no character of the witness is lost or changed without an intervention.
 * Inline markup (emphasis, links, code) is allowed: its text is kept.
 */
import type {Root, Nodes} from 'mdast'
import type {VFile} from 'vfile'
import {visit, SKIP} from 'unist-util-visit'
import {error, toPlace} from '../model/messages.js'

/** Block constructs the text does not hold, with how to keep their characters as text. */
const BLOCKS: Record<string, [what: string, escape: string]> = {
  heading: ['a heading', '`\\#`'],
  list: ['a list item', '`1936\\.` or `\\-`'],
  blockquote: ['a block quote', '`\\>`'],
  code: ['a code block', 'no indentation of four spaces'],
  thematicBreak: ['a horizontal rule', '`\\-\\-\\-`'],
  table: ['a table', '`\\|`'],
  definition: ['a link definition', '`\\[`']
}

export default function remarkTextCheck() {
  return function check(tree: Root, file: VFile): void {
    const source = String(file.value)
    visit(tree, (node: Nodes) => {
      const place = node.position?.start
      const block = BLOCKS[node.type]
      if (block) {
        error(file, `Markdown reads this as ${block[0]}, not as a paragraph of the text, and would drop its marker: write ${block[1]} instead and record the change as an intervention`, place, 'text-markup')
        return undefined
      }
      if (node.type === 'image' || node.type === 'imageReference') {
        error(file, 'Markdown reads this as an image, which is not text: escape `!` as `\\!` and record the change as an intervention', place, 'text-markup')
        return SKIP
      }
      if (node.type === 'html') {
        error(file, `Markdown reads \`${node.value}\` as raw HTML, which the text would lose: escape \`<\` as \`\\<\` and record the change as an intervention`, place, 'text-markup')
        return SKIP
      }
      // Backslash escapes keep their character (that is what they are for); a character
      // reference such as `&amp;` shows readers another character than the one written.
      if (node.type === 'text' && node.position?.start.offset !== undefined && node.position.end.offset !== undefined) {
        const raw = source.slice(node.position.start.offset, node.position.end.offset)
        // `\&amp;` is the escaped form this message asks for: it keeps the characters as written.
        const reference = /(?<!\\)&(?:#\d+|#x[\da-f]+|[a-z][a-z\d]*);/i.exec(raw)
        if (reference && raw !== node.value) {
          error(file, `Markdown reads \`${reference[0]}\` as a character reference, so readers would see one character instead: write it as \`\\${reference[0]}\` to keep it as written`, toPlace(source, node.position.start.offset + reference.index), 'text-markup')
        }
      }
      return undefined
    })
  }
}
