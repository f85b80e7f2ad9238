/**
 * The shape the code keeps (Pandoc's: one model, readers in, writers out). Read from the sources'
 * import statements, so a change that breaks the shape fails here, naming the file and the import.
 */
import {readdirSync, readFileSync, statSync} from 'node:fs'
import {join, relative} from 'node:path'
import {describe, expect, it} from 'vitest'

const src = new URL('../src/', import.meta.url).pathname

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : /\.(ts|js)$/.test(name) && !name.endsWith('.d.ts') ? [path] : []
  })
}

/** Every import of every source file: `{file, spec}` (static `import … from`, `import()`, `require()`). */
const imports = files(src).flatMap((file) => {
  const text = readFileSync(file, 'utf8')
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2] ?? m[3]!)
  return specs.map((spec) => ({file: relative(src, file), spec}))
})

/** The folder of `src/` an import lands in (`model`, `write`, …), or the package it names. */
function target(file: string, spec: string): string {
  if (!spec.startsWith('.')) return spec.startsWith('node:') ? 'node' : spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/')
  const resolved = relative(src, join(src, file, '..', spec))
  return resolved.startsWith('..') ? resolved : resolved.split('/')[0]!
}

const folder = (file: string) => file.split('/')[0]!

describe('the shape of the code', () => {
  it('keeps the model free of every other part of the toolkit (no import runs upward)', () => {
    const upward = imports.filter(({file, spec}) => folder(file) === 'model' && spec.startsWith('.') && target(file, spec) !== 'model')
    expect(upward).toEqual([])
  })

  it('lets no writer parse HTML or Markdown: the model holds trees, and writers walk them', () => {
    const parsers = new Set(['hast-util-from-html', 'rehype-parse', 'parse5', 'remark-parse', 'micromark', 'mdast-util-from-markdown', 'unified'])
    const parsing = imports.filter(({file, spec}) => (folder(file) === 'write' || folder(file) === 'view') && parsers.has(target(file, spec)))
    expect(parsing).toEqual([])
  })

  it('keeps writers apart from readers, the loader and the CLI (each writer reads the model only)', () => {
    const crossing = imports.filter(({file, spec}) => folder(file) === 'write' && spec.startsWith('.') && ['read', 'load', 'cli', 'vite', 'edit'].includes(target(file, spec)))
    expect(crossing).toEqual([])
  })

  it('keeps readers and stages from reaching into writers or the CLI', () => {
    const stages = new Set(['read', 'text', 'pipeline', 'anchor', 'cite', 'load'])
    const crossing = imports.filter(({file, spec}) => stages.has(folder(file)) && spec.startsWith('.') && ['write', 'cli', 'vite'].includes(target(file, spec)))
    expect(crossing).toEqual([])
  })

  it('finds the imports it checks (the checks above are not vacuous)', () => {
    expect(imports.filter(({file}) => folder(file) === 'write').length).toBeGreaterThan(20)
    expect(target('write/view.ts', 'hast-util-from-html')).toBe('hast-util-from-html')
    expect(target('model/words.ts', '../write/x.js')).toBe('write')
  })
})
