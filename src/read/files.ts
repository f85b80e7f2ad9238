/**
 * Reading source files into vfiles: decoding, normalising and locating problems.
 * This is the I/O edge; everything after it works on strings and trees.
 */
import {createHash} from 'node:crypto'
import {closeSync, constants, fstatSync, openSync, readSync, realpathSync} from 'node:fs'
import {isAbsolute, relative, resolve} from 'node:path'
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
  /** The edition's folder (or folders): the file must resolve, after symbolic links, to a place inside one. */
  root?: string | readonly string[]
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
  const bytes = readBounded(file, path, options)
  if (!bytes) return file
  // The checksum of the bytes as read: it proves a witness is the capture, untouched.
  file.data.sha256 = createHash('sha256').update(bytes).digest('hex')
  decodeInto(file, bytes)
  return file
}

/** Why a file cannot be read: a rule id and what is wrong, as the end of a sentence about it. */
export interface Unreadable {
  rule: 'missing-file' | 'outside-root' | 'not-a-file' | 'too-large'
  /** "is not a regular file (a device, a pipe or a socket)", "cannot be found", … */
  problem: string
}

/**
 * The bytes of `path` and its real path, or why they cannot be had. Only a regular file inside
 * the root is read: a symbolic link may not lead out of the edition (`witness: ../../etc/passwd`),
 * and a device or a pipe is refused before a byte is read (`/dev/zero` never ends, a FIFO blocks).
 * Synchronous: one small file at a time, and a CSL style is found synchronously.
 */
/**
 * A root's real path. Asked once for each of an edition's files, so the last few are kept; a
 * root that does not exist holds nothing, and the check refuses every path in it.
 */
const roots = new Map<string, string>()
function realRoot(root: string): string {
  let real = roots.get(root)
  if (real === undefined) {
    try {
      real = realpathSync.native(root)
    } catch {
      return root
    }
    if (roots.size > 16) roots.clear()
    roots.set(root, real)
  }
  return real
}

export function readRegularFile(path: string, options: ReadTextOptions = {}): {bytes: Uint8Array; real: string} | Unreadable {
  const max = options.maxBytes ?? MAX_FILE_BYTES
  const code = (cause: unknown) => (cause as NodeJS.ErrnoException).code ?? String(cause)
  let real: string
  try {
    // The native call: one system call, where the JavaScript one lstat()s every folder of the path.
    real = realpathSync.native(path)
  } catch (cause) {
    return {rule: 'missing-file', problem: code(cause) === 'ENOENT' ? 'cannot be found' : `cannot be read (${code(cause)})`}
  }
  if (options.root !== undefined) {
    const roots = (typeof options.root === 'string' ? [options.root] : options.root).map(realRoot)
    if (!roots.some((root) => isInside(real, root))) return {rule: 'outside-root', problem: `is outside the edition's folder${real !== resolve(path) ? ' (through a symbolic link)' : ''}: an edition reads only files inside its folder; copy the file into it`}
  }
  let fd: number
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, forever.
    fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch (cause) {
    return {rule: 'missing-file', problem: `cannot be read (${code(cause)})`}
  }
  try {
    const stats = fstatSync(fd)
    if (!stats.isFile()) return {rule: 'not-a-file', problem: `is ${stats.isDirectory() ? 'a folder' : 'not a regular file (a device, a pipe or a socket)'}: an edition reads only regular files`}
    if (stats.size > max) return {rule: 'too-large', problem: `is ${stats.size.toLocaleString('en')} bytes, above the limit of ${sizeWords(max)} (${max.toLocaleString('en')} bytes) for this kind of file`}
    // One byte more than the size: a file that grows while it is read (a log, /proc) is refused.
    const buffer = Buffer.alloc(Math.min(stats.size, max) + 1)
    let length = 0
    for (let n = 1; n > 0; length += n) {
      n = readSync(fd, buffer, length, buffer.length - length, length)
      if (length + n === buffer.length) return {rule: 'not-a-file', problem: 'grew while it was read: read it again when it is complete'}
    }
    return {bytes: buffer.subarray(0, length), real}
  } finally {
    closeSync(fd)
  }
}

/** The bytes of `path`, or undefined with the error on `file`. */
function readBounded(file: VFile, path: string, options: ReadTextOptions): Uint8Array | undefined {
  const shown = String(file.path)
  const read = readRegularFile(path, options)
  if ('problem' in read) {
    error(file, read.problem === 'cannot be found' ? `Cannot find \`${shown}\`` : `\`${shown}\` ${read.problem}`, undefined, read.rule)
    return undefined
  }
  file.data.realpath = read.real
  return read.bytes
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
