/** `edition import`: Web Annotations (Hypothesis, Recogito, the edition's own export) as note files. */
import {readFile} from 'node:fs/promises'
import {importFile} from '../../edit/import.js'
import {common, commonHelp, say, UsageError, type Command} from '../command.js'
import {edit, printWritten} from '../edit.js'

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
    const text = await readFile(name, 'utf8').catch(() => {
      throw new UsageError(`cannot read \`${name}\``)
    })
    return edit('import', async () => {
      const result = await importFile(String(values.root ?? '.'), {name, text})
      printWritten(result.written)
      for (const line of result.lines) say(`edition import: ${line.outcome}: ${line.message}`)
      const n = (o: string) => result.lines.filter((l) => l.outcome === o).length
      say(`edition: imported ${result.written.length} (${n('anchored')} anchored, ${n('moved')} moved, ${n('orphan')} orphans); ${n('duplicate')} duplicates and ${n('skipped')} others not imported`)
      return 0
    })
  }
}
