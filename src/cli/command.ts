/**
 * What a command of the `edition` CLI is: its name, a line of help, its options (node:util
 * parseArgs), an example, and what it does. Adding a command is adding one file in `commands/`
 * and one line in `main.ts`.
 */
import type {ParseArgsConfig} from 'node:util'

export type Options = NonNullable<ParseArgsConfig['options']>

export interface Parsed {
  values: Record<string, string | boolean | string[] | undefined>
  positionals: string[]
}

export interface Command {
  name: string
  /** One line for `edition --help`. */
  summary: string
  /** `edition NAME …` as typed, for `edition NAME --help`. */
  usage: string
  /** Each option with what it is for (shown by `--help`). */
  options: Options
  describe: Record<string, string>
  /** Examples, each a command line a user can copy. */
  examples: string[]
  /** Exit status: 0 success, 1 the edition has errors, 2 bad usage. */
  run(args: Parsed): Promise<number>
}

/** Options every command that reads an edition takes. */
export const common: Options = {
  root: {type: 'string', default: '.'},
  quiet: {type: 'boolean', default: false}
}
export const commonHelp: Record<string, string> = {
  root: 'The edition’s folder, holding edition/ and annotations/ (default: .)',
  quiet: 'Print errors and warnings only'
}

/** A usage error: printed with the command's help, exit 2. */
export class UsageError extends Error {}

export function say(text: string): void {
  process.stderr.write(text.endsWith('\n') ? text : `${text}\n`)
}
