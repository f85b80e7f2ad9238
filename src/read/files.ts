/**
 * Reading source files into vfiles: decoding, normalising and locating problems.
 * This is the I/O edge; everything after it works on strings and trees.
 */
import {createHash} from 'node:crypto'
import {constants} from 'node:fs'
import {open, realpath} from 'node:fs/promises'
import {isAbsolute, relative} from 'node:path'
import {VFile} from 'vfile'
import {error, info, toPlace, type Place} from '../model/messages.js'
import {MAX_FILE_BYTES, sizeWords} from '../model/limits.js'

declare module 'vfile' {
  interface DataMap {
    /** SHA-256 of the file's bytes, hex (set by `readText`). */
    sha256: string
    /** The file's real path (symbolic links resolved), for the guards that keep outputs off inputs. */
    realpath: string
  }
}

export interface ReadTextOptions {
  /** The edition's folder: the file must resolve (after symbolic links) to a place inside it. */
  root?: string
  /** Refuse a file larger than this (default `MAX_FILE_BYTES`). */
  maxBytes?: number
}

/** Whether `child` is `parent` or inside it (both absolute). */
export const isInside = (child: string, parent: string): boolean => {
  const rel = relative(parent, child)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
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
export async function readText(path: string, displayPath: string, options: ReadTextOptions = {}): Promise<VFile> {
  const file = new VFile({path: displayPath})
  file.value = ''
  const bytes = await readBounded(file, path, options)
  if (!bytes) return file
  // The checksum of the bytes as read: it proves a witness is the capture, untouched.
  file.data.sha256 = createHash('sha256').update(bytes).digest('hex')
  decodeInto(file, bytes)
  return file
}

/**
 * The bytes of `path`, or undefined with an error on `file`. Only a regular file inside the root
 * is read: a symbolic link may not lead out of the edition (`witness: ../../../etc/passwd`), and
 * a device or a pipe is refused before a byte is read (`/dev/zero` never ends, a FIFO blocks).
 */
async function readBounded(file: VFile, path: string, options: ReadTextOptions): Promise<Uint8Array | undefined> {
  const shown = String(file.path)
  const max = options.maxBytes ?? MAX_FILE_BYTES
  let real: string
  try {
    real = await realpath(path)
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code
    error(file, code === 'ENOENT' ? `Cannot find \`${shown}\`` : `Cannot read \`${shown}\`: ${code ?? String(cause)}`, undefined, 'missing-file')
    return undefined
  }
  if (options.root !== undefined) {
    const root = await realpath(options.root).catch(() => options.root!)
    if (!isInside(real, root)) {
      error(file, `\`${shown}\` is outside the edition's folder${real !== path ? ' (through a symbolic link)' : ''}: an edition reads only files inside its folder; copy the file into it`, undefined, 'outside-root')
      return undefined
    }
  }
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, forever.
  let handle
  try {
    handle = await open(real, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch (cause) {
    error(file, `Cannot read \`${shown}\`: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`, undefined, 'missing-file')
    return undefined
  }
  try {
    const stats = await handle.stat()
    if (!stats.isFile()) {
      error(file, `\`${shown}\` is ${stats.isDirectory() ? 'a folder' : 'not a regular file (a device, a pipe or a socket)'}: an edition reads only regular files`, undefined, 'not-a-file')
      return undefined
    }
    if (stats.size > max) {
      error(file, `\`${shown}\` is ${stats.size.toLocaleString('en')} bytes, above the limit of ${sizeWords(max)} (${max.toLocaleString('en')} bytes) for this kind of file`, undefined, 'too-large')
      return undefined
    }
    // One byte more than the size: a file that grows while it is read (a log, /proc) is refused.
    const buffer = Buffer.alloc(Math.min(stats.size, max) + 1)
    let length = 0
    for (;;) {
      const {bytesRead} = await handle.read(buffer, length, buffer.length - length, length)
      if (bytesRead === 0) break
      length += bytesRead
      if (length === buffer.length) {
        error(file, `\`${shown}\` grew while it was read: read it again when it is complete`, undefined, 'not-a-file')
        return undefined
      }
    }
    file.data.realpath = real
    return buffer.subarray(0, length)
  } finally {
    await handle.close()
  }
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
