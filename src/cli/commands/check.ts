/** `edition check`: every problem at once, as `file:line:col: message`; `--fix` settles moved notes. */
import {resolve} from 'node:path'
import type {Edition} from '../../model/edition.js'
import {hasErrors} from '../../model/messages.js'
import {loadEdition} from '../../load/index.js'
import {fixTargets} from '../../edit/fix.js'
import {common, commonHelp, say, type Command} from '../command.js'
import {edit} from '../edit.js'
import {load, plural} from '../load.js'

/** How the notes anchored, for the closing line. */
function anchoring(edition: Edition): string {
  const notes = [...edition.annotations, ...edition.orphans].filter((a) => a.type === 'note')
  const n = (state: string) => notes.filter((a) => a.anchor.state === state).length
  return `${plural(notes.length, 'note')}: ${n('anchored')} anchored, ${n('moved')} moved, ${plural(n('orphaned'), 'orphan')}`
}

export const check: Command = {
  name: 'check',
  summary: 'Validate the edition and its annotations; print every problem (--fix rewrites moved notes’ targets)',
  usage: 'edition check [--root DIR] [--style CSL] [--fix]',
  options: {...common, style: {type: 'string'}, fix: {type: 'boolean', default: false}},
  describe: {
    ...commonHelp,
    style: 'A CSL style name or .csl path, instead of edition.yaml’s',
    fix: 'Rewrite the target of each moved note to the text as it now is, and record where each note anchored; print each change'
  },
  examples: ['edition check', 'edition check --root ../my-edition', 'edition check --fix'],
  async run({values}) {
    if (values.fix) {
      // Fix first, quietly; then check and report the edition as it is after the fix.
      const root = resolve(String(values.root ?? '.'))
      const first = await loadEdition(root, typeof values.style === 'string' ? {style: values.style} : {})
      const edition = first.edition
      if (!edition || hasErrors(first.files)) say('edition check --fix: the edition has errors; targets are rewritten only once it has none')
      else {
        const code = await edit('check', async () => {
          const fixed = await fixTargets(root, edition)
          const files = (list: string[]) => list.map((f) => f.replace(/^annotations\/notes\//, '').replace(/\.md$/, '')).join(', ')
          for (const line of fixed.changes) say(`edition check --fix: ${line}`)
          const verb = (n: number) => (n === 1 ? 'anchors' : 'anchor')
          if (fixed.recorded.length) say(`edition check --fix: recorded where ${plural(fixed.recorded.length, 'note')} ${verb(fixed.recorded.length)} (position and text hash): ${files(fixed.recorded)}`)
          if (fixed.refreshed.length) say(`edition check --fix: brought up to date the position and text hash of ${plural(fixed.refreshed.length, 'note')} that still ${verb(fixed.refreshed.length)}: ${files(fixed.refreshed)}`)
          for (const o of fixed.orphans) say(`edition check --fix: ${o}: an orphan, left as it is (give it a new quote, or remove it)`)
          say(`edition check --fix: ${fixed.written.length ? `rewrote ${plural(fixed.written.length, 'note')}` : 'nothing to rewrite'}`)
          return 0
        })
        if (code !== 0) return code
      }
    }
    const {edition, errors, warnings} = await load(values)
    if (!edition || errors > 0) {
      say(`edition: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`)
      return 1
    }
    say(`edition: ok: ${plural(edition.sentences.length, 'sentence')}, ${plural(edition.annotations.length + edition.orphans.length, 'annotation')} (${anchoring(edition)}), ${plural(edition.references.length, 'reference')}; ${plural(warnings, 'warning')}`)
    return 0
  }
}
