/**
 * Reading source files into vfiles: decoding, normalising and locating problems.
 * This is the I/O edge; everything after it works on strings and trees.
 */
import {createHash} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {VFile} from 'vfile'
import {error, info, toPlace, type Place} from '../model/messages.js'

declare module 'vfile' {
  interface DataMap {
    /** SHA-256 of the file's bytes, hex (set by `readText`). */
    sha256: string
  }
}

/**
 * Length of the valid UTF-8 sequence at `i`, or 0. Follows the Unicode table of well-formed
 * byte sequences: no overlong forms (`C0 80`), no surrogates (`ED A0 80`), nothing above U+10FFFF.
 */
function sequenceAt(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!
  if (b < 0x80) return 1
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < bytes.length && bytes[i + k]! >= lo && bytes[i + k]! <= hi
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0
  if (b === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0
  if ((b >= 0xe1 && b <= 0xec) || b === 0xee || b === 0xef) return cont(1) && cont(2) ? 3 : 0
  if (b === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0
  if (b === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0
  if (b >= 0xf1 && b <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0
  if (b === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0
  return 0
}

/** Line and column of the first byte that is not valid UTF-8, counted in characters. */
function firstInvalidByte(bytes: Uint8Array): {offset: number; place: Place} {
  let valid = bytes.length
  for (let i = 0; i < bytes.length; ) {
    const n = sequenceAt(bytes, i)
    if (!n) {
      valid = i
      break
    }
    i += n
  }
  const before = new TextDecoder('utf-8').decode(bytes.subarray(0, valid))
  return {offset: valid, place: toPlace(before, before.length)}
}

/**
 * Read a text file as UTF-8. A BOM is removed and CRLF line ends become LF (each said as info);
 * invalid UTF-8 is an error at the first bad byte. Returns the vfile (with `value` set) or, when
 * the file is missing, a vfile carrying the error.
 */
export async function readText(path: string, displayPath: string): Promise<VFile> {
  const file = new VFile({path: displayPath})
  let bytes: Uint8Array
  try {
    // Synchronous: an edition is many small files, and a thread-pool round trip for each costs more than the read.
    bytes = readFileSync(path)
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code
    error(file, code === 'ENOENT' ? `Cannot find \`${displayPath}\`` : `Cannot read \`${displayPath}\`: ${String(cause)}`, undefined, 'missing-file')
    file.value = ''
    return file
  }
  // The checksum of the bytes as read: it proves a witness is the capture, untouched.
  file.data.sha256 = createHash('sha256').update(bytes).digest('hex')
  decodeInto(file, bytes)
  return file
}

/** Decode `bytes` into `file.value`, recording what was normalised or wrong. */
export function decodeInto(file: VFile, bytes: Uint8Array): void {
  let text: string
  try {
    text = new TextDecoder('utf-8', {fatal: true, ignoreBOM: true}).decode(bytes)
  } catch {
    const {offset, place} = firstInvalidByte(bytes)
    error(file, `Invalid UTF-8 (byte 0x${bytes[offset]!.toString(16).padStart(2, '0')} at byte offset ${offset}): save the file as UTF-8`, place, 'invalid-utf8')
    file.value = ''
    return
  }
  if (text.startsWith('\uFEFF')) {
    text = text.slice(1)
    info(file, 'Removed a UTF-8 byte order mark', {line: 1, column: 1}, 'bom')
  }
  if (text.includes('\r')) {
    const at = toPlace(text, text.indexOf('\r'))
    text = text.replace(/\r\n?/g, '\n')
    info(file, 'Normalised CRLF line ends to LF', at, 'crlf')
  }
  file.value = text
}
