/**
 * What the authoring tests share: `npm start`'s dev server (Vite with the edition plugin) on a
 * copy of the real edition, in a git repository of its own, on an ephemeral port of 127.0.0.1;
 * and raw HTTP requests whose every header (Host, Origin, the token) the test chooses.
 */
import {execFileSync} from 'node:child_process'
import {mkdtempSync, readdirSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {request as httpRequest} from 'node:http'
import type {AddressInfo} from 'node:net'
import {join} from 'node:path'
import {createServer, type ViteDevServer} from 'vite'
import {editionPlugin} from '../src/vite/plugin.js'
import {copyEdition} from './fixtures/edition-copy.js'

export interface Dev {
  root: string
  server: ViteDevServer
  /** `http://127.0.0.1:<port>/` */
  url: string
  port: number
  /** The token the page carries. */
  token: string
  /** The text hash the page carries. */
  textHash: string
  close(): Promise<void>
}

/** A copy of the edition, committed in a git repository of its own (so a test can ask `git status`). */
export function gitCopy(): string {
  const root = copyEdition()
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.org', '-c', 'init.defaultBranch=main', ...args], {cwd: root, stdio: 'pipe'})
  git('init', '-q')
  git('add', '.')
  git('commit', '-qm', 'The edition')
  return root
}

export const gitStatus = (root: string) => execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], {cwd: root, encoding: 'utf8'}).trimEnd()

/** Start the dev server on `root` (default: a fresh git copy of the edition), on 127.0.0.1 unless `host` says otherwise (`--host`). */
export async function startDev(root = gitCopy(), host = '127.0.0.1'): Promise<Dev> {
  // Vite's cache outside the edition, as node_modules/.vite is in a real checkout (git ignores it there).
  const cacheDir = mkdtempSync(join(tmpdir(), 'edition-vite-'))
  const server = await createServer({configFile: false, root, cacheDir, logLevel: 'silent', plugins: [editionPlugin({root})], server: {host, port: 0}, appType: 'custom'})
  await server.listen()
  const port = (server.httpServer!.address() as AddressInfo).port
  const url = `http://127.0.0.1:${port}/`
  const page = await (await fetch(url)).text()
  const meta = (name: string) => new RegExp(`<meta name="${name}" content="([^"]*)"`).exec(page)?.[1] ?? ''
  return {root, server, url, port, token: meta('edition-author-token'), textHash: meta('edition-text-hash'), close: () => server.close()}
}

export interface Answer {
  status: number
  json: Record<string, any>
  text: string
}

/** One request with exactly these headers. By default it is the page's own: Host, Origin and token right; `address` is where it connects (default 127.0.0.1). */
export function call(
  dev: Dev,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string | undefined> = {},
  address = '127.0.0.1'
): Promise<Answer> {
  const data = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
  const base: Record<string, string | undefined> = {
    host: `127.0.0.1:${dev.port}`,
    origin: `http://127.0.0.1:${dev.port}`,
    'x-edition-token': dev.token,
    'content-type': 'application/json',
    ...(data !== undefined ? {'content-length': String(Buffer.byteLength(data))} : {})
  }
  const all = Object.fromEntries(Object.entries({...base, ...headers}).filter((e): e is [string, string] => e[1] !== undefined))
  return new Promise((resolve, reject) => {
    const req = httpRequest({host: address, port: dev.port, method, path, headers: all}, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (text += c))
      res.on('end', () => {
        let json: Record<string, any> = {}
        try {
          json = JSON.parse(text) as Record<string, any>
        } catch {}
        resolve({status: res.statusCode ?? 0, json, text})
      })
    })
    req.on('error', reject)
    req.end(data)
  })
}

export const API = '/__edition/api/'

/** Every file under `dir`, relative, sorted (what a test compares before and after). */
export function filesUnder(dir: string): string[] {
  const out: string[] = []
  const walk = (d: string, prefix: string) => {
    for (const e of readdirSync(d, {withFileTypes: true})) {
      if (e.name === '.git') continue
      if (e.isDirectory()) walk(join(d, e.name), `${prefix}${e.name}/`)
      else out.push(`${prefix}${e.name}`)
    }
  }
  walk(dir, '')
  return out.sort()
}

/** A new note's target on the first place `words` stand in `text`, as the page's script makes it. */
export function targetFor(text: string, words: string, textHash: string, context = 32) {
  const start = text.indexOf(words)
  if (start < 0) throw new Error(`“${words}” is not in the text`)
  const end = start + words.length
  return {exact: words, prefix: text.slice(Math.max(0, start - context), start), suffix: text.slice(end, end + context), position: [...text.slice(0, start)].length, text: textHash}
}
