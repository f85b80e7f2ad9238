#!/usr/bin/env node
// The `edition` command. It runs the compiled bundle in lib/bundle/ (made by `npm install` with
// scripts/compile.mjs), so no command pays for transpiling TypeScript or resolving hundreds of
// modules. In a clone whose src/ or schema/ changed since, it compiles first (under a second).
import {existsSync, readdirSync, statSync} from 'node:fs'

const root = new URL('../', import.meta.url)
const stamp = new URL('lib/.compiled', root)

function newest(dir) {
  let t = 0
  for (const entry of readdirSync(dir, {withFileTypes: true})) {
    const path = new URL(entry.name + (entry.isDirectory() ? '/' : ''), dir)
    t = Math.max(t, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs)
  }
  return t
}

const sources = ['src/', 'schema/'].map((d) => new URL(d, root)).filter((d) => existsSync(d))
if (!existsSync(stamp) || (sources.length && Math.max(...sources.map(newest)) > statSync(stamp).mtimeMs)) {
  await import('../scripts/compile.mjs')
}
const {run} = await import('../lib/bundle/main.js')
process.exitCode = await run(process.argv.slice(2))
