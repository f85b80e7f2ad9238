/**
 * What the commands that write annotation files share: the body read from an option or from
 * standard input, what was written printed, and a refused edit reported (a usage error, exit 2;
 * errors in the files, `file:line:col: message`, exit 1).
 */
import {EditError} from '../edit/errors.js'
import {FileConflict, type Written} from '../edit/files.js'
import type {Status} from '../model/edition.js'
import {formatMessages} from './report.js'
import {say, UsageError, type Options, type Parsed} from './command.js'
import {readInput} from './input.js'
import {MAX_FILE_BYTES} from '../model/limits.js'

/** `--body TEXT`, or `--body -` for standard input (at most the size of an annotation file). */
export async function bodyOption(values: Parsed['values']): Promise<string> {
  const body = values.body
  if (typeof body !== 'string') throw new UsageError('give the text with --body "MARKDOWN", or --body - to read it from standard input')
  return body === '-' ? readInput('-', MAX_FILE_BYTES) : body
}

/** A required string option. */
export function required(values: Parsed['values'], name: string): string {
  const v = values[name]
  if (typeof v !== 'string' || !v.trim()) throw new UsageError(`--${name} is required`)
  return v
}

export const optional = (values: Parsed['values'], name: string): string | undefined => (typeof values[name] === 'string' ? (values[name] as string) : undefined)

/** The options every command that writes a new annotation takes, with their help. */
export const authoringOptions: Options = {body: {type: 'string'}, status: {type: 'string'}, author: {type: 'string'}, id: {type: 'string'}}
export const authoringHelp = (what: string, idFrom: string): Record<string, string> => ({
  body: `The ${what}, in Markdown with Pandoc citations ([@key, 66]); - reads it from standard input`,
  status: 'verified, unverified (default) or disputed',
  author: `Who wrote the ${what} (default: the first editor in edition.yaml)`,
  id: `The ${what}’s id and file name (default: from ${idFrom})`
})

/** `--status`, `--author` and `--id`, as given. */
export function authoring(values: Parsed['values']): {status?: Status; author?: string; id?: string} {
  const status = statusOption(values)
  const author = optional(values, 'author')
  const id = optional(values, 'id')
  return {...(status ? {status} : {}), ...(author ? {author} : {}), ...(id ? {id} : {})}
}

function statusOption(values: Parsed['values']): Status | undefined {
  const s = optional(values, 'status')
  if (s !== undefined && s !== 'verified' && s !== 'unverified' && s !== 'disputed') throw new UsageError(`--status must be verified, unverified or disputed, not \`${s}\``)
  return s as Status | undefined
}

/** Print each file written: a line on standard error, the file itself on standard output. */
export function printWritten(written: Written[], note: (w: Written) => string = () => ''): void {
  for (const w of written) {
    say(`edition: ${w.action === 'created' ? 'wrote' : w.action === 'updated' ? 'rewrote' : 'removed'} ${w.path}${note(w)}`)
    process.stdout.write(w.content.endsWith('\n') ? w.content : `${w.content}\n`)
  }
}

/** Run an edit; a refusal is reported and becomes the exit status. */
export async function edit(command: string, run: () => Promise<number>): Promise<number> {
  try {
    return await run()
  } catch (cause) {
    if (cause instanceof EditError) {
      if (cause.kind === 'edition') {
        const report = formatMessages(cause.files, {infos: false})
        if (report) say(report)
      }
      say([`edition ${command}: ${cause.message}`, ...cause.details].join('\n'))
      if (cause.kind === 'input') say(`(edition ${command} --help lists the options)`)
      return cause.kind === 'input' ? 2 : 1
    }
    if (cause instanceof FileConflict) {
      say(`edition ${command}: ${cause.message}`)
      return 1
    }
    throw cause
  }
}
