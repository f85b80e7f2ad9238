/** `edition ref add`: merge references (CSL-JSON or BibTeX) into the bibliography, never twice. */
import {addReferences, type ReferenceInput} from '../../edit/references.js'
import {common, commonHelp, say, UsageError, type Command} from '../command.js'
import {edit} from '../edit.js'
import {readInput} from '../input.js'
import {MAX_REFERENCES_BYTES} from '../../model/limits.js'

/** BibTeX by its extension, or (standard input) by its first character; else CSL-JSON. */
const formatOf = (name: string, content: string): ReferenceInput['format'] =>
  /\.(bib|bibtex|biblatex)$/i.test(name) || (name === '<stdin>' && /^\s*[@%]/.test(content)) ? 'bibtex' : 'json'

export const ref: Command = {
  name: 'ref',
  summary: 'Add references (CSL-JSON or BibTeX) to the bibliography; a work already there is reported, never doubled',
  usage: 'edition ref add FILE.json|FILE.bib|- … [--root DIR]',
  options: {...common},
  describe: {...commonHelp},
  examples: ['edition ref add zotero-export.json', 'edition ref add new.bib', 'pbpaste | edition ref add -'],
  async run({values, positionals}) {
    const [action, ...names] = positionals
    if (action !== 'add') throw new UsageError(action ? `unknown action \`${action}\`: the action is \`add\`` : 'say what to do: `edition ref add FILE`')
    if (!names.length) throw new UsageError('name the file(s) to add: CSL-JSON (.json) or BibTeX (.bib), or - for standard input')
    return edit('ref', async () => {
      const inputs: ReferenceInput[] = []
      for (const name of names) {
        const label = name === '-' ? '<stdin>' : name
        const content = await readInput(name, MAX_REFERENCES_BYTES)
        inputs.push({name: label, text: content, format: formatOf(label, content)})
      }
      const merged = await addReferences(String(values.root ?? '.'), inputs)
      for (const line of merged.duplicates) say(`edition ref: ${line}`)
      if (!merged.added.length) {
        say('edition ref: nothing added')
        return 0
      }
      say(`edition: added ${merged.added.map((i) => `\`${i.id}\``).join(', ')} to ${merged.written[0]!.path}`)
      process.stdout.write(`${JSON.stringify(merged.added, null, 2)}\n`)
      return 0
    })
  }
}
