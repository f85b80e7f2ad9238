/**
 * What the editors' commands read from the user's own files or from standard input (`ref add
 * FILE`, `import FILE`, `--body -`). Read as the edition's own files are: only a regular file,
 * within a bound, and checked as UTF-8. A device or a pipe that never ends is refused before a
 * byte is read, standard input above the bound is refused when it passes it, and a file in
 * another encoding is an error at its first bad byte, not text silently changed.
 */
import {VFile} from 'vfile'
import {decodeInto, readText} from '../read/files.js'
import {error} from '../model/messages.js'
import {sizeWords} from '../model/limits.js'
import {EditError} from '../edit/errors.js'
import {UsageError} from './command.js'

/** The text of `name` (`-`: standard input); an error naming the input and its place when it cannot be used. */
export async function readInput(name: string, maxBytes: number): Promise<string> {
  const file = name === '-' ? await readStdin(maxBytes) : await readText(name, name, {maxBytes})
  const fatal = file.messages.filter((m) => m.fatal)
  if (fatal.some((m) => m.ruleId === 'missing-file')) throw new UsageError(`cannot read \`${name}\`: ${fatal[0]!.reason}`)
  if (fatal.length) throw new EditError('edition', `${file.path} cannot be used; nothing was written`, [], [file])
  return String(file.value)
}

async function readStdin(maxBytes: number): Promise<VFile> {
  const file = new VFile({path: '<stdin>'})
  const chunks: Buffer[] = []
  let length = 0
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    length += chunk.length
    if (length > maxBytes) {
      // Stop reading: `< /dev/zero` never ends.
      process.stdin.destroy()
      error(file, `Standard input is above the limit of ${sizeWords(maxBytes)} (${maxBytes.toLocaleString('en')} bytes) for this kind of input`, undefined, 'too-large')
      file.value = ''
      return file
    }
    chunks.push(chunk)
  }
  decodeInto(file, Buffer.concat(chunks))
  return file
}
