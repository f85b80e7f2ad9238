/** `edition annotate`: a new note on a quoted passage. */
import {createNote} from '../../edit/note.js'
import {common, commonHelp, UsageError, type Command} from '../command.js'
import {authoring, authoringHelp, authoringOptions, bodyOption, edit, optional, printWritten, required} from '../edit.js'

export const annotate: Command = {
  name: 'annotate',
  summary: 'Write a new note on a passage of the text, given by a quote',
  usage: 'edition annotate --quote TEXT [--prefix P] [--suffix S] [--sentence N] --body MARKDOWN|- [--status S] [--author NAME] [--id ID]',
  options: {
    ...common,
    quote: {type: 'string'},
    prefix: {type: 'string'},
    suffix: {type: 'string'},
    sentence: {type: 'string'},
    ...authoringOptions
  },
  describe: {
    ...commonHelp,
    quote: 'The passage, as it stands in the text (line breaks and spaces compare alike)',
    prefix: 'Text just before the passage, when the quote stands in several places',
    suffix: 'Text just after the passage, when the quote stands in several places',
    sentence: 'The number of the sentence the passage starts in (the context is then written for you)',
    ...authoringHelp('note', 'the quote’s first words')
  },
  examples: [
    'edition annotate --quote "record-breaking achievement of Stakhanov" --body "Set in the night of 30–31 August 1935 [@gse1979-stakhanov]."',
    'edition annotate --quote "the unions" --sentence 4 --body - < note.md'
  ],
  async run({values}) {
    const quote = required(values, 'quote')
    const sentence = optional(values, 'sentence')
    if (sentence !== undefined && !/^[1-9]\d*$/.test(sentence)) throw new UsageError(`--sentence must be a sentence number, not \`${sentence}\``)
    const who = authoring(values)
    return edit('annotate', async () => {
      const body = await bodyOption(values)
      const made = await createNote(String(values.root ?? '.'), {
        quote,
        body,
        ...(optional(values, 'prefix') !== undefined ? {prefix: optional(values, 'prefix')!} : {}),
        ...(optional(values, 'suffix') !== undefined ? {suffix: optional(values, 'suffix')!} : {}),
        ...(sentence !== undefined ? {sentence: Number(sentence)} : {}),
        ...who
      })
      printWritten(made.written, () => ` (sentence ${made.sentences.join('–')})`)
      return 0
    })
  }
}
