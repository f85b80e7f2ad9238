/**
 * The TEI document's ids, and the addresses it points at. Each kind of id has a prefix of its own,
 * so no two kinds can collide; what follows the prefix is the edition's id made an NCName (as
 * `xml:id` must be).
 */
import {safeUrl} from '../../model/urls.js'

/** An NCName from any string: characters other than letters, digits, `.` and `-` become `_hex_` (so distinct strings stay distinct). */
export function ncname(s: string): string {
  return s.replace(/[^A-Za-z0-9.-]/gu, (c) => `_${c.codePointAt(0)!.toString(16)}_`)
}

export const ids = {
  /** A glossary entry's `<item>`. */
  gloss: (id: string) => `gloss-${ncname(id)}`,
  /** The k-th (from 1) occurrence of a glossary entry in the text. */
  term: (id: string, k: number) => `term-${ncname(id)}-${k}`,
  note: (id: string) => `note-${ncname(id)}`,
  /** A work of the bibliography. */
  ref: (id: string) => `ref-${ncname(id)}`,
  /** The anchors around a note's passage (numbered when the note has more than one passage). */
  anchor: (id: string, side: 'start' | 'end', k?: number) => `anchor-${ncname(id)}-${side}${k === undefined ? '' : `-${k}`}`,
  /** An editorial intervention's description in the header. */
  intervention: (id: string) => `intervention-${ncname(id)}`,
  /** A status's meaning in the header. */
  status: (status: string) => `status-${ncname(status)}`,
  /** The introduction in `<front>`. */
  introduction: 'introduction',
  /** What the witness is a copy of, the record it was captured from, and the capture itself. */
  sourceWork: 'source-work',
  sourceRecord: 'source-record',
  witness: 'witness'
}

/** `#id`, as TEI pointers write it. */
export const pointer = (id: string) => `#${id}`

/**
 * An address a reader may follow, as `@target` holds it: only `#…`, http(s) and mailto (see
 * `safeUrl`), with quotes, angle brackets, backticks and white space percent-encoded. TEI
 * renderers paste `@target` into HTML (CETEIcean's default `ref` and `ptr` behaviours do), so
 * none of these characters may reach them; encoded, the address is the same.
 */
export function target(url: string | undefined): string | undefined {
  return safeUrl(url)?.replace(/["'<>`\s]/gu, (c) => encodeURIComponent(c).replace(/'/g, '%27'))
}
