/**
 * The revision table: on a copy of the edition, each edit of `text.md` (recorded as an
 * intervention, so the text stays the witness with its interventions) gives the stated result.
 * Every copy first has `edition check --fix` record where each note anchors (position and text
 * hash), as an editor would once; then the text is revised and checked again.
 */
import {describe, expect, it} from 'vitest'
import {loadEdition} from '../src/load/index.js'
import {readdirSync} from 'node:fs'
import {join} from 'node:path'
import {alterWitness, copyEdition, read, revise, run, write} from './fixtures/edition-copy.js'

/** A copy whose notes all record where they anchor. */
async function anchoredCopy(): Promise<string> {
  const root = copyEdition()
  // As an edition whose notes were written by hand: no recorded position or text hash yet.
  for (const name of readdirSync(join(root, 'annotations/notes'))) {
    write(root, `annotations/notes/${name}`, read(root, `annotations/notes/${name}`).replace(/\n {2}(?:position|text): .*(?=\n)/g, ''))
  }
  const fixed = await run(root, 'check', '--fix', '--quiet')
  expect(fixed.code, fixed.stderr).toBe(0)
  expect(fixed.stderr).toMatch(/recorded where 16 notes anchor \(position and text hash\): productivity-drives, earlier-drives, /)
  expect(fixed.stderr).toMatch(/rewrote 16 notes/)
  return root
}

const warnings = (stderr: string, rule: string) => stderr.split('\n').filter((l) => l.includes(`[${rule}]`))

async function note(root: string, id: string) {
  const {edition, files} = await loadEdition(root)
  const a = [...(edition?.annotations ?? []), ...(edition?.orphans ?? [])].find((x) => x.id === id)
  return {edition, files, a}
}

describe('the revision table: edits of the text and what becomes of the notes', () => {
  it('a typo fixed inside a quote: moved (old and new text shown), and --fix settles it', async () => {
    const root = copyEdition()
    alterWitness(root, 'drive of production efficiency', 'drive of prodution efficiency')
    const made = await run(root, 'annotate', '--quote', 'accelerate the drive of prodution efficiency', '--body', 'On the drive.', '--id', 'the-drive')
    expect(made.code, made.stderr).toBe(0)
    expect(read(root, 'annotations/notes/the-drive.md')).toMatch(/position: \d+\n  text: cyrb53:[0-9a-f]{14}\n/)

    revise(root, 'typo', 'prodution', 'production', 'Corrected the slip “prodution”.')
    const checked = await run(root, 'check')
    expect(checked.code, checked.stderr).toBe(0)
    expect(warnings(checked.stderr, 'quote-moved')).toEqual([
      expect.stringMatching(/annotations\/notes\/the-drive\.md:\d+:\d+: warning: The passage has changed since the note was anchored: was “accelerate the drive of prodution efficiency”, now “accelerate the drive of production efficiency” \(sentence 2\)/)
    ])
    expect((await note(root, 'the-drive')).a?.anchor).toEqual({state: 'moved', was: 'accelerate the drive of prodution efficiency', now: 'accelerate the drive of production efficiency'})

    const fixed = await run(root, 'check', '--fix')
    expect(fixed.code, fixed.stderr).toBe(0)
    expect(fixed.stderr).toMatch(/edition check --fix: annotations\/notes\/the-drive\.md: quote “accelerate the drive of prodution efficiency” → “accelerate the drive of production efficiency”; text “cyrb53:[0-9a-f]+” → “cyrb53:[0-9a-f]+”/)
    expect(read(root, 'annotations/notes/the-drive.md')).toContain('  exact: accelerate the drive of production efficiency\n')
    const after = await run(root, 'check')
    expect(warnings(after.stderr, 'quote-moved')).toEqual([])
    expect((await note(root, 'the-drive')).a?.anchor).toEqual({state: 'anchored'})
  })

  it('words inserted before the quote: anchored, at its new place', async () => {
    const root = await anchoredCopy()
    const before = (await note(root, 'secretaries-commit')).a!.targets[0]!
    revise(root, 'insert', 'Only with the party plenum', 'Only at the end of the year, with the party plenum', 'Inserted words.')
    const checked = await run(root, 'check')
    expect(checked.code, checked.stderr).toBe(0)
    expect(warnings(checked.stderr, 'quote-moved')).toEqual([])
    const {a} = await note(root, 'secretaries-commit')
    expect(a?.anchor).toEqual({state: 'anchored'})
    expect(a!.targets[0]!.start).toBe(before.start + 'at the end of the year, '.length)
  })

  it('a sentence split in two: anchored, the target spanning both sentences', async () => {
    const root = await anchoredCopy()
    expect((await run(root, 'annotate', '--quote', 'the VTsSPS leadership as it devoted itself', '--body', 'Why the delay.', '--id', 'the-leadership')).code).toBe(0)
    // A paragraph break inside the sentence: the quote's words are unchanged, its spaces compare alike.
    revise(root, 'split', 'leadership as it devoted', 'leadership\n\nas it devoted', 'A paragraph break in sentence 6.')
    const checked = await run(root, 'check')
    expect(checked.code, checked.stderr).toBe(0)
    expect(warnings(checked.stderr, 'quote-moved')).toEqual([])
    const {a, edition} = await note(root, 'the-leadership')
    expect(edition!.sentences).toHaveLength(15)
    expect(a?.anchor).toEqual({state: 'anchored'})
    expect(a!.targets[0]!.sentences.map((id) => edition!.sentences.find((s) => s.id === id)!.n)).toEqual([6, 7])
  })

  it('a sentence split with new punctuation inside the quote: moved, --fix settles it, the target spanning both', async () => {
    const root = await anchoredCopy()
    expect((await run(root, 'annotate', '--quote', 'the VTsSPS leadership as it devoted itself', '--body', 'Why the delay.', '--id', 'the-leadership')).code).toBe(0)
    revise(root, 'split', 'leadership as it devoted', 'leadership. It devoted', 'Split sentence 6 in two.')
    const checked = await run(root, 'check')
    expect(warnings(checked.stderr, 'quote-moved')[0]).toMatch(/was “the VTsSPS leadership as it devoted itself”, now “the VTsSPS leadership. It devoted itself” \(sentence 6\)/)
    expect((await run(root, 'check', '--fix')).code).toBe(0)
    const {a, edition} = await note(root, 'the-leadership')
    expect(a?.anchor).toEqual({state: 'anchored'})
    expect(a!.targets[0]!.sentences.map((id) => edition!.sentences.find((s) => s.id === id)!.n)).toEqual([6, 7])
  })

  it('two sentences swapped: anchored, each note where its sentence now stands', async () => {
    const root = await anchoredCopy()
    const s7 = 'Thus the unions’ response to the Stakhanovite movement was delayed.'
    const s8 = 'The union meeting in November 1935, shortly after the Stakhanovite Conference, revealed their confusion as well as their reorientation.'
    revise(root, 'swap', `${s7} ${s8}`, `${s8} ${s7}`, 'Sentences 7 and 8 swapped.')
    const checked = await run(root, 'check')
    expect(checked.code, checked.stderr).toBe(0)
    expect(warnings(checked.stderr, 'quote-moved')).toEqual([])
    const {edition} = await note(root, 'unions-delay')
    const byId = (id: string) => edition!.annotations.find((x) => x.id === id)!
    expect(byId('unions-delay').anchor).toEqual({state: 'anchored'})
    expect(byId('november-union-meeting').anchor).toEqual({state: 'anchored'})
    expect(edition!.sentences.find((s) => s.id === byId('unions-delay').targets[0]!.sentences[0])!.n).toBe(8)
    expect(edition!.sentences.find((s) => s.id === byId('november-union-meeting').targets[0]!.sentences[0])!.n).toBe(7)
  })

  it('the quoted passage deleted: orphaned (warned, shown, never dropped); the edition still builds', async () => {
    const root = await anchoredCopy()
    revise(root, 'cut', ' as it devoted itself to work with party leaders', '', 'Deleted a clause.')
    const checked = await run(root, 'check')
    expect(checked.code, checked.stderr).toBe(0)
    expect(warnings(checked.stderr, 'quote-orphaned')).toEqual([
      expect.stringMatching(/annotations\/notes\/vtsps-autumn-1935\.md:\d+:\d+: warning: The passage “as it devoted itself to work with party leaders” is no longer in the text.*kept as an orphan/)
    ])
    const {edition, a} = await note(root, 'vtsps-autumn-1935')
    expect(edition!.orphans.map((o) => o.id)).toEqual(['vtsps-autumn-1935'])
    expect(edition!.annotations.some((x) => x.id === 'vtsps-autumn-1935')).toBe(false)
    expect(a!.anchor.state).toBe('orphaned')
    expect(a!.targets).toEqual([])
    // Its body is formatted like any note's: the citations it makes are in the bibliography.
    expect(edition!.bibliography.length).toBeGreaterThan(0)
    const listed = await run(root, 'list', '--json')
    expect(JSON.parse(listed.stdout).find((r: {id: string}) => r.id === 'vtsps-autumn-1935')).toMatchObject({anchor: 'orphaned', sentences: []})
    const built = await run(root, 'build', '--out', `${root}/dist`)
    expect(built.code, built.stderr).toBe(0)
  })

  it('a second identical occurrence added: ambiguous, reported with the prefix or suffix that settles it', async () => {
    const root = await anchoredCopy()
    revise(root, 'again', 'exhausted from April.', 'exhausted from April. The union meeting in November 1935 was its last.', 'Added a sentence.')
    const checked = await run(root, 'check')
    expect(checked.code).toBe(1)
    expect(checked.stderr).toMatch(
      /annotations\/notes\/november-union-meeting\.md:\d+:10: error: The quote `The union meeting in November 1935` is found 2 times \(sentence 8, sentence 15\); add (prefix|suffix): "[^"]+" to target the one in sentence 8, where the note was last anchored, or the like for another \[quote-ambiguous\]/
    )
  })

  it('a glossary form’s only occurrence deleted: an error naming the entry', async () => {
    const root = await anchoredCopy()
    revise(root, 'cut', ' for Stakhanovite workers', '', 'Deleted words.')
    const checked = await run(root, 'check')
    expect(checked.code).toBe(1)
    expect(checked.stderr).toMatch(/annotations\/glossary\/stakhanovite-workers\.md:4:\d+: error: The form `Stakhanovite workers` matches nothing in the text or in any note/)
  })
})
