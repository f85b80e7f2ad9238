/** `edition gloss`: a new glossary entry, linked wherever its forms stand. */
import type {CaseRule} from '../../anchor/terms.js'
import {createGloss} from '../../edit/gloss.js'
import {common, commonHelp, UsageError, type Command} from '../command.js'
import {authoring, authoringHelp, authoringOptions, bodyOption, edit, optional, printWritten, required} from '../edit.js'

export const gloss: Command = {
  name: 'gloss',
  summary: 'Write a new glossary entry; its forms are linked wherever they stand',
  usage: 'edition gloss --term TERM --form FORM… [--case exact|ignore|first-letter] --label LABEL [--original TEXT --lang L [--transliteration T]] [--same-as URL…] --body MARKDOWN|- [--status S] [--author NAME] [--id ID]',
  options: {
    ...common,
    term: {type: 'string'},
    form: {type: 'string', multiple: true},
    case: {type: 'string'},
    label: {type: 'string'},
    original: {type: 'string'},
    transliteration: {type: 'string'},
    lang: {type: 'string'},
    'same-as': {type: 'string', multiple: true},
    ...authoringOptions
  },
  describe: {
    ...commonHelp,
    term: 'The term, as the entry’s heading',
    form: 'A form the term takes in the text (repeat for each; whole words; the longest form wins)',
    case: 'How forms match letter case: exact (default), ignore, or first-letter',
    label: 'The expanded label (e.g. All-Union Central Council of Trade Unions)',
    original: 'The original-language form, in its own script',
    transliteration: 'Its romanization (Library of Congress)',
    lang: 'The original’s language (BCP 47: ru, de, …); required with --original',
    'same-as': 'An authority record (Wikidata, VIAF …), http(s); repeat for several',
    ...authoringHelp('entry', 'the term')
  },
  examples: [
    'edition gloss --term "Stakhanovite Conference" --form "Stakhanovite Conference" --label "First All-Union Conference of Stakhanovites" --body "Held in the Kremlin, 14–17 November 1935 [@stalin1935]."',
    'edition gloss --term VTsSPS --form VTsSPS --label "All-Union Central Council of Trade Unions" --original "ВЦСПС" --lang ru --transliteration VTsSPS --body - < vtsps.md'
  ],
  async run({values}) {
    const term = required(values, 'term')
    const label = required(values, 'label')
    const forms = (values.form as string[] | undefined) ?? []
    if (!forms.length) throw new UsageError('give at least one --form (the words to link in the text)')
    const rule = optional(values, 'case')
    if (rule !== undefined && !['exact', 'ignore', 'first-letter'].includes(rule)) throw new UsageError(`--case must be exact, ignore or first-letter, not \`${rule}\``)
    const original = optional(values, 'original')
    const lang = optional(values, 'lang')
    const transliteration = optional(values, 'transliteration')
    if (original !== undefined && !lang) throw new UsageError('--original needs --lang (the language of the original form)')
    if (original === undefined && (lang !== undefined || transliteration !== undefined)) throw new UsageError('--lang and --transliteration describe --original: give it too')
    const who = authoring(values)
    return edit('gloss', async () => {
      const body = await bodyOption(values)
      const made = await createGloss(String(values.root ?? '.'), {
        term,
        forms,
        label,
        body,
        ...(rule ? {case: rule as CaseRule} : {}),
        ...(original !== undefined ? {original: {text: original, ...(transliteration !== undefined ? {transliteration} : {}), language: lang!}} : {}),
        ...(values['same-as'] ? {sameAs: values['same-as'] as string[]} : {}),
        ...who
      })
      const n = made.occurrences.length
      printWritten(made.written, () => (n ? ` (linked at ${n} place${n === 1 ? '' : 's'}: sentence ${[...new Set(made.occurrences)].join(', ')})` : ' (linked in notes only)'))
      return 0
    })
  }
}
