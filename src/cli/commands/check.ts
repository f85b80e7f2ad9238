/** `edition check`: every problem at once, as `file:line:col: message`. */
import {common, commonHelp, say, type Command} from '../command.js'
import {load, plural} from '../load.js'

export const check: Command = {
  name: 'check',
  summary: 'Validate the edition and its annotations; print every problem',
  usage: 'edition check [--root DIR] [--style CSL]',
  options: {...common, style: {type: 'string'}},
  describe: {...commonHelp, style: 'A CSL style name or .csl path, instead of edition.yaml’s'},
  examples: ['edition check', 'edition check --root ../my-edition'],
  async run({values}) {
    const {edition, errors, warnings} = await load(values)
    if (!edition || errors > 0) {
      say(`edition: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`)
      return 1
    }
    say(`edition: ok: ${plural(edition.sentences.length, 'sentence')}, ${plural(edition.annotations.length, 'annotation')}, ${plural(edition.references.length, 'reference')}; ${plural(warnings, 'warning')}`)
    return 0
  }
}
