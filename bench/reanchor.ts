/**
 * Re-anchoring after a revision, at book scale: 10,000 notes on a 1 MiB text, after 1 % of its
 * sentences were edited (a word replaced, inserted or deleted). Prints the time the anchor
 * stage takes to find them all again, and what became of them; asserts nothing.
 *
 * Run by `npm run bench` (bench/run.mjs compiles it with esbuild); its last line is a JSON summary.
 */
import {performance} from 'node:perf_hooks'
import {anchorQuotes, othersOf, type Found} from '../src/anchor/reanchor.js'
import {FoldedText, findAll, fold} from '../src/anchor/search.js'
import {TextPositionAnchor, textHash} from '../src/anchor/types.js'
import {quoteTarget} from '../src/anchor/index.js'
import {settledSelector} from '../src/anchor/quote.js'

/** mulberry32: the same pseudo-random numbers on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const WORDS = (
  'the of and to in a that unions was it his is with as for had workers not be her on at by which have or from this ' +
  'party but all she they were plenum are campaign one their so an said them we who would been will no when there if more ' +
  'out up into production any norms what has man could other than output some very time upon about may its only now like ' +
  'Stakhanovite then can should made did us such great before must two these see know over much down after first secretaries ' +
  'good men own never most old shall day where those came come VTsSPS way work life without go make well through being ' +
  'long say might how leadership too even record under years think house again mine Donbas shift coal evening morning'
).split(' ')

const rnd = random(42)
const pick = () => WORDS[Math.floor(rnd() * WORDS.length)]!

// The text: paragraphs of sentences, about 1 MiB.
const paragraphs: string[][] = []
let size = 0
while (size < 1 << 20) {
  const p: string[] = []
  for (let k = 4 + Math.floor(rnd() * 6); k > 0; k--) {
    const words = Array.from({length: 8 + Math.floor(rnd() * 22)}, pick)
    const s = words.join(' ')
    p.push(s[0]!.toUpperCase() + s.slice(1) + '.')
    size += s.length + 2
  }
  paragraphs.push(p)
}
const join = (ps: string[][]) => ps.map((p) => p.join(' ')).join('\n\n')
const before = join(paragraphs)
const sentences = paragraphs.flat().length

// 10,000 notes, each on a passage of 20–300 characters that occurs once, as `edition check` requires.
const N = 10_000
const candidates: {start: number; end: number}[] = []
while (candidates.length < N * 1.2) {
  const start = Math.floor(rnd() * (before.length - 320))
  candidates.push({start, end: start + 20 + Math.floor(rnd() * 280)})
}
const beforeFolded = new FoldedText(before)
const counts = findAll(beforeFolded.text, candidates.map((r) => fold(before.slice(r.start, r.end))))
const passages = candidates.filter((_, i) => counts[i]!.length === 1).slice(0, N)
const hashBefore = textHash(before)
const notes = passages.map((r) => ({
  exact: before.slice(r.start, r.end),
  position: TextPositionAnchor.fromRange(before, r).toSelector().start,
  text: hashBefore
}))

// The revision: 1 % of the sentences get one word replaced, inserted or deleted.
const edited = new Set<string>()
const all = paragraphs.flatMap((p, i) => p.map((_, j) => `${i}/${j}`))
while (edited.size < Math.round(sentences / 100)) edited.add(all[Math.floor(rnd() * all.length)]!)
const revised = paragraphs.map((p, i) =>
  p.map((s, j) => {
    if (!edited.has(`${i}/${j}`)) return s
    const w = s.split(' ')
    const at = 1 + Math.floor(rnd() * (w.length - 2))
    const op = Math.floor(rnd() * 3)
    if (op === 0) w[at] = 'revised'
    else if (op === 1) w.splice(at, 0, 'newly', 'inserted')
    else w.splice(at, 1)
    return w.join(' ')
  })
)
const after = join(revised)

console.log(`node ${process.version}`)
console.log(`text: ${(after.length / 1024).toFixed(0)} KiB, ${sentences} sentences, ${edited.size} edited (1 %); ${notes.length} notes`)
const runs: {wallMs: number; cpuMs: number; states: Record<string, number>}[] = []
for (let run = 1; run <= 5; run++) {
  const t = performance.now()
  const cpu = process.cpuUsage()
  // What the anchor stage does for notes: targets from the front matter, every quote found, moved ones settled.
  const hash = textHash(after)
  const targets = notes.map((n) => quoteTarget(after, n, hash))
  const folded = new FoldedText(after)
  const found = anchorQuotes(after, targets, folded)
  const moved = found.flatMap((f) => (f.state === 'moved' ? [f.range] : []))
  othersOf(folded, moved).forEach((others, k) => settledSelector(after, moved[k]!, others))
  const ms = performance.now() - t
  const used = process.cpuUsage(cpu)
  const states = found.reduce<Record<string, number>>((o, f: Found) => ((o[f.state] = (o[f.state] ?? 0) + 1), o), {})
  // On a shared machine the wall time includes waiting for a core; the CPU time does not.
  console.log(`re-anchor ${notes.length} notes after a 1 % revision (run ${run})`.padEnd(48), `${ms.toFixed(1).padStart(9)} ms (CPU ${((used.user + used.system) / 1000).toFixed(1)} ms)`, JSON.stringify(states))
  runs.push({wallMs: ms, cpuMs: (used.user + used.system) / 1000, states})
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
console.log(JSON.stringify({notes: notes.length, textKiB: Math.round(after.length / 1024), edited: edited.size, wallMs: median(runs.map((r) => r.wallMs)), cpuMs: median(runs.map((r) => r.cpuMs)), coldCpuMs: runs[0]!.cpuMs, states: runs[0]!.states}))
