/**
 * Part of `npm run bench` (issue 15): the pathological inputs found when the tool was attacked,
 * at the stated bounds (src/model/limits.ts) and above them. Each is loaded (checked), one also
 * written by every writer; prints seconds and RSS for each, then a JSON summary as its last line.
 * Asserts nothing (tests assert the bounds themselves, not times). Run by bench/run.mjs in a
 * process of its own (compiled with esbuild): together its fixtures hold about 1 GB.
 */
import {rmSync} from 'node:fs'
import {performance} from 'node:perf_hooks'
import {loadEdition} from '../src/load/index.js'
import {writers} from '../src/write/index.js'
import {MAX_ANNOTATIONS, MAX_TEXT_BYTES, MAX_YAML_DEPTH} from '../src/model/limits.js'
import {gloss, makeEdition, MINIMAL_YAML, note} from '../tests/helpers/fixture.js'

const figures: {label: string; seconds: number; ok: boolean; errors: number; write?: Record<string, number>; rssMB: number}[] = []

async function figure(label: string, make: () => string, write = false): Promise<void> {
  const root = make()
  const t = performance.now()
  const {edition, files} = await loadEdition(root)
  const loaded = performance.now() - t
  const errors = files.flatMap((f) => f.messages.filter((m) => m.fatal === true)).length
  let wrote = ''
  const writeTimes: Record<string, number> = {}
  if (edition && write) {
    for (const [format, writer] of Object.entries(writers)) {
      const w = performance.now()
      await writer.write(edition)
      writeTimes[format] = Math.round(performance.now() - w) / 1000
      wrote += ` ${format} ${((performance.now() - w) / 1000).toFixed(1)}`
    }
  }
  figures.push({label, seconds: Math.round(loaded) / 1000, ok: !!edition, errors, ...(write ? {write: writeTimes} : {}), rssMB: Math.round(process.memoryUsage().rss / 1e6)})
  console.log(`${label.padEnd(64)} ${(loaded / 1000).toFixed(1).padStart(6)} s  ${edition ? 'ok' : `${errors} errors`}${wrote ? `; write (s):${wrote}` : ''}  rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`)
  rmSync(root, {recursive: true, force: true})
}

const sentence = (i: number) => `This is sentence number ${i} of one long paragraph.`

await figure('50,000 occurrences of one glossary term (check + every writer)', () =>
  makeEdition({text: Array.from({length: 5000}, (_, i) => `Sentence ${i} names VTsSPS, VTsSPS, VTsSPS, VTsSPS, VTsSPS, VTsSPS, VTsSPS, VTsSPS, VTsSPS and VTsSPS.`).join(' ') + '\n', glossary: {v: gloss('VTsSPS', ['VTsSPS'])}}), true)
await figure('50,000 paragraphs', () => makeEdition({text: Array.from({length: 50000}, (_, i) => `Paragraph ${i} is here.`).join('\n\n') + '\n'}))
await figure('40,000 unknown keys in edition.yaml', () => makeEdition({text: 'A sentence.\n', yaml: MINIMAL_YAML + Array.from({length: 40000}, (_, i) => `k${i}: 1`).join('\n') + '\n'}))
await figure(`one paragraph of ${(MAX_TEXT_BYTES / 1024 / 1024).toFixed(0)} MiB (the text bound), ~80,000 sentences`, () => {
  let text = ''
  for (let i = 0; Buffer.byteLength(text) + 60 < MAX_TEXT_BYTES; i++) text += `${sentence(i)} `
  return makeEdition({text: text.trimEnd() + '\n'})
})
await figure('one paragraph of 5 MB (above the bound: refused)', () => makeEdition({text: Array.from({length: 100000}, (_, i) => sentence(i)).join(' ') + '\n'}))
await figure('a quote found in 50,000 identical sentences', () => makeEdition({text: Array.from({length: 50000}, () => 'The same sentence again.').join(' ') + '\n', notes: {n1: note('The same sentence again.')}}))
const style = (depth: number) =>
  `<?xml version="1.0"?><style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0"><info><title>t</title><id>t</id><updated>2020-01-01T00:00:00+00:00</updated></info><citation><layout>${'<group>'.repeat(depth)}<text variable="title"/>${'</group>'.repeat(depth)}</layout></citation><bibliography><layout><text variable="title"/></layout></bibliography></style>`
const withStyle = (xml: string) => () => makeEdition({text: 'A sentence here.\n', yaml: MINIMAL_YAML.replace('style: chicago-author-date', 'style: s.csl'), notes: {n1: note('A sentence', '[@a]')}, references: [{id: 'a', type: 'book', title: 'A'}], files: {'edition/s.csl': xml}})
await figure('2,000 nested CSL <group>s (refused at 64)', withStyle(style(2000)))
await figure('61 nested CSL <group>s (64 levels, the bound)', withStyle(style(61)))
await figure(`YAML nested ${MAX_YAML_DEPTH * 100} levels (refused at ${MAX_YAML_DEPTH})`, () => makeEdition({text: 'A sentence.\n', yaml: `${MINIMAL_YAML}x: ${'['.repeat(MAX_YAML_DEPTH * 100)}${']'.repeat(MAX_YAML_DEPTH * 100)}\n`}))
await figure(`${MAX_ANNOTATIONS.toLocaleString('en')} notes (the bound), each on its own sentence`, () =>
  makeEdition({text: Array.from({length: MAX_ANNOTATIONS}, (_, i) => `Sentence w${i} is here.`).join(' ') + '\n', notes: Object.fromEntries(Array.from({length: MAX_ANNOTATIONS}, (_, i) => [`n${i}`, note(`Sentence w${i} is`)]))}))
await figure('1,000 notes on a 4 MiB text (quote search is per note)', () => {
  let text = ''
  for (let i = 0; Buffer.byteLength(text) + 60 < MAX_TEXT_BYTES; i++) text += `${sentence(i)}${i % 20 === 19 ? '\n\n' : ' '}`
  return makeEdition({text: text.trimEnd() + '\n', notes: Object.fromEntries(Array.from({length: 1000}, (_, i) => [`n${i}`, note(`sentence number ${i * 70} of`)]))})
})

console.log(JSON.stringify(figures))
