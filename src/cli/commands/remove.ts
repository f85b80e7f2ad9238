/** `edition remove`: delete an annotation file (after asking, on a terminal), printing what it held. */
import {createInterface} from 'node:readline/promises'
import {findAnnotation, removeAnnotation} from '../../edit/remove.js'
import {common, commonHelp, say, UsageError, type Command} from '../command.js'
import {edit, printWritten} from '../edit.js'

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({input: process.stdin, output: process.stderr})
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim())
  } finally {
    rl.close()
  }
}

export const remove: Command = {
  name: 'remove',
  summary: 'Remove an annotation (a note or glossary entry) by its id; prints what it removed',
  usage: 'edition remove ID [--yes] [--root DIR]',
  options: {...common, yes: {type: 'boolean', short: 'y', default: false}},
  describe: {...commonHelp, yes: 'Do not ask for confirmation (it is asked only on a terminal)'},
  examples: ['edition remove record-staged', 'edition remove vtsps --yes'],
  async run({values, positionals}) {
    const [id, ...rest] = positionals
    if (!id || rest.length) throw new UsageError('name one annotation to remove, by its id (its file name without .md)')
    const root = String(values.root ?? '.')
    return edit('remove', async () => {
      const found = await findAnnotation(root, id)
      if (found && !values.yes && process.stdin.isTTY && process.stderr.isTTY) {
        if (!(await confirm(`Remove ${found.path} (the ${found.kind === 'gloss' ? 'glossary entry' : 'note'} \`${id}\`)? [y/N] `))) {
          say('edition remove: nothing removed')
          return 1
        }
      }
      printWritten(await removeAnnotation(root, id))
      return 0
    })
  }
}
