/** `edition build`: check, then write the reading view, edition.json and every export into one folder. */
import {join, relative} from 'node:path'
import {common, commonHelp, say, type Command} from '../command.js'
import {load, plural} from '../load.js'
import {OutputError, recoverOutput, refuseOutput, writeFolder} from '../output.js'

export const build: Command = {
  name: 'build',
  summary: 'Check, then write the reading view, edition.json and every export',
  usage: 'edition build [--root DIR] [--out DIR] [--style CSL]',
  options: {...common, out: {type: 'string'}, style: {type: 'string'}},
  describe: {...commonHelp, out: 'The output folder (default: dist in the edition’s folder, ROOT/dist)', style: 'A CSL style name or .csl path, instead of edition.yaml’s'},
  examples: ['edition build', 'edition build --root ../my-edition', 'edition build --out site'],
  async run({values}) {
    const {edition, root, errors, warnings, inputs} = await load(values)
    if (!edition || errors > 0) {
      say(`edition: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}; nothing written`)
      return 1
    }
    // Writers are loaded only by the commands that write: `check` never pays for them.
    const {writers} = await import('../../write/index.js')
    // The output belongs to the edition: `--root ../letter` writes ../letter/dist, not ./dist.
    const out = typeof values.out === 'string' ? values.out : join(root, 'dist')
    const outputs = new Map<string, string>()
    for (const writer of Object.values(writers)) {
      outputs.set(writer.file, await writer.write(edition))
      for (const [file, content] of Object.entries(writer.companions ?? {})) outputs.set(file, content())
    }
    try {
      await recoverOutput(out)
      const refusal = await refuseOutput(out, {root, inputs: inputs ?? []})
      if (refusal) throw new OutputError(refusal)
      await writeFolder(out, outputs)
    } catch (cause) {
      if (!(cause instanceof OutputError)) throw cause
      say(`edition: ${cause.message}; nothing written`)
      return 1
    }
    const shown = typeof values.out === 'string' ? values.out : relative(process.cwd(), out) || '.'
    say(`edition: wrote ${[...outputs.keys()].map((f) => join(shown, f)).join(', ')}`)
    return 0
  }
}
