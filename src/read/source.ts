/**
 * Reading source files into vfiles: decoding, normalising and locating problems.
 * This is the I/O edge; everything after it works on strings and trees.
 */
import {createHash} from 'node:crypto'
import {readFile} from 'node:fs/promises'
import {VFile} from 'vfile'
import type {VFileMessage} from 'vfile-message'

declare module 'vfile' {
  interface DataMap {
    /** SHA-256 of the file's bytes, hex (set by `readText`). */
    sha256: string
  }
}

export interface Place {
  line: number
  column: number
}

/** Record an error (fatal) on `file`; it is reported with the file's path, line and column. */
export function error(file: VFile, reason: string, place?: Place | {start: Place; end: Place}, ruleId = 'edition'): VFileMessage {
  const message = file.message(reason, {place, ruleId, source: 'edition'})
  message.fatal = true
  return message
}

/** Record a warning on `file`. */
export function warn(file: VFile, reason: string, place?: Place | {start: Place; end: Place}, ruleId = 'edition'): VFileMessage {
  return file.message(reason, {place, ruleId, source: 'edition'})
}

/** Record a note that something was normalised (neither error nor warning). */
export function info(file: VFile, reason: string, place?: Place, ruleId = 'edition'): VFileMessage {
  const message = file.info(reason, {place, ruleId, source: 'edition'})
  return message
}

/**
 * Line and column (1-based) of a UTF-16 offset in `text`. Columns count characters (code
 * points), as an editor shows them: `𝔄` is one column, not two.
 */
export function toPlace(text: string, offset: number): Place {
  let line = 1
  let lineStart = 0
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++
    lineStart = i + 1
  }
  let column = 1
  for (let i = lineStart; i < offset; i++) {
    const c = text.charCodeAt(i)
    if (!(c >= 0xdc00 && c <= 0xdfff && i > lineStart && text.charCodeAt(i - 1) >= 0xd800 && text.charCodeAt(i - 1) <= 0xdbff)) column++
  }
  return {line, column}
}

/** Whether any message on these files is an error. */
export function hasErrors(files: VFile[]): boolean {
  return files.some((file) => file.messages.some((m) => m.fatal === true))
}

/** Line and column of the first byte that is not valid UTF-8, counted in characters. */
function firstInvalidByte(bytes: Uint8Array): {offset: number; place: Place} {
  let valid = bytes.length
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!
    const n = b < 0x80 ? 1 : b >> 5 === 6 ? 2 : b >> 4 === 14 ? 3 : b >> 3 === 30 ? 4 : 0
    let ok = n > 0 && i + n <= bytes.length
    for (let k = 1; ok && k < n; k++) ok = (bytes[i + k]! & 0xc0) === 0x80
    if (ok && n > 1) ok = new TextDecoder('utf-8', {fatal: true, ignoreBOM: true}).decode(bytes.subarray(i, i + n)).length > 0
    if (!ok) {
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
    bytes = await readFile(path)
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
