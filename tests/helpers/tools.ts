/**
 * System tools some tests need (chromium, java, jing, pandoc). Missing locally: the tests skip
 * and say why. Missing in CI (`CI=true`): a failure, since CI must prove what they check.
 */
import {existsSync} from 'node:fs'
import {execFileSync} from 'node:child_process'

const found = new Map<string, string | undefined>()

function which(name: string): string | undefined {
  if (name.startsWith('/')) return existsSync(name) ? name : undefined
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], {encoding: 'utf8'}).trim() || undefined
  } catch {
    return undefined
  }
}

/** Path of `name` (a command or absolute path), or undefined; throws in CI when missing. */
export function tool(name: string, install = `apt-get install -y ${name}`): string | undefined {
  if (!found.has(name)) found.set(name, which(name))
  const path = found.get(name)
  if (!path) {
    const reason = `${name} is not installed (${install})`
    if (process.env.CI === 'true') throw new Error(`CI needs ${reason}`)
    console.warn(`skipping: ${reason}`)
  }
  return path
}

/** A file the tests read from ../shared (validators' data); same rule as tools. */
export function sharedFile(relative: string): string | undefined {
  const path = new URL(`../../../shared/${relative}`, import.meta.url).pathname
  if (existsSync(path)) return path
  const reason = `../shared/${relative} is missing`
  if (process.env.CI === 'true') throw new Error(`CI needs ${reason}`)
  console.warn(`skipping: ${reason}`)
  return undefined
}
