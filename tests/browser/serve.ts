/**
 * The reading view as a reader gets it: the real edition built by `edition build` into a
 * temporary folder, served over HTTP on 127.0.0.1 (an ephemeral port).
 */
import {createServer, type Server} from 'node:http'
import {mkdtempSync, readFileSync, existsSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {extname, join, normalize} from 'node:path'
import {fileURLToPath} from 'node:url'
import {main} from '../../src/cli/main.js'

export const repo = fileURLToPath(new URL('../../', import.meta.url))

/** Build the edition at `root` (default: this repository's) and return the output folder. */
export async function build(root = repo): Promise<string> {
  const out = join(mkdtempSync(join(tmpdir(), 'edition-view-')), 'dist')
  const write = process.stderr.write.bind(process.stderr)
  // The build reports the edition's warnings; the tests are not about them.
  process.stderr.write = (() => true) as typeof process.stderr.write
  try {
    const code = await main(['build', '--root', root, '--out', out, '--quiet'])
    if (code !== 0) throw new Error(`edition build failed (${code})`)
  } finally {
    process.stderr.write = write
  }
  return out
}

const TYPES: Record<string, string> = {'.html': 'text/html; charset=utf-8', '.json': 'application/json', '.xml': 'application/xml', '.md': 'text/markdown; charset=utf-8'}

/** Serve `dir` statically; `close()` stops the server. */
export async function serve(dir: string): Promise<{url: string; close: () => Promise<void>}> {
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    const file = join(dir, normalize(path === '/' ? '/index.html' : path))
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end('not found')
      return
    }
    res.writeHead(200, {'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream'}).end(readFileSync(file))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve()))}
}
