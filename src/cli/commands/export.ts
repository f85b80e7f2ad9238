/** `edition export`: one format, to standard output or a file. */
import {FORMATS} from '../../write/formats.js'
import {common, commonHelp, say, UsageError, type Command} from '../command.js'
import {load, plural} from '../load.js'
import {OutputError, writeFileAtomic} from '../output.js'

export const exportCommand: Command = {
  name: 'export',
  summary: 'Write one format to standard output (or --out FILE)',
  usage: 'edition export --format F [--root DIR] [--out FILE] [--style CSL]',
  options: {...common, format: {type: 'string'}, out: {type: 'string'}, style: {type: 'string'}},
  describe: {
    ...commonHelp,
    format: `One of ${FORMATS.join(', ')}`,
    out: 'The output file (default: standard output)',
    style: 'A CSL style name or .csl path, instead of edition.yaml’s'
  },
  examples: ['edition export --format tei --out edition.xml', 'edition export --format md | pandoc --citeproc -o edition.docx'],
  async run({values}) {
    const format = values.format
    if (typeof format !== 'string') throw new UsageError(`export needs --format, one of ${FORMATS.join(', ')}`)
    if (!FORMATS.includes(format)) throw new UsageError(`unknown format \`${format}\`: choose one of ${FORMATS.join(', ')}`)
    const {edition, root, errors, warnings, inputs} = await load(values)
    if (!edition || errors > 0) {
      say(`edition: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}; nothing written`)
      return 1
    }
    const {writers} = await import('../../write/index.js')
    const output = await writers[format]!.write(edition)
    if (typeof values.out !== 'string') {
      process.stdout.write(output)
      return 0
    }
    try {
      await writeFileAtomic(values.out, output, {root, inputs: inputs ?? []})
    } catch (cause) {
      if (!(cause instanceof OutputError)) throw cause
      say(`edition: ${cause.message}; nothing written`)
      return 1
    }
    return 0
  }
}
