/**
 * The `edition` command. Reads like a table of contents: parse the arguments, load the
 * edition into the model, then check, build or export.
 */
import {parseArgs} from 'node:util'
import {resolve} from 'node:path'
import {loadEdition} from '../load/index.js'
import {writers} from '../write/index.js'
import {counts, formatMessages} from './report.js'
import {OutputError, refuseOutput, writeFileAtomic, writeFolder} from './build.js'

const HELP = `Usage: edition <command> [options]

Commands:
  check                 Validate the edition and its annotations; print every problem
  build                 Check, then write the reading view, edition.json and every export
  export --format F     Write one format to standard output (or --out FILE)
  help                  Show this help

Options:
  --root DIR            The edition's folder, holding edition/ and annotations/ (default: .)
  --out PATH            build: output folder (default: dist); export: output file
  --format F            export: one of ${Object.keys(writers).join(', ')}
  --style CSL           A CSL style name or .csl path, instead of edition.yaml's
  --quiet               Print errors and warnings only

Exit status: 0 on success, 1 on any error (messages as file:line:col: message), 2 on bad usage.`

export async function main(argv: string[]): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        root: {type: 'string', default: '.'},
        out: {type: 'string'},
        format: {type: 'string'},
        style: {type: 'string'},
        quiet: {type: 'boolean', default: false},
        help: {type: 'boolean', short: 'h', default: false}
      }
    })
  } catch (cause) {
    process.stderr.write(`edition: ${(cause as Error).message}\n\n${HELP}\n`)
    return 2
  }
  const {values, positionals} = parsed
  const command = positionals[0] ?? 'help'
  if (values.help || command === 'help') {
    process.stdout.write(HELP + '\n')
    return 0
  }
  if (!['check', 'build', 'export'].includes(command)) {
    process.stderr.write(`edition: unknown command \`${command}\`\n\n${HELP}\n`)
    return 2
  }
  if (command === 'export' && !(values.format && values.format in writers)) {
    process.stderr.write(`edition: export needs --format, one of ${Object.keys(writers).join(', ')}\n`)
    return 2
  }

  const root = resolve(values.root)
  const {edition, files} = await loadEdition(root, values.style ? {style: values.style} : {})
  const report = formatMessages(files, {infos: !values.quiet})
  if (report) process.stderr.write(report + '\n')
  const {errors, warnings} = counts(files)
  if (!edition || errors > 0) {
    process.stderr.write(`edition: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}; nothing written\n`)
    return 1
  }

  if (command === 'check') {
    process.stderr.write(`edition: ok: ${edition.sentences.length} sentences, ${edition.annotations.length} annotations, ${edition.references.length} references; ${warnings} warning${warnings === 1 ? '' : 's'}\n`)
    return 0
  }
  if (command === 'export') {
    const output = await writers[values.format!]!.write(edition)
    if (!values.out) {
      process.stdout.write(output)
      return 0
    }
    try {
      await writeFileAtomic(values.out, output, root)
    } catch (cause) {
      if (!(cause instanceof OutputError)) throw cause
      process.stderr.write(`edition: ${cause.message}; nothing written\n`)
      return 1
    }
    return 0
  }
  const out = values.out ?? 'dist'
  const refusal = await refuseOutput(out, root, Object.values(writers).map((w) => w.file))
  if (refusal) {
    process.stderr.write(`edition: ${refusal}; nothing written\n`)
    return 1
  }
  const outputs = new Map<string, string>()
  for (const writer of Object.values(writers)) outputs.set(writer.file, await writer.write(edition))
  await writeFolder(out, outputs)
  process.stderr.write(`edition: wrote ${[...outputs.keys()].map((f) => `${out}/${f}`).join(', ')}\n`)
  return 0
}
