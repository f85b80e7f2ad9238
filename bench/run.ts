/**
 * `npm run bench`: figures for book-scale input. Prints timings; asserts nothing (tests assert
 * only deterministic budgets). Generates a synthetic edition from the abstract's sentences.
 */
import {readFileSync, rmSync} from 'node:fs'
import {performance} from 'node:perf_hooks'
import {segmentParagraph} from '../src/text/segment.js'
import {loadEdition} from '../src/load/index.js'
import {writers} from '../src/write/index.js'
import {makeEdition, gloss, note} from '../tests/helpers/fixture.js'

const abstract = readFileSync(new URL('../edition/text.md', import.meta.url), 'utf8').trim()

function time<T>(label: string, fn: () => T): T {
  const t = performance.now()
  const r = fn()
  console.log(`${label.padEnd(48)} ${(performance.now() - t).toFixed(1).padStart(9)} ms`)
  return r
}
async function timeAsync<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t = performance.now()
  const r = await fn()
  console.log(`${label.padEnd(48)} ${(performance.now() - t).toFixed(1).padStart(9)} ms`)
  return r
}

/** A book: `paragraphs` paragraphs of the abstract, each sentence made unique by a number. */
function book(paragraphs: number): string {
  const out: string[] = []
  for (let p = 0; p < paragraphs; p++) out.push(abstract.replace(/\. /g, () => ` (${p}). `))
  return out.join('\n\n') + '\n'
}

console.log(`node ${process.version}`)
for (const n of [10, 100, 500]) {
  const text = book(n)
  const paragraphs = text.split('\n\n')
  const count = time(`segment ${n} paragraphs (${(text.length / 1024).toFixed(0)} KiB), per paragraph`, () => paragraphs.reduce((k, p) => k + segmentParagraph(p).length, 0))
  console.log(`  ${count} sentences`)
}

for (const n of [100, 500]) {
  const text = book(n)
  const root = makeEdition({
    text,
    glossary: {
      vtsps: gloss('VTsSPS', ['VTsSPS']),
      movement: gloss('Stakhanovite movement', ['Stakhanovite movement', 'Stakhanovite campaign']),
      stakhanov: gloss('Stakhanov', ['Stakhanov'])
    },
    notes: {n1: note('Only with the party plenum in December did VTsSPS secretaries finally commit themselves to the promotion of the campaign (0)')},
    references: []
  })
  const loaded = await timeAsync(`load ${n} paragraphs (${(text.length / 1024).toFixed(0)} KiB): parse, segment, gloss`, () => loadEdition(root))
  const edition = loaded.edition!
  console.log(`  ${edition.sentences.length} sentences, ${edition.annotations.reduce((k, a) => k + a.targets.length, 0)} anchored targets`)
  for (const [format, writer] of Object.entries(writers)) {
    const out = await timeAsync(`  write ${format} (${writer.file})`, async () => writer.write(edition))
    console.log(`    ${(out.length / 1024).toFixed(0)} KiB`)
  }
  rmSync(root, {recursive: true, force: true})
}
