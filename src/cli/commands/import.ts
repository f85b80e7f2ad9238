/** `edition import`: Web Annotations (Hypothesis, Recogito, the edition's own export) as note files. */
import {importFile} from '../../edit/import.js'
import {common, commonHelp, say, UsageError, type Command} from '../command.js'
import {edit, printWritten} from '../edit.js'
import {readInput} from '../input.js'
import {MAX_IMPORT_BYTES} from '../../model/limits.js'

export const importCommand: Command = {
  name: 'import',
  summary: 'Import W3C Web Annotations (Hypothesis, Recogito, annotations.jsonld) as notes, re-anchored; orphans kept',
  usage: 'edition import FILE.jsonld|FILE.json [--root DIR]',
  options: {...common},
  describe: {...commonHelp},
  examples: ['edition import hypothesis-export.json', 'edition import dist/annotations.jsonld'],
  async run({values, positionals}) {
    const [name, ...rest] = positionals
    if (!name || rest.length) throw new UsageError('name one file to import: W3C Web Annotations (.jsonld), or a Hypothesis or Recogito export (.json)')
    return edit('import', async () => {
      const text = await readInput(name, MAX_IMPORT_BYTES)
      const result = await importFile(String(values.root ?? '.'), {name, text})
      printWritten(result.written)
      for (const line of result.lines) say(`edition import: ${line.outcome}: ${line.message}`)
      const n = (o: string) => result.lines.filter((l) => l.outcome === o).length
      say(`edition: imported ${result.written.length} (${n('anchored')} anchored, ${n('moved')} moved, ${n('orphan')} orphans); ${n('duplicate')} duplicates and ${n('skipped')} others not imported`)
      return 0
    })
  }
}
