/** How any sentence is cited to its source: the witness, the record it was captured from, and its place there. */
import type {Edition, Sentence, WitnessLocation} from './edition.js'

export interface SourceCitation {
  /** The record the witness was captured from (each part as far as it is known). */
  url?: string
  repository?: string
  record?: string
  /** The witness file, relative to the edition root. */
  witness: string
  line: number
  column: number
  endLine: number
  endColumn: number
  /** The citation in words. */
  text: string
}

/** "line 3, characters 878–1016": where a stretch stands in the witness, in words. */
export function witnessRange(w: WitnessLocation): string {
  return w.line === w.endLine ? `line ${w.line}, characters ${w.column}–${w.endColumn - 1}` : `line ${w.line} character ${w.column} to line ${w.endLine} character ${w.endColumn - 1}`
}

export function sourceCitation(edition: Edition, sentence: Sentence): SourceCitation {
  const {source} = edition.meta
  const w = sentence.witness
  const range = witnessRange(w)
  const where = [source.repository, source.record ? `record ${source.record}` : ''].filter(Boolean).join(', ')
  const from = [where, source.url ? `(${source.url})` : ''].filter(Boolean).join(' ')
  return {
    ...(source.url ? {url: source.url} : {}),
    ...(source.repository ? {repository: source.repository} : {}),
    ...(source.record ? {record: source.record} : {}),
    witness: edition.witness.file,
    line: w.line,
    column: w.column,
    endLine: w.endLine,
    endColumn: w.endColumn,
    text: `${from ? `${from}; ` : ''}witness ${edition.witness.file}, ${range}`
  }
}
