#!/usr/bin/env node
/**
 * `npm run bench`: the figures behind the README's performance table, written to
 * `bench/results.json`. Whole processes are timed (wall, CPU, peak memory from GNU time), each
 * several times, and the median kept; every ratio is against a peer measured in the same run
 * (Pandoc, the plain unified pipeline), because this machine is shared and noisy. Nothing here is
 * asserted: tests assert only deterministic budgets.
 *
 *   node bench/run.mjs            everything (several minutes)
 *   node bench/run.mjs --quick    one run each, sizes up to 256 KiB
 *   node bench/run.mjs --runs 3 --sizes 64,256,1024 --no-bounds
 */
import {execFileSync, spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {cpus, tmpdir, totalmem} from 'node:os'
import {join} from 'node:path'
import {writeSynthetic} from './synthetic.mjs'

const root = new URL('..', import.meta.url).pathname
const quick = process.argv.includes('--quick')
const option = (name) => {
  const at = process.argv.indexOf(name)
  return at > 0 ? process.argv[at + 1] : undefined
}
// --runs N and --sizes 64,256,1024 (KiB) for a shorter run; --no-bounds skips bench/bounds.ts (minutes).
const RUNS = Number(option('--runs') ?? (quick ? 1 : 5))
const SIZES = (option('--sizes')?.split(',').map(Number) ?? (quick ? [64, 256] : [64, 256, 1024, 2048])).map((k) => k * 1024)
const cli = join(root, 'bin/edition.js')
const scratch = mkdtempSync(join(tmpdir(), 'edition-bench-'))

// Compile first, so no run pays for it.
execFileSync(process.execPath, [join(root, 'scripts/compile.mjs')], {stdio: 'inherit'})

/** Run a command under GNU time: wall and CPU seconds, peak RSS in MiB, and what it printed. */
function measure(cmd, args, env = {}) {
  const r = spawnSync('/usr/bin/time', ['-f', '@@%e %U %S %M', cmd, ...args], {encoding: 'utf8', env: {...process.env, ...env}, maxBuffer: 1 << 28})
  const m = /@@([\d.]+) ([\d.]+) ([\d.]+) (\d+)\s*$/.exec(r.stderr)
  if (!m) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr.slice(-2000)}`)
  return {wall: Number(m[1]), cpu: Number(m[2]) + Number(m[3]), rssMiB: Number(m[4]) / 1024, status: r.status, stdout: r.stdout, stderr: r.stderr}
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

/** Median of RUNS runs of `fn` (each returns a measure). */
function medianOf(fn, runs = RUNS) {
  const all = Array.from({length: runs}, fn)
  return {wall: median(all.map((r) => r.wall)), cpu: median(all.map((r) => r.cpu)), rssMiB: median(all.map((r) => r.rssMiB)), last: all.at(-1)}
}

/** Stage times printed by the CLI with EDITION_TIMINGS=1. */
function stages(stderr) {
  return Object.fromEntries([...stderr.matchAll(/edition: timing: (\w+) ([\d.]+) ms/g)].map((m) => [m[1], Number(m[2])]))
}

const round = (x, d = 2) => Math.round(x * 10 ** d) / 10 ** d
const results = {
  machine: {cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGiB: round(totalmem() / 2 ** 30, 1), node: process.version, date: new Date().toISOString()},
  runs: RUNS,
  real: {},
  synthetic: []
}

// ------------------------------------------------------------------------------------------------
// The real edition: check (the editor's loop), and the html export against Pandoc on our Markdown.

console.log('real edition: edition check')
results.real.check = medianOf(() => measure(process.execPath, [cli, 'check', '--root', root, '--quiet'], {EDITION_TIMINGS: '1'}))
results.real.check.stages = stages(results.real.check.last.stderr)
const realMd = join(scratch, 'real.md')
execFileSync(process.execPath, [cli, 'export', '--root', root, '--format', 'md', '--out', realMd, '--quiet'])
console.log('real edition: export html vs pandoc --citeproc')
results.real.html = medianOf(() => measure(process.execPath, [cli, 'export', '--root', root, '--format', 'html', '--out', join(scratch, 'real.html'), '--quiet']))
results.real.pandoc = medianOf(() => measure('pandoc', [realMd, '--citeproc', '-s', '-o', join(scratch, 'real-pandoc.html')]))
results.real.htmlOverPandoc = round(results.real.html.cpu / results.real.pandoc.cpu)

// ------------------------------------------------------------------------------------------------
// Synthetic editions at growing sizes.

/** The plain unified pipeline on the same text, as a whole process: the floor any remark tool pays. */
const plain = join(scratch, 'plain.mjs')
writeFileSync(
  plain,
  `import {readFileSync, writeFileSync} from 'node:fs'
import {createRequire} from 'node:module'
const require = createRequire(${JSON.stringify(join(root, 'package.json'))})
const load = (name) => import(require.resolve(name))
const {unified} = await load('unified')
const remarkParse = (await load('remark-parse')).default
const remarkRehype = (await load('remark-rehype')).default
const rehypeStringify = (await load('rehype-stringify')).default
const html = await unified().use(remarkParse).use(remarkRehype).use(rehypeStringify).process(readFileSync(process.argv[2], 'utf8'))
writeFileSync(process.argv[3], String(html))
`
)

for (const bytes of SIZES) {
  const dir = join(scratch, `syn-${bytes}`)
  const made = writeSynthetic(dir, {bytes})
  const label = `${bytes / 1024} KiB`
  console.log(`synthetic ${label}: ${made.sentences} sentences, ${made.notes} notes, ${made.glossary} glossary entries, ${made.citations} citations`)
  const build = medianOf(() => measure(process.execPath, [cli, 'build', '--root', dir, '--out', join(dir, 'dist'), '--quiet'], {EDITION_TIMINGS: '1'}), bytes > 1024 * 1024 ? Math.min(RUNS, 3) : RUNS)
  if (build.last.status !== 0) throw new Error(`build failed at ${label}:\n${build.last.stderr.slice(-3000)}`)
  const unified = medianOf(() => measure(process.execPath, [plain, join(dir, 'edition/text.md'), join(scratch, 'plain.html')]))
  const entry = {
    bytes,
    ...made,
    build: {wall: build.wall, cpu: build.cpu, rssMiB: round(build.rssMiB, 0), stages: stages(build.last.stderr)},
    unified: {wall: unified.wall, cpu: unified.cpu},
    buildOverUnified: round(build.cpu / unified.cpu, 1)
  }
  if (bytes === 1024 * 1024) {
    const md = join(dir, 'dist/edition.md')
    const html = medianOf(() => measure(process.execPath, [cli, 'export', '--root', dir, '--format', 'html', '--out', join(scratch, 'syn.html'), '--quiet']), 3)
    const pandoc = medianOf(() => measure('pandoc', [md, '--citeproc', '-s', '-o', join(scratch, 'syn-pandoc.html')]), 3)
    entry.html = {cpu: html.cpu}
    entry.pandoc = {cpu: pandoc.cpu}
    entry.htmlOverPandoc = round(html.cpu / pandoc.cpu)
    entry.profile = profile(dir)
  }
  results.synthetic.push(entry)
  if (!quick) rmSync(dir, {recursive: true, force: true})
}
for (let i = 1; i < results.synthetic.length; i++) {
  const a = results.synthetic[i - 1]
  const b = results.synthetic[i]
  b.growth = {input: round(b.bytes / a.bytes, 1), cpu: round(b.build.cpu / a.build.cpu)}
}

/** The slowest functions of a build, by self time, from a CPU profile: where to aim next. */
function profile(dir) {
  const out = join(scratch, 'prof')
  rmSync(out, {recursive: true, force: true})
  mkdirSync(out)
  spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', out, cli, 'build', '--root', dir, '--out', join(dir, 'dist-prof'), '--quiet'])
  const file = execFileSync('ls', [out], {encoding: 'utf8'}).split('\n').find((f) => f.endsWith('.cpuprofile'))
  const p = JSON.parse(readFileSync(join(out, file), 'utf8'))
  const byId = new Map(p.nodes.map((n) => [n.id, n]))
  const self = new Map()
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)))
  const by = new Map()
  for (const [id, t] of self) {
    const f = byId.get(id).callFrame
    const where = f.url.replace(/^.*node_modules\//, '').replace(`file://${root}`, '')
    const key = `${f.functionName || '(anonymous)'} ${where}:${f.lineNumber + 1}`
    by.set(key, (by.get(key) ?? 0) + t)
  }
  return [...by].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([fn, us]) => ({fn, ms: round(us / 1000, 0)}))
}

// ------------------------------------------------------------------------------------------------
// Re-anchoring 10,000 notes after a 1 % revision (bench/reanchor.ts, compiled here with esbuild).

/** Run a TypeScript bench script and return the JSON summary it prints last. */
async function runTs(file) {
  const {build} = await import('esbuild')
  // Inside lib/, so that the packages it imports resolve from the project's node_modules.
  const out = join(root, 'lib/bench', `${file.replace(/\W/g, '-')}.mjs`)
  await build({entryPoints: [join(root, file)], outfile: out, bundle: true, format: 'esm', platform: 'node', target: 'node20', packages: 'external', logLevel: 'warning'})
  const r = spawnSync(process.execPath, [out], {encoding: 'utf8', cwd: root})
  process.stdout.write(r.stdout)
  return JSON.parse(r.stdout.trim().split('\n').at(-1))
}
console.log('re-anchoring')
results.reanchor = await runTs('bench/reanchor.ts')

// The pathological inputs of the hardening issue, at the stated bounds (bench/bounds.ts).
if (!quick && !process.argv.includes('--no-bounds')) {
  console.log('bounds')
  results.bounds = await runTs('bench/bounds.ts')
}

// Save → updated page in the browser while `npm start` runs (bench/author.mjs: Chromium, the real edition).
if (existsSync('/usr/bin/chromium')) {
  console.log('authoring: save to page')
  const r = spawnSync(process.execPath, [join(root, 'bench/author.mjs'), '--runs', quick ? '5' : '15'], {encoding: 'utf8', cwd: root})
  if (r.status !== 0) throw new Error(`bench/author.mjs: ${r.stderr.slice(-2000)}`)
  results.author = JSON.parse(r.stdout).saveToPage
} else console.log('authoring: skipped (no /usr/bin/chromium)')

writeFileSync(join(root, 'bench/results.json'), JSON.stringify(results, (k, v) => (k === 'last' ? undefined : v), 2) + '\n')
rmSync(scratch, {recursive: true, force: true})

// The README's table.
const s = (x) => `${round(x, 2)} s`
console.log('\n| Input | Sentences | Annotations | Citations | build (CPU) | peak RSS | ×2 input costs | over plain unified |')
console.log('|---|---|---|---|---|---|---|---|')
for (const e of results.synthetic) {
  console.log(`| ${e.bytes / 1024} KiB | ${e.sentences} | ${e.notes + e.glossary} | ${e.citations} | ${s(e.build.cpu)} | ${e.build.rssMiB} MiB | ${e.growth ? `${e.growth.cpu}×` : '–'} | ${e.buildOverUnified}× |`)
}
console.log(`\nReal edition: check ${s(results.real.check.wall)} wall (${s(results.real.check.cpu)} CPU); export html ${s(results.real.html.cpu)} CPU vs pandoc --citeproc ${s(results.real.pandoc.cpu)}: ${results.real.htmlOverPandoc}×`)
const mib = results.synthetic.find((e) => e.bytes === 1024 * 1024)
console.log(`Re-anchoring ${results.reanchor.notes} notes after a 1 % revision: ${round(results.reanchor.wallMs, 0)} ms wall, ${round(results.reanchor.cpuMs, 0)} ms CPU (median of 5)`)
if (results.author) console.log(`Save → updated page (Chromium, real edition): median ${results.author.medianMs} ms, p90 ${results.author.p90Ms} ms over ${results.author.runs} saves (dev server process CPU ${results.author.processCpuMedianMs} ms a save)`)
for (const b of results.bounds ?? []) console.log(`bound: ${b.label}: ${b.seconds} s, ${b.ok ? 'loads' : `refused (${b.errors} errors)`}${b.write ? `, writers ${Object.values(b.write).reduce((x, y) => x + y, 0).toFixed(1)} s` : ''}, ${b.rssMB} MB`)
if (mib) console.log(`1 MiB: export html ${s(mib.html.cpu)} CPU vs pandoc --citeproc ${s(mib.pandoc.cpu)}: ${mib.htmlOverPandoc}×; slowest: ${mib.profile.slice(0, 3).map((p) => `${p.fn} (${p.ms} ms)`).join(', ')}`)
