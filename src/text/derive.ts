/**
 * A first text from a witness, for `edition init`: the witness itself, with each place where
 * Markdown would change it (a line that reads as a heading, a list, a quote or code; raw HTML; a
 * character reference; an image) made plain by a recorded substitution: a backslash before the
 * character (`1936\.`, `\#`, `\<`), or an indentation removed. This is what the README asks an
 * editor to do by hand; the interventions say what was done and why, so the text still cites
 * its witness character for character.
 *
 * Pure: a string in, the text and its interventions out. Rounds of parse-and-fix (at most
 * `ROUNDS`) catch what a fix reveals (a list inside a quote); whatever is left is returned for
 * the editor to settle.
 */
import {unified} from 'unified'
import remarkParse from 'remark-parse'
import type {Nodes, Root} from 'mdast'
import {SKIP, visit} from 'unist-util-visit'
import type {Substitution} from '../model/edition.js'
import {lastAtOrBefore, LineIndex, type Place} from '../model/messages.js'
import {beyondParser, tooDeepNode} from '../pipeline/markdown-bounds.js'

export interface Derived {
  text: string
  interventions: Substitution[]
  /** Places Markdown still reads as markup after every round (rare): the editor settles them. */
  left: (Place & {what: string})[]
}

const ROUNDS = 4

/** One change to the witness: `witness[offset, offset + remove)` becomes `insert` + those characters' rest. */
interface Fix {
  offset: number
  /** A backslash before the character at `offset`, or the removal of `length` characters of indentation. */
  kind: 'escape' | 'unindent'
  length: number
  what: string
}

const parser = unified().use(remarkParse)

/** What Markdown reads each block as, in words (as the text check says it). */
const BLOCK_WORDS: Record<string, string> = {
  heading: 'a heading',
  listItem: 'a list item',
  blockquote: 'a block quote',
  code: 'a code block',
  thematicBreak: 'a horizontal rule',
  definition: 'a link definition',
  html: 'raw HTML',
  image: 'an image'
}

export function deriveText(witness: string): Derived {
  const fixes = new Map<number, Fix>()
  let text = witness
  let problems: Fix[] = []
  for (let round = 0; round < ROUNDS; round++) {
    problems = findProblems(text)
    if (!problems.length) break
    const toWitness = offsetMap(witness, [...fixes.values()])
    for (const p of problems) {
      const offset = toWitness(p.offset)
      if (!fixes.has(offset)) fixes.set(offset, {...p, offset})
    }
    text = apply(witness, [...fixes.values()])
  }
  const lines = new LineIndex(witness)
  const sorted = [...fixes.values()].sort((a, b) => a.offset - b.offset)
  const interventions = sorted.map((f, i): Substitution => {
    const {line, column} = lines.place(f.offset)
    const original = f.kind === 'escape' ? String.fromCodePoint(witness.codePointAt(f.offset)!) : witness.slice(f.offset, f.offset + f.length)
    return {
      id: `${f.kind === 'escape' ? 'escape' : 'unindent'}-${i + 1}`,
      type: 'substitution',
      line,
      column,
      original,
      reading: f.kind === 'escape' ? `\\${original}` : '',
      description: f.kind === 'escape' ? `Wrote \`${original}\` as \`\\${original}\`, which Markdown shows as \`${original}\`.` : 'Removed the indentation at the start of the line.',
      reason: f.kind === 'escape' ? `Markdown would read the line as ${f.what} and change it.` : `Markdown reads an indented line as ${f.what}; the text's paragraphs are not indented.`
    }
  })
  const shown = new LineIndex(text)
  return {text, interventions, left: problems.map((p) => ({...shown.place(p.offset), what: p.what}))}
}

/** The witness with the fixes applied. */
function apply(witness: string, fixes: Fix[]): string {
  let out = ''
  let at = 0
  for (const f of [...fixes].sort((a, b) => a.offset - b.offset)) {
    out += witness.slice(at, f.offset)
    if (f.kind === 'escape') {
      out += '\\'
      at = f.offset
    } else at = f.offset + f.length
  }
  return out + witness.slice(at)
}

/** Witness offset of an offset in the text made by `fixes` (found by binary search). */
function offsetMap(witness: string, fixes: Fix[]): (offset: number) => number {
  const sorted = [...fixes].sort((a, b) => a.offset - b.offset)
  // After fix k, text offsets run ahead of witness offsets by delta[k].
  const starts: number[] = []
  const deltas: number[] = []
  let delta = 0
  for (const f of sorted) {
    delta += f.kind === 'escape' ? 1 : -f.length
    starts.push(f.offset + delta + (f.kind === 'escape' ? 0 : f.length))
    deltas.push(delta)
  }
  return (offset) => {
    const k = lastAtOrBefore(starts, offset)
    return Math.min(witness.length, offset - (k >= 0 ? deltas[k]! : 0))
  }
}

/** Where Markdown reads `text` as something other than paragraphs of text, and the fix for each. */
function findProblems(text: string): Fix[] {
  // Past the Markdown bounds nothing is parsed: the text check then says where, in text.md.
  if (beyondParser(text)) return []
  const tree = parser.parse(text) as Root
  if (tooDeepNode(tree)) return []
  const out: Fix[] = []
  const firstChar = (from: number) => {
    let i = from
    while (text[i] === ' ' || text[i] === '\t') i++
    return i
  }
  const escape = (offset: number, what: string) => out.push({offset, kind: 'escape', length: 1, what})
  visit(tree, (node: Nodes) => {
    const start = node.position?.start.offset
    const end = node.position?.end.offset
    if (start === undefined || end === undefined) return undefined
    const what = BLOCK_WORDS[node.type]
    switch (node.type) {
      case 'heading': {
        const i = firstChar(start)
        // ATX (`# …`) or setext (a line of `=` or `-` under the text).
        if (text[i] === '#') escape(i, what!)
        else escape(firstChar(text.lastIndexOf('\n', end - 1) + 1), what!)
        return SKIP
      }
      case 'list':
        return undefined
      case 'listItem': {
        const i = firstChar(start)
        const ordered = /^\d{1,9}[.)]/.exec(text.slice(i, i + 10))
        escape(ordered ? i + ordered[0].length - 1 : i, what!)
        return SKIP
      }
      case 'blockquote':
      case 'thematicBreak':
      case 'definition':
      case 'html':
      case 'image':
      case 'imageReference':
        escape(firstChar(start), what ?? 'an image')
        return SKIP
      case 'code': {
        const i = firstChar(start)
        if (text.startsWith('```', i) || text.startsWith('~~~', i)) {
          escape(i, what!)
          return SKIP
        }
        // Indented code: each of its lines loses its indentation.
        for (let lineStart = start - (start - text.lastIndexOf('\n', start - 1) - 1); lineStart < end; ) {
          const first = firstChar(lineStart)
          if (first > lineStart && text[first] !== '\n' && first < text.length) out.push({offset: lineStart, kind: 'unindent', length: first - lineStart, what: what!})
          const next = text.indexOf('\n', lineStart)
          if (next === -1) break
          lineStart = next + 1
        }
        return SKIP
      }
      case 'text': {
        const raw = text.slice(start, end)
        if (raw !== node.value) {
          for (const m of raw.matchAll(/(?<!\\)&(?:#\d+|#x[\da-f]+|[a-z][a-z\d]*);/gi)) escape(start + m.index, 'a character reference')
        }
        return undefined
      }
      default:
        return undefined
    }
  })
  return out
}
