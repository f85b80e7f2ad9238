/**
 * The `edition` command. Reads like a table of contents: find the command, parse its options,
 * run it. Exit status: 0 success, 1 the edition has errors (each printed as
 * `file:line:col: severity: message [rule]`), 2 bad usage, 70 an internal error (a bug: please
 * report it).
 */
import {parseArgs} from 'node:util'
import {say, UsageError, type Command} from './command.js'
import {check} from './commands/check.js'
import {build} from './commands/build.js'
import {exportCommand} from './commands/export.js'
import {annotate} from './commands/annotate.js'
import {gloss} from './commands/gloss.js'
import {ref} from './commands/ref.js'
import {list} from './commands/list.js'
import {remove} from './commands/remove.js'
import {importCommand} from './commands/import.js'
import {init} from './commands/init.js'

export const COMMANDS: Command[] = [init, check, build, exportCommand, annotate, gloss, ref, list, remove, importCommand]

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length))
  return [
    'Usage: edition <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `edition <command> --help` for its options and examples.',
    'Exit status: 0 success, 1 errors in the edition (as file:line:col: message), 2 bad usage, 70 internal error.'
  ].join('\n')
}

function commandHelp(c: Command): string {
  const flags = Object.entries(c.options).map(([name, o]) => [`--${name}${o.type === 'string' ? ` ${name.toUpperCase()}` : ''}${o.multiple ? ' …' : ''}`, c.describe[name] ?? ''] as const)
  const width = Math.max(0, ...flags.map(([f]) => f.length))
  return [`Usage: ${c.usage}`, '', c.summary, '', 'Options:', ...flags.map(([f, d]) => `  ${f.padEnd(width)}  ${d}`), '', 'Examples:', ...c.examples.map((e) => `  ${e}`)].join('\n')
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(help() + '\n')
    return 0
  }
  const command = COMMANDS.find((c) => c.name === name)
  if (!command) {
    say(`edition: unknown command \`${name}\`\n\n${help()}`)
    return 2
  }
  try {
    const parsed = parseArgs({args: rest, allowPositionals: true, strict: true, options: {...command.options, help: {type: 'boolean', short: 'h'}}})
    if (parsed.values.help) {
      process.stdout.write(commandHelp(command) + '\n')
      return 0
    }
    return await command.run(parsed as never)
  } catch (cause) {
    if (cause instanceof UsageError || (cause as {code?: string}).code?.startsWith('ERR_PARSE_ARGS')) {
      say(`edition ${command.name}: ${(cause as Error).message}\n\n${commandHelp(command)}`)
      return 2
    }
    return internalError(cause)
  }
}

/** A bug in the toolkit: said as one, with its stack for the report, exit status 70. */
function internalError(cause: unknown): number {
  say(`edition: internal error: ${(cause as Error)?.stack ?? String(cause)}\nThis is a bug in the toolkit, not in your edition: please report it with the command you ran.`)
  return 70
}

/**
 * `main` as the `edition` command runs it (bin/edition.js). What fails outside a command's own
 * flow is said in a line too, never as Node's own stack trace: standard output that is closed
 * (`edition export … | head`: a quiet end, as every Unix tool) or full (`> /dev/full`: exit 1),
 * and an error thrown from a callback (a bug: exit 70).
 */
export async function run(argv: string[]): Promise<number> {
  process.stdout.on('error', (cause: NodeJS.ErrnoException) => {
    if (cause.code !== 'EPIPE') say(`edition: cannot write to standard output: ${cause.message}; the output is incomplete`)
    process.exit(cause.code === 'EPIPE' ? (Number(process.exitCode) || 0) : 1)
  })
  // Standard error closed or full: nothing can be said any more, the status says it.
  process.stderr.on('error', () => process.exit(1))
  const bug = (cause: unknown) => process.exit(internalError(cause))
  process.on('uncaughtException', bug).on('unhandledRejection', bug)
  return main(argv)
}
