/**
 * A BibTeX file's structure, found before citation-js parses it: each entry's type, key and
 * place, and each syntax problem at its real place. citation-js stops at the first syntax error
 * (or reports it lines later, where the next entry starts), maps an unknown type to `document`
 * silently, and keeps duplicate keys; this scanner lets the reader give BibTeX every check that
 * CSL-JSON gets, every problem at once. One linear pass; no recursion.
 */
import {nearest} from './nearest.js'

export interface BibEntry {
  /** Entry type, lowercased (`book`). */
  type: string
  key: string
  /** Offsets in the file: the `@`, the key, and just after the closing brace. */
  start: number
  keyStart: number
  end: number
  /** Whether the entry closed properly (else it is not passed to citation-js). */
  ok: boolean
}

export interface BibProblem {
  offset: number
  message: string
  rule: 'bibtex-syntax' | 'bibtex-type'
}

export interface BibScan {
  entries: BibEntry[]
  /** `@string` and `@preamble` blocks, which every entry may use. */
  macros: {start: number; end: number}[]
  problems: BibProblem[]
}

/** Entry types biblatex and BibTeX define (with their aliases), as citation-js reads them. */
export const BIBTEX_TYPES = new Set([
  'article', 'book', 'mvbook', 'inbook', 'bookinbook', 'suppbook', 'booklet', 'collection', 'mvcollection', 'incollection',
  'suppcollection', 'dataset', 'manual', 'misc', 'online', 'patent', 'periodical', 'suppperiodical', 'proceedings',
  'mvproceedings', 'inproceedings', 'reference', 'mvreference', 'inreference', 'report', 'set', 'software', 'thesis',
  'unpublished', 'xdata', 'artwork', 'audio', 'bibnote', 'commentary', 'image', 'jurisdiction', 'legislation', 'legal',
  'letter', 'movie', 'music', 'performance', 'review', 'standard', 'video', 'conference', 'electronic', 'mastersthesis',
  'phdthesis', 'techreport', 'www'
])
const SPECIAL = new Set(['comment', 'string', 'preamble'])

const FIELD_START = /^[ \t]*[A-Za-z][\w:.+-]*[ \t]*=/
const ENTRY_START = /^[ \t]*@[A-Za-z]+[ \t]*[{(]/

export function scanBibtex(text: string): BibScan {
  const entries: BibEntry[] = []
  const macros: BibScan['macros'] = []
  const problems: BibProblem[] = []
  const lineAt = (offset: number) => text.slice(offset, text.indexOf('\n', offset) === -1 ? text.length : text.indexOf('\n', offset))
  let i = text.indexOf('@')
  let lastEnd = 0
  while (i !== -1) {
    strayFields(text, lastEnd, i, problems, entries.at(-1))
    const m = /^@[ \t]*([A-Za-z][\w-]*)[ \t\n]*([{(]?)/.exec(text.slice(i, i + 200))
    if (!m) {
      // `@` not followed by a name: BibTeX treats it as comment text (an e-mail address, say).
      i = text.indexOf('@', i + 1)
      continue
    }
    const type = m[1]!.toLowerCase()
    const open = m[2]!
    const bodyStart = i + m[0].length
    if (!open) {
      problems.push({offset: i, message: `\`@${m[1]}\` must be followed by \`{\`: write \`@${m[1]}{key, …}\``, rule: 'bibtex-syntax'})
      lastEnd = bodyStart
      i = text.indexOf('@', bodyStart)
      continue
    }
    const close = open === '{' ? '}' : ')'
    const end = closing(text, bodyStart, close)
    if (type === 'comment') {
      lastEnd = end.offset
      i = text.indexOf('@', end.offset)
      continue
    }
    const keyMatch = /^[ \t\n]*([^\s,{}()"=#%'~\\]*)[ \t\n]*([,}\)]?)/.exec(text.slice(bodyStart, bodyStart + 1000))!
    const key = keyMatch[1]!
    const keyStart = bodyStart + keyMatch[0].indexOf(key)
    if (!end.ok) {
      const culprit = end.openField ?? i
      problems.push({
        offset: culprit,
        message:
          end.openField !== undefined
            ? `The value that starts here is not closed: a \`${close}\` is missing (so the entry${key ? ` \`${key}\`` : ''} runs on${end.nextEntry !== undefined ? ' into the next entry' : ' to the end of the file'})`
            : `The entry${key ? ` \`${key}\`` : ''} is not closed: a \`${close}\` is missing before ${end.nextEntry !== undefined ? `the next entry (\`${lineAt(end.nextEntry).trim().slice(0, 40)}\`)` : 'the end of the file'}`,
        rule: 'bibtex-syntax'
      })
    }
    if (type === 'string' || type === 'preamble') {
      if (end.ok) macros.push({start: i, end: end.offset})
    } else {
      if (!key || keyMatch[2] !== ',') {
        if (end.ok) {
          const after = keyMatch[0].length + bodyStart
          problems.push({offset: key ? after : bodyStart, message: key ? `A comma must follow the key \`${key}\`: \`@${m[1]}{${key}, title = …}\`` : `The entry has no key: write \`@${m[1]}{key, …}\``, rule: 'bibtex-syntax'})
        }
        entries.push({type, key, start: i, keyStart, end: end.offset, ok: false})
      } else if (!BIBTEX_TYPES.has(type)) {
        const guess = nearest(type, [...BIBTEX_TYPES])
        problems.push({offset: i, message: `Unknown entry type \`@${m[1]}\`${guess ? `: did you mean \`@${guess}\`?` : ''} (the BibTeX and biblatex types: \`@article\`, \`@book\`, \`@incollection\`, \`@letter\`, \`@misc\`, …)`, rule: 'bibtex-type'})
        entries.push({type, key, start: i, keyStart, end: end.offset, ok: false})
      } else {
        entries.push({type, key, start: i, keyStart, end: end.offset, ok: end.ok})
      }
    }
    lastEnd = end.offset
    i = text.indexOf('@', end.offset)
  }
  strayFields(text, lastEnd, text.length, problems, entries.at(-1))
  return {entries, macros, problems}
}

/**
 * Where the block opened at `from` closes. Braces nest (`\{` and `\}` are escaped characters);
 * a line that starts a new entry (`@book{`) or a field (`year =`) while a value is still open
 * means a brace was lost: the block ends there, not where the next closing brace happens to be,
 * and the open value is named as the culprit.
 */
function closing(text: string, from: number, close: '}' | ')'): {offset: number; ok: boolean; openField?: number; nextEntry?: number} {
  let depth = 1
  let field: number | undefined
  let quoted = false
  for (let j = from; j < text.length; j++) {
    const c = text[j]!
    if (c === '\\') {
      j++
      continue
    }
    if (c === '\n') {
      const line = text.slice(j + 1, j + 201)
      if (ENTRY_START.test(line)) {
        if (depth > 1 || quoted || close === ')') return {offset: j + 1, ok: false, ...(field !== undefined ? {openField: field} : {}), nextEntry: j + 1}
        if (depth === 1) return {offset: j + 1, ok: false, nextEntry: j + 1}
      }
      if (FIELD_START.test(line)) {
        if (depth > 1 || quoted) {
          // The rest of the entry is lost with it: go on at the next entry.
          const next = nextEntry(text, j)
          return {offset: next ?? text.length, ok: false, ...(field !== undefined ? {openField: field} : {}), ...(next !== undefined ? {nextEntry: next} : {})}
        }
        field = j + 1 + (line.length - line.trimStart().length)
      }
      continue
    }
    if (c === '"' && depth === 1) quoted = !quoted
    else if (c === '{') depth++
    else if (c === '}' || c === ')') {
      if (c === close && depth === 1 && !quoted) return {offset: j + 1, ok: true}
      if (c === '}') depth = Math.max(1, depth - 1)
    }
  }
  return {offset: text.length, ok: false, ...(depth > 1 && field !== undefined ? {openField: field} : {})}
}

/** Where the next entry starts after `from`, if one does. */
function nextEntry(text: string, from: number): number | undefined {
  const re = /\n[ \t]*@[A-Za-z]+[ \t]*[{(]/g
  re.lastIndex = from
  const m = re.exec(text)
  return m ? m.index + 1 : undefined
}

/**
 * Text between entries is a comment to BibTeX, so a `}` too many closes an entry early and its
 * remaining fields are silently lost. A field-like line or a lone brace there is reported.
 */
function strayFields(text: string, from: number, to: number, problems: BibProblem[], previous: BibEntry | undefined): void {
  if (!previous || from >= to) return
  const gap = text.slice(from, to)
  const m = /(^|\n)([ \t]*[A-Za-z][\w:.+-]*[ \t]*=[ \t]*[{"\d]|[ \t]*[{}][ \t]*,?[ \t]*(\n|$))/.exec(gap)
  if (!m) return
  const offset = from + m.index + m[1]!.length + (m[2]!.length - m[2]!.trimStart().length)
  problems.push({
    offset,
    message: `This is outside any entry, so BibTeX ignores it: the entry \`${previous.key}\` closed before it (a \`}\` too many?)`,
    rule: 'bibtex-syntax'
  })
}
