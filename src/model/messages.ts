/**
 * Messages about an editor's files: every problem is a vfile message with a rule id and a place,
 * reported as `file:line:col: severity: message [rule]`.
 */
import type {VFile} from 'vfile'
import type {VFileMessage} from 'vfile-message'

export interface Place {
  line: number
  column: number
}

type Where = Place | {start: Place; end: Place}

/** Record an error (fatal) on `file`; it is reported with the file's path, line and column. */
export function error(file: VFile, reason: string, place?: Where, ruleId = 'edition'): VFileMessage {
  const message = file.message(reason, {place, ruleId, source: 'edition'})
  message.fatal = true
  return message
}

/** Record a warning on `file`. */
export function warn(file: VFile, reason: string, place?: Where, ruleId = 'edition'): VFileMessage {
  return file.message(reason, {place, ruleId, source: 'edition'})
}

/** Record a note that something was normalised (neither error nor warning). */
export function info(file: VFile, reason: string, place?: Place, ruleId = 'edition'): VFileMessage {
  return file.info(reason, {place, ruleId, source: 'edition'})
}

/** Whether any message on these files is an error. */
export function hasErrors(files: VFile[]): boolean {
  return files.some((file) => file.messages.some((m) => m.fatal === true))
}

const isLowSurrogate = (text: string, i: number) => {
  const c = text.charCodeAt(i)
  if (!(c >= 0xdc00 && c <= 0xdfff) || i === 0) return false
  const p = text.charCodeAt(i - 1)
  return p >= 0xd800 && p <= 0xdbff
}

/**
 * Line and column (1-based) of UTF-16 offsets in one text, in O(log lines + line length) each:
 * the line starts are found once. Columns count characters (code points), as an editor shows
 * them: `𝔄` is one column, not two.
 */
export class LineIndex {
  private readonly starts: number[] = [0]
  /** Offsets of the second halves of surrogate pairs (each not a column of its own), in order. */
  private readonly lows: number[] = []

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1)
    // Found once, so a place on a 5 MB line costs a search, not a walk along the line.
    if (/[\uDC00-\uDFFF]/.test(text)) for (let i = 1; i < text.length; i++) if (isLowSurrogate(text, i)) this.lows.push(i)
  }

  place(offset: number): Place {
    const lo = Math.max(0, lastAtOrBefore(this.starts, offset))
    const lineStart = this.starts[lo]!
    const end = Math.max(lineStart, Math.min(offset, this.text.length))
    const halves = lastAtOrBefore(this.lows, end - 1) - lastAtOrBefore(this.lows, lineStart - 1)
    return {line: lo + 1, column: 1 + end - lineStart - halves}
  }
}

/** Index of the last element of sorted `xs` that is ≤ `value` (-1 when there is none). */
export function lastAtOrBefore(xs: number[], value: number): number {
  let lo = -1
  let hi = xs.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (xs[mid]! <= value) lo = mid
    else hi = mid - 1
  }
  return lo
}

const indexes = new WeakMap<object, LineIndex>()
let last: LineIndex | undefined

/** Line and column of a UTF-16 offset in `text` (the index of a text is kept for the next call). */
export function toPlace(text: string, offset: number): Place {
  if (last?.text !== text) last = new LineIndex(text)
  return last.place(offset)
}

/** The line index of a file's text, made once per file. */
export function lineIndex(file: VFile): LineIndex {
  let index = indexes.get(file)
  if (!index || index.text !== String(file.value)) {
    index = new LineIndex(String(file.value))
    indexes.set(file, index)
  }
  return index
}
