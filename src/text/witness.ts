/**
 * From witness to text: apply the recorded editorial interventions, and keep a map so that
 * any stretch of the text can be cited to its place in the witness.
 */
import type {Intervention, WitnessLocation} from '../model/edition.js'
import {LineIndex} from '../model/messages.js'

/**
 * A run of the text and where it comes from: copied (`text[textStart, +length)` is
 * `witness[witnessStart, +length)`) or a substitution's reading (standing for
 * `witness[witnessStart, +witnessLength)` as a whole).
 */
interface Piece {
  textStart: number
  length: number
  witnessStart: number
  witnessLength: number
  copied: boolean
}

/** Where an intervention landed: `text[start, end)` (empty for an omission) stands for `witness[witnessStart, witnessEnd)`. */
export interface Placed {
  id: string
  start: number
  end: number
  witnessStart: number
  witnessEnd: number
}

export interface Established {
  text: string
  pieces: Piece[]
  /** Each intervention, in text order. */
  placed: Placed[]
}

export class InterventionError extends Error {
  constructor(
    readonly intervention: string,
    message: string
  ) {
    super(message)
  }
}

/** Witness lines with their terminators, and where each starts. */
function lines(witness: string): {text: string; start: number}[] {
  const out: {text: string; start: number}[] = []
  let start = 0
  while (start < witness.length) {
    const nl = witness.indexOf('\n', start)
    const end = nl === -1 ? witness.length : nl + 1
    out.push({text: witness.slice(start, end), start})
    start = end
  }
  return out
}

/** UTF-16 offset of 1-based character column `column` in `line`. */
function columnOffset(line: string, column: number): number {
  let offset = 0
  for (let c = 1; c < column && offset < line.length; c++) offset += line.codePointAt(offset)! > 0xffff ? 2 : 1
  return offset
}

/** Apply `interventions` to `witness`. Throws `InterventionError` when one does not fit. */
export function establish(witness: string, interventions: Intervention[]): Established {
  const ls = lines(witness)
  // Each witness character is kept, dropped, or replaced; build edits as witness ranges.
  const edits: {start: number; end: number; reading: string; id: string}[] = []
  for (const i of interventions) {
    if (i.type === 'omission') {
      const [from, to] = i.lines
      if (from > to || to > ls.length) {
        throw new InterventionError(i.id, `Intervention \`${i.id}\`: lines ${from}–${to} are not in the witness (it has ${ls.length} lines)`)
      }
      // Whole lines go, with their line breaks.
      edits.push({start: ls[from - 1]!.start, end: ls[to - 1]!.start + ls[to - 1]!.text.length, reading: '', id: i.id})
    } else {
      const line = ls[i.line - 1]
      // Columns count characters, as an editor shows them; offsets count UTF-16 units.
      const start = line ? line.start + columnOffset(line.text, i.column) : -1
      if (!line || witness.slice(start, start + i.original.length) !== i.original) {
        throw new InterventionError(i.id, `Intervention \`${i.id}\`: \`${i.original}\` is not at line ${i.line}, column ${i.column} of the witness`)
      }
      edits.push({start, end: start + i.original.length, reading: i.reading, id: i.id})
    }
  }
  edits.sort((a, b) => a.start - b.start)
  for (let k = 1; k < edits.length; k++) {
    if (edits[k]!.start < edits[k - 1]!.end) {
      throw new InterventionError(edits[k]!.id, `Intervention \`${edits[k]!.id}\` overlaps \`${edits[k - 1]!.id}\``)
    }
  }
  let text = ''
  const pieces: Piece[] = []
  const placed: Placed[] = []
  let at = 0
  for (const e of [...edits, {start: witness.length, end: witness.length, reading: '', id: ''}]) {
    if (e.start > at) {
      pieces.push({textStart: text.length, length: e.start - at, witnessStart: at, witnessLength: e.start - at, copied: true})
      text += witness.slice(at, e.start)
    }
    if (e.reading) pieces.push({textStart: text.length, length: e.reading.length, witnessStart: e.start, witnessLength: e.end - e.start, copied: false})
    if (e.id) placed.push({id: e.id, start: text.length, end: text.length + e.reading.length, witnessStart: e.start, witnessEnd: e.end})
    text += e.reading
    at = e.end
  }
  return {text, pieces, placed}
}

/**
 * Witness offset of text offset `offset`. Inside a substitution's reading, a start maps to the
 * start of the original and an end to its end, so a cited stretch always covers the original.
 */
export function toWitnessOffset(pieces: Piece[], offset: number, side: 'start' | 'end' = 'start'): number {
  let best = 0
  for (const p of pieces) {
    const inside = side === 'start' ? offset >= p.textStart && offset < p.textStart + p.length : offset > p.textStart && offset <= p.textStart + p.length
    if (inside) return p.copied ? p.witnessStart + offset - p.textStart : side === 'start' ? p.witnessStart : p.witnessStart + p.witnessLength
    if (p.textStart + p.length <= offset) best = p.witnessStart + p.witnessLength
  }
  return best
}

/** Where `text[start, end)` stands in the witness. */
export function witnessLocation(witness: LineIndex, pieces: Piece[], start: number, end: number): WitnessLocation {
  const a = witness.place(toWitnessOffset(pieces, start, 'start'))
  const b = witness.place(toWitnessOffset(pieces, end, 'end'))
  return {line: a.line, column: a.column, endLine: b.line, endColumn: b.column}
}
