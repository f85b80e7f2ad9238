/**
 * `edition init`: a new edition from a witness, complete and valid, that builds at once.
 *
 * Writes `edition/edition.yaml` (every key, each with a comment saying what it is for),
 * `edition/witness/<file>` (the capture, byte for byte), `edition/text.md` (the witness, with
 * whatever Markdown would read as markup made plain by recorded substitutions), an empty
 * bibliography, one example of a glossary entry and of a note (inactive until renamed to `.md`,
 * and quoting the new text, so they work when renamed), and a `.gitignore`. It never writes into
 * a folder that holds anything.
 */
import {readdir, rm, writeFile} from 'node:fs/promises'
import {existsSync, statSync} from 'node:fs'
import {basename, join, relative, resolve} from 'node:path'
import {common, say, UsageError, type Command} from '../command.js'
import {readText} from '../../read/files.js'
import {deriveText} from '../../text/derive.js'
import {MAX_TEXT_BYTES} from '../../model/limits.js'
import type {Substitution} from '../../model/edition.js'
import {loadEdition} from '../../load/index.js'
import {counts, formatMessages} from '../report.js'
import {plural} from '../load.js'
import {makeFolders} from '../output.js'

const LANGUAGE = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/

export const init: Command = {
  name: 'init',
  summary: 'Make a new edition from a witness, ready to build',
  usage: 'edition init [DIR] --witness FILE [--title T] [--language L]',
  options: {witness: {type: 'string'}, title: {type: 'string'}, language: {type: 'string', default: 'en'}, quiet: common.quiet!},
  describe: {
    witness: 'The capture to edit: a UTF-8 text file (copied byte for byte into edition/witness/)',
    title: 'The edition’s title (default: “Edition of FILE”); change it in edition.yaml at any time',
    language: 'BCP 47 tag of the text: en, de, ru, fr-CA, … (default: en)',
    quiet: 'Print errors and warnings only'
  },
  examples: ['edition init my-letter --witness scans/letter-1936.txt --title "A letter to the VTsSPS, 1936" --language en', 'edition init --witness ../capture.txt'],
  async run({values, positionals}) {
    if (positionals.length > 1) throw new UsageError(`init takes one folder, not ${positionals.length}`)
    if (typeof values.witness !== 'string') throw new UsageError('init needs --witness FILE: the text file the edition is made from')
    const language = String(values.language)
    if (!LANGUAGE.test(language)) throw new UsageError(`--language ${language} is not a BCP 47 tag such as en, de, ru or fr-CA`)
    const dir = resolve(positionals[0] ?? '.')
    const shownDir = relative(process.cwd(), dir) || '.'
    if (existsSync(dir)) {
      if (!statSync(dir).isDirectory()) return refuse(`${shownDir} is a file, not a folder`)
      if ((await readdir(dir)).length) return refuse(`${shownDir} is not empty: init makes a new edition in an empty or new folder, and never writes over anything`)
    }

    const witnessFile = await readText(values.witness, values.witness, {maxBytes: MAX_TEXT_BYTES})
    if (witnessFile.messages.some((m) => m.fatal)) {
      say(formatMessages([witnessFile]))
      return refuse('the witness cannot be used')
    }
    const witnessText = String(witnessFile.value)
    if (!witnessText.trim()) return refuse(`${values.witness} holds no text`)
    const {readFile} = await import('node:fs/promises')
    const bytes = await readFile(witnessFile.data.realpath!)
    const derived = deriveText(witnessText)

    const name = safeFileName(basename(values.witness))
    const title = typeof values.title === 'string' && values.title.trim() ? values.title.trim() : `Edition of ${basename(values.witness)}`
    const files = new Map<string, string | Uint8Array>([
      ['edition/edition.yaml', editionYaml({title, language, witness: `witness/${name}`, interventions: derived.interventions, date: today()})],
      [`edition/witness/${name}`, bytes],
      ['edition/text.md', derived.text],
      ['annotations/references.json', '[]\n'],
      ['.gitignore', 'dist/\nnode_modules/\n']
    ])
    const existed = existsSync(dir)
    const put = async (path: string, content: string | Uint8Array) => {
      await makeFolders(join(dir, path, '..'))
      await writeFile(join(dir, path), content, {flag: 'wx'})
    }
    let loaded: Awaited<ReturnType<typeof loadEdition>>
    try {
      for (const [path, content] of files) await put(path, content)
      // The proof that it builds: the same checks as `edition check`.
      loaded = await loadEdition(dir)
      // The examples quote the text as readers see it, so each works once renamed to .md.
      const plain = loaded.edition?.text ?? ''
      await put('annotations/glossary/example.md.txt', glossaryExample(firstWords(plain, 1)))
      await put('annotations/notes/example.md.txt', noteExample(firstWords(plain, 4)))
    } catch (cause) {
      if (typeof (cause as NodeJS.ErrnoException).code !== 'string') throw cause
      // Nothing half-made is left: the folder was new or empty, so all it holds is init's.
      if (existed) await Promise.all(['.gitignore', 'edition', 'annotations'].map((f) => rm(join(dir, f), {recursive: true, force: true})))
      else await rm(dir, {recursive: true, force: true})
      return refuse(`${shownDir} cannot be written: ${(cause as Error).message}`)
    }
    const {edition, files: checked} = loaded
    const report = formatMessages(checked, {infos: !values.quiet})
    if (report) say(report)
    const {errors, warnings} = counts(checked)
    const escapes = derived.interventions.length
    say(
      [
        `edition: made ${shownDir}: edition/edition.yaml, edition/text.md, edition/witness/${name}, annotations/ (an example glossary entry and note, to rename to .md), .gitignore`,
        escapes ? `  ${plural(escapes, 'intervention')} recorded in edition.yaml: characters Markdown would read as markup, written so that it shows them` : '',
        ...derived.left.map((l) => `  edition/text.md:${l.line}:${l.column}: Markdown still reads this as ${l.what}: settle it by hand (see “The text and its witness” in the README)`),
        edition && errors === 0
          ? `edition: ok: ${plural(edition.sentences.length, 'sentence')}; ${plural(warnings, 'warning')}. Next: describe the source in edition/edition.yaml, then \`edition build${shownDir === '.' ? '' : ` --root ${shownDir}`}\``
          : `edition: ${plural(errors, 'error')} to fix before it builds (listed above)`
      ]
        .filter(Boolean)
        .join('\n')
    )
    return edition && errors === 0 ? 0 : 1
  }
}

function refuse(why: string): number {
  say(`edition init: ${why}; nothing written`)
  return 1
}

const today = () => {
  const d = new Date()
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

/** The witness's file name, kept unless it holds what a path or YAML would misread. */
const safeFileName = (name: string) => (/^[\w.-]+$/u.test(name) && !name.startsWith('.') ? name : name.replace(/[^\w.-]+/gu, '-').replace(/^[.-]+/, '') || 'witness.txt')

/** A YAML string: JSON's double-quoted form is valid YAML and escapes everything. */
const q = (s: string) => JSON.stringify(s)

function editionYaml(o: {title: string; language: string; witness: string; interventions: Substitution[]; date: string}): string {
  const interventions = o.interventions.length
    ? '\n' +
      o.interventions
        .map((i) =>
          [
            `  - id: ${i.id}`,
            `    type: substitution`,
            `    line: ${i.line}`,
            `    column: ${i.column}`,
            `    original: ${q(i.original)}`,
            `    reading: ${q(i.reading)}`,
            `    description: ${q(i.description)}`,
            `    reason: ${q(i.reason)}`
          ].join('\n')
        )
        .join('\n')
    : ' []'
  return `# edition.yaml: what this edition is, who made it, what it was made from.
# Every key is described in the README (“edition.yaml, key by key”); the schema is
# schema/edition.schema.json in the toolkit (point your editor's YAML language server at it).

# The edition's title, as readers cite it. (required)
title: ${q(o.title)}
# A subtitle, shown after the title. (optional)
# subtitle: "An annotated edition"

# The language of the text, a BCP 47 tag: en, de, ru, fr-CA. (required)
language: ${q(o.language)}

# Who made the edition: at least one, each with a name, and optionally a role and an ORCID iD. (required)
editors:
  - name: "The editors"
    # role: editor
    # orcid: "0000-0002-1825-0097"

# This edition's own version and the date of this version, both quoted. (required)
version: "0.1.0"
date: "${o.date}"

# Where the edition is published, if it is (http or https). (optional)
# url: "https://example.org/my-edition/"

# Licences: of your notes and glossary (notes), of the software (code), and a statement
# on the rights in the reproduced text (text). (required, all three)
licence:
  notes: CC-BY-4.0
  code: MIT
  text: "The rights in the reproduced text are not yet stated."

# What the witness is a copy of. (required: work and holds)
source:
  # The work, as a CSL-JSON item without id. Its type is a CSL type: article-journal, book,
  # chapter, manuscript, document, personal_communication (a letter), webpage, … Add what is
  # known (author, title, issued, container-title, publisher, archive, archive_location, …);
  # leave out what is not.
  work:
    type: document
    # title: "Letter to the Central Council"
    # author: [{family: "Petrov", given: "Ivan"}]
    # issued: {date-parts: [[1936, 3, 2]]}
  # What of the work is not known: every output says so, and nothing is guessed.
  unknown: [author, title, issued]
  unknown-note: "The editors have not yet described the source."
  # What the capture holds, in a sentence.
  holds: ${q(`The whole of ${basename(o.witness)}, as captured.`)}
  # Where it was captured: archive or database, record or shelfmark, address, date. (optional)
  # repository: "State Archive of the Russian Federation"
  # record: "f. 5451, op. 1, d. 2"
  # url: "https://example.org/record/1"
  # captured: "2026-01-31"

# Citation style: a name from /usr/share/citation-style-language/styles (chicago-author-date,
# apa, modern-language-association, …) or a .csl file inside this edition. (optional)
style: chicago-author-date

# The witness: the capture, byte for byte, never edited; its path relative to edition/. (required)
witness: ${q(o.witness)}

# Every change from the witness to edition/text.md: an omission (whole witness lines) or a
# substitution (a stretch of one line). The text must be the witness with these applied. (required)
#  - id: omit-header
#    type: omission
#    lines: [1, 2]          # witness lines, 1-based, inclusive
#    description: "Omitted the archive's stamp."
#    reason: "It is not part of the letter."
#  - id: fix-typo
#    type: substitution
#    line: 7                # witness line, 1-based
#    column: 12             # where original starts on it, counted in characters
#    original: "recieved"
#    reading: "received"
#    description: "Corrected a misspelling."
#    reason: "A slip of the typist."
interventions:${interventions}
`
}

/**
 * The first `n` words of the plain text (more, until the quote occurs once), for the examples:
 * a quote must be found exactly once to anchor.
 */
function firstWords(plain: string, n: number): string {
  const words = [...plain.matchAll(/[\p{L}\p{N}][\p{L}\p{N}’'-]*/gu)]
  if (!words.length) return 'text'
  for (let k = Math.min(n, words.length); k <= words.length && k <= 40; k++) {
    const quote = plain.slice(words[0]!.index, words[k - 1]!.index + words[k - 1]![0].length)
    if (n === 1 || plain.indexOf(quote, words[0]!.index + 1) === -1) return quote
  }
  return words[0]![0]
}

function glossaryExample(word: string): string {
  return `---
# An example glossary entry. Rename this file to <id>.md (the id: lowercase letters, digits and
# hyphens) to use it; the README (“A glossary entry”) describes every key.
term: ${q(word)}
forms: [${q(word)}]          # exact forms to find in the text (whole words)
case: exact                  # exact | ignore | first-letter
label: ${q(`What “${word}” means`)}
# original: {text: "…", transliteration: "…", language: ru}
# sameAs: ["https://www.wikidata.org/wiki/Q…"]
status: unverified           # verified | unverified | disputed
author: "The editors"
created: "${today()}"
modified: "${today()}"
---
What the term means, and what the entry rests on. Cite works as \`[@key, 12–15]\` once they
are in annotations/references.json.
`
}

function noteExample(quote: string): string {
  return `---
# An example note on a passage. Rename this file to <id>.md to use it; the README
# (“A note on a passage”) describes every key.
target:
  exact: ${q(quote)}   # the quoted words, as readers see them in the text
  # prefix: "…"                   # the text just before, when the quote alone is ambiguous
  # suffix: "…"                   # the text just after
status: unverified               # verified | unverified | disputed
author: "The editors"
created: "${today()}"
modified: "${today()}"
# further-reading: ["@key, chap. 2"]
---
What the editors say about the passage, with the evidence cited as \`[@key, 66–98]\` (each key
in annotations/references.json).
`
}
