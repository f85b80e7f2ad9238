/**
 * The authoring endpoints of `npm start`'s dev server, as a client (or an attacker) sees them:
 * who is let in (403), what is refused (400, 404, 409, 413, 415, 422), what is written, and that
 * concurrent saves lose nothing. The browser's side is tests/browser/author.test.ts; a server
 * killed in the middle of a save, author-crash.test.ts.
 */
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {networkInterfaces} from 'node:os'
import {dirname, join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {loadEdition} from '../src/load/index.js'
import {contentHash} from '../src/edit/files.js'
import {frontMatter} from '../src/edit/front-matter.js'
import {API, call, filesUnder, gitStatus, startDev, targetFor, type Dev} from './author-support.js'

let dev: Dev
let text: string
const note = (words: string, body: string, extra: Record<string, unknown> = {}) => ({
  kind: 'note',
  front: {target: targetFor(text, words, dev.textHash), status: 'unverified', author: 'A. Tester', ...extra},
  body
})
const read = (path: string) => readFileSync(join(dev.root, path), 'utf8')

beforeAll(async () => {
  dev = await startDev()
  text = (await loadEdition(dev.root)).edition!.text
})
afterAll(async () => {
  await dev?.close()
})

describe('who the authoring endpoints let in', () => {
  const create = () => note('raise production efficiency', 'Let in?')

  it('refuses a request without the token, or with another, with 403, and writes nothing', async () => {
    const before = filesUnder(dev.root)
    const none = await call(dev, 'POST', `${API}annotations`, create(), {'x-edition-token': undefined})
    expect(none.status).toBe(403)
    expect(none.json.error).toMatch(/no token/)
    const wrong = await call(dev, 'POST', `${API}annotations`, create(), {'x-edition-token': `${dev.token.slice(0, -2)}xx`})
    expect(wrong.status).toBe(403)
    expect(wrong.json.error).toMatch(/not this run’s/)
    const short = await call(dev, 'POST', `${API}annotations`, create(), {'x-edition-token': 'x'})
    expect(short.status).toBe(403)
    expect(filesUnder(dev.root)).toEqual(before)
  })

  it('refuses a foreign Origin, another port’s, or none, with 403, even with the token', async () => {
    for (const origin of ['http://evil.example', `http://localhost:${dev.port + 1}`, `https://127.0.0.1:${dev.port}`, 'null', undefined]) {
      const answer = await call(dev, 'POST', `${API}annotations`, create(), {origin})
      expect(answer.status, String(origin)).toBe(403)
    }
    const crossSite = await call(dev, 'POST', `${API}annotations`, create(), {'sec-fetch-site': 'cross-site'})
    expect(crossSite.status).toBe(403)
  })

  it('refuses another Host (DNS rebinding) with 403, for the endpoints and for the page that carries the token', async () => {
    for (const host of ['evil.example', `evil.example:${dev.port}`, `127.0.0.1:${dev.port + 1}`, `10.0.0.1:${dev.port}`]) {
      const answer = await call(dev, 'POST', `${API}annotations`, create(), {host, origin: `http://${host}`})
      expect(answer.status, host).toBe(403)
      const page = await call(dev, 'GET', '/', undefined, {host, origin: undefined, 'x-edition-token': undefined, 'content-type': undefined})
      expect(page.status, host).toBe(403)
      expect(page.text).not.toContain(dev.token)
    }
    // localhost at the right port is this server.
    const page = await call(dev, 'GET', '/', undefined, {host: `localhost:${dev.port}`, origin: undefined, 'x-edition-token': undefined, 'content-type': undefined})
    expect(page.status).toBe(200)
    expect(page.text).toContain(dev.token)
  })

  // This computer's address on its network, to ask from as another machine would.
  const lan = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && !a.internal && a.family === 'IPv4')?.address
  if (!lan) console.warn('skipping: this computer has no network address but 127.0.0.1, so no request can come from elsewhere')
  it.skipIf(!lan)('answers nothing but 403 to a request over the network, even when started with --host', async () => {
    const open = await startDev(dev.root, '0.0.0.0')
    try {
      for (const host of [`127.0.0.1:${open.port}`, `${lan}:${open.port}`]) {
        const headers = {host, origin: `http://${host}`}
        const write = await call(open, 'POST', `${API}annotations`, create(), headers, lan)
        expect(write.status, host).toBe(403)
        expect(write.json.error).toMatch(/only this computer/)
        const page = await call(open, 'GET', '/', undefined, {...headers, origin: undefined, 'x-edition-token': undefined, 'content-type': undefined}, lan)
        expect(page.status, host).toBe(403)
        expect(page.text).not.toContain(open.token)
      }
      // From this computer, the same server serves the page.
      expect((await call(open, 'GET', '/', undefined, {origin: undefined, 'x-edition-token': undefined, 'content-type': undefined})).status).toBe(200)
    } finally {
      await open.close()
    }
  })

  it('does not let a page elsewhere read the page (and its token) with a script', async () => {
    const page = await call(dev, 'GET', '/', undefined, {origin: `http://localhost:${dev.port + 1}`, 'x-edition-token': undefined, 'content-type': undefined})
    expect(page.status).toBe(403)
    expect(page.text).not.toContain(dev.token)
  })
})

describe('what the authoring endpoints refuse', () => {
  it('refuses ids and paths that would leave annotations/ with 400', async () => {
    const before = filesUnder(dev.root)
    const ids = ['..', '..%2F..%2Fetc%2Fpasswd', '%2Fetc%2Fpasswd', '%2e%2e', 'a%20b', 'Upper', 'x.md', '-x', 'x%00', '%E2%80%AE', '%ZZ', 'a\\b']
    for (const id of ids) {
      for (const [method, path, body] of [
        ['PUT', `${API}annotations/${id}`, {hash: '0'.repeat(64), front: {}, body: 'x'}],
        ['DELETE', `${API}annotations/${id}`, {hash: '0'.repeat(64)}],
        ['POST', `${API}annotations/${id}/read`, {}]
      ] as const) {
        const answer = await call(dev, method, path, body)
        expect(answer.status, `${method} ${path}`).toBe(400)
      }
    }
    for (const path of [`${API}annotations/../../../etc/passwd`, `${API}annotations/notes/x`, `${API}annotations/x/read/y`]) {
      expect((await call(dev, 'PUT', path, {hash: '0'.repeat(64), front: {}, body: 'x'})).status, path).toBe(400)
    }
    // A new file's id comes from the front matter: checked by the schema's pattern.
    for (const id of ['../../evil', '/tmp/evil', 'a/b', 'UPPER', '.hidden']) {
      const answer = await call(dev, 'POST', `${API}annotations`, note('raise production efficiency', 'x', {id}))
      expect(answer.status, id).toBe(400)
      expect(answer.json.details.join(' ')).toContain('`id`')
    }
    expect(filesUnder(dev.root)).toEqual(before)
    for (const place of [join(dirname(dev.root), 'evil.md'), join(dirname(dev.root), 'evil'), '/tmp/evil.md', join(dev.root, 'evil.md')]) expect(existsSync(place), place).toBe(false)
  })

  it('refuses front matter the schema refuses with 400, saying which key and why', async () => {
    const bad = [
      [note('raise production efficiency', 'x', {status: 'maybe'}), '`status` must be one of `verified`, `unverified`, `disputed`'],
      [note('raise production efficiency', 'x', {colour: 'red'}), 'a key the schema does not allow: `colour`'],
      [{...note('raise production efficiency', 'x'), front: {...note('raise production efficiency', 'x').front, author: ''}}, '`author` must NOT have fewer than 1 characters'],
      [{kind: 'gloss', front: {term: 'x', forms: [], label: 'x', status: 'verified', author: 'A'}, body: 'x'}, '`forms` must NOT have fewer than 1 items'],
      [{kind: 'gloss', front: {term: 'x', forms: ['x'], status: 'verified', author: 'A'}, body: 'x'}, 'needs `label`']
    ] as const
    for (const [payload, says] of bad) {
      const answer = await call(dev, 'POST', `${API}annotations`, payload)
      expect(answer.status).toBe(400)
      expect(answer.json.details.join('\n')).toContain(says)
    }
    expect((await call(dev, 'POST', `${API}annotations`, {kind: 'script', front: {}, body: 'x'})).status).toBe(400)
    expect((await call(dev, 'POST', `${API}annotations`, '{"kind": "note", ')).status).toBe(400)
    expect((await call(dev, 'POST', `${API}annotations`, [1, 2])).status).toBe(400)
  })

  it('refuses a passage that is not where the target says with 400', async () => {
    const target = targetFor(text, 'raise production efficiency', dev.textHash)
    const answer = await call(dev, 'POST', `${API}annotations`, {kind: 'note', front: {target: {...target, position: target.position + 5}, status: 'unverified', author: 'A'}, body: 'x'})
    expect(answer.status).toBe(400)
    expect(answer.json.error).toMatch(/not at position/)
  })

  it('refuses a note on a text that changed since the page was loaded with 409', async () => {
    const answer = await call(dev, 'POST', `${API}annotations`, {kind: 'note', front: {target: {...targetFor(text, 'raise production efficiency', 'cyrb53:00000000000000'), text: 'cyrb53:00000000000000'}, status: 'unverified', author: 'A'}, body: 'x'})
    expect(answer.status).toBe(409)
    expect(answer.json.error).toMatch(/text has changed/)
  })

  it('refuses a body over the limit with 413, and anything but JSON with 415', async () => {
    const big = note('raise production efficiency', 'x'.repeat(300 * 1024))
    const answer = await call(dev, 'POST', `${API}annotations`, big)
    expect(answer.status).toBe(413)
    expect(answer.json.error).toMatch(/over 256 KiB/)
    const form = await call(dev, 'POST', `${API}annotations`, 'kind=note', {'content-type': 'application/x-www-form-urlencoded'})
    expect(form.status).toBe(415)
    expect(readdirSync(join(dev.root, 'annotations/notes')).filter((f) => !/^[a-z0-9-]+\.md$/.test(f))).toEqual([])
  })

  it('refuses an edit that would give the edition errors with 422, located in the file', async () => {
    const answer = await call(dev, 'POST', `${API}annotations`, note('raise production efficiency', 'As [@nobody1999, 5] says.'))
    expect(answer.status).toBe(422)
    const m = answer.json.messages[0]
    expect(m.reason).toContain('Unknown citation key `@nobody1999`')
    expect(m.file).toMatch(/annotations\/notes\/raise-production-efficiency\.md$/)
    expect(m.line).toBeGreaterThan(1)
    expect(m.column).toBeGreaterThan(0)
    expect(existsSync(join(dev.root, 'annotations/notes/raise-production-efficiency.md'))).toBe(false)
  })

  it('answers 404 for an annotation that does not exist, and 405 for a method it does not take', async () => {
    expect((await call(dev, 'POST', `${API}annotations/no-such-note/read`, {})).status).toBe(404)
    expect((await call(dev, 'GET', `${API}annotations`, undefined, {'content-type': undefined})).status).toBe(405)
    expect((await call(dev, 'POST', `${API}nothing`, {})).status).toBe(404)
  })
})

describe('what the authoring endpoints write', () => {
  it('writes a new note with the quote, 32 characters of context, its position and the text hash, and git sees one new file', async () => {
    const payload = note('the Stalinist leadership', 'The leadership here is the Politburo [@gse1979-stakhanov].')
    const answer = await call(dev, 'POST', `${API}annotations`, payload)
    expect(answer.status).toBe(201)
    expect(answer.json.path).toBe('annotations/notes/the-stalinist-leadership.md')
    const file = read(answer.json.path)
    expect(answer.json.hash).toBe(contentHash(file))
    const front = frontMatter(file)!
    expect(front.target).toEqual({...payload.front.target, exact: 'the Stalinist leadership'})
    expect((front.target as {prefix: string}).prefix).toHaveLength(32)
    expect((front.target as {suffix: string}).suffix).toHaveLength(32)
    expect(front).toMatchObject({id: 'the-stalinist-leadership', status: 'unverified', author: 'A. Tester'})
    expect(file.endsWith('\nThe leadership here is the Politburo [@gse1979-stakhanov].\n')).toBe(true)
    expect(gitStatus(dev.root)).toBe('?? annotations/notes/the-stalinist-leadership.md')
    // The page now shows it.
    expect(answer.json.page).toContain('id="the-stalinist-leadership"')
    const page = await (await fetch(dev.url)).text()
    expect(page).toContain('data-note="the-stalinist-leadership"')
  })

  it('changes a note only from the file it started from, keeping its other keys, and deletes only its own file', async () => {
    const path = 'annotations/notes/record-staged.md'
    const opened = await call(dev, 'POST', `${API}annotations/record-staged/read`, {})
    expect(opened.status).toBe(200)
    expect(opened.json).toMatchObject({id: 'record-staged', kind: 'note', path, hash: contentHash(read(path))})
    const changed = await call(dev, 'PUT', `${API}annotations/record-staged`, {hash: opened.json.hash, front: {status: 'disputed'}, body: 'Shorter now [@gse1979-stakhanov].'})
    expect(changed.status).toBe(200)
    const file = read(path)
    expect(frontMatter(file)).toMatchObject({status: 'disputed', 'further-reading': ['@siegelbaum1988, chap. 2'], target: opened.json.front.target, created: opened.json.front.created})
    expect(file.endsWith('---\nShorter now [@gse1979-stakhanov].\n')).toBe(true)
    // The hash it started from is stale now: refused, with the file as it is.
    const stale = await call(dev, 'PUT', `${API}annotations/record-staged`, {hash: opened.json.hash, front: {}, body: 'Lost?'})
    expect(stale.status).toBe(409)
    expect(stale.json.current.hash).toBe(contentHash(file))
    expect(stale.json.current.body).toBe('Shorter now [@gse1979-stakhanov].')
    expect(read(path)).toBe(file)
    // A passage, an id or a creation date is not changed here.
    expect((await call(dev, 'PUT', `${API}annotations/record-staged`, {hash: changed.json.hash, front: {target: {exact: 'x'}}, body: 'x'})).status).toBe(400)
    const removed = await call(dev, 'DELETE', `${API}annotations/record-staged`, {hash: changed.json.hash})
    expect(removed.status).toBe(200)
    expect(removed.json.removed).toBe(file)
    expect(gitStatus(dev.root).split('\n')).toEqual([' D annotations/notes/record-staged.md', '?? annotations/notes/the-stalinist-leadership.md'])
  })

  it('refuses to overwrite a file changed by hand since it was read (409), and to delete it', async () => {
    const path = 'annotations/notes/welfare-turn.md'
    const opened = await call(dev, 'POST', `${API}annotations/welfare-turn/read`, {})
    const byHand = read(path).replace(/\n$/, '\nA sentence added by hand.\n')
    writeFileSync(join(dev.root, path), byHand)
    const answer = await call(dev, 'PUT', `${API}annotations/welfare-turn`, {hash: opened.json.hash, front: {}, body: 'Mine.'})
    expect(answer.status).toBe(409)
    expect(answer.json.current.content).toBe(byHand)
    expect((await call(dev, 'DELETE', `${API}annotations/welfare-turn`, {hash: opened.json.hash})).status).toBe(409)
    expect(read(path)).toBe(byHand)
  })

  it('lets exactly one of 50 parallel saves to one note win; the 49 others get 409 and no file is ever half-written', async () => {
    const path = 'annotations/notes/unions-delay.md'
    const {json} = await call(dev, 'POST', `${API}annotations/unions-delay/read`, {})
    const bodies = Array.from({length: 50}, (_, i) => `Save number ${i}. ${'Lorem ipsum dolor sit amet. '.repeat(200)}`)
    const answers = await Promise.all(bodies.map((body) => call(dev, 'PUT', `${API}annotations/unions-delay`, {hash: json.hash, front: {}, body})))
    const statuses = answers.map((a) => a.status)
    expect(statuses.filter((s) => s === 200)).toHaveLength(1)
    expect(statuses.filter((s) => s === 409)).toHaveLength(49)
    const winner = bodies[statuses.indexOf(200)]!
    const file = read(path)
    expect(file.endsWith(`---\n${winner.trim()}\n`)).toBe(true)
    expect(frontMatter(file)).toMatchObject({id: 'unions-delay'})
    // Every loser was shown the winner's file.
    for (const a of answers.filter((x) => x.status === 409)) expect(a.json.current.hash).toBe(contentHash(file))
    expect(readdirSync(join(dev.root, 'annotations/notes')).filter((f) => f.endsWith('.tmp'))).toEqual([])
    expect((await loadEdition(dev.root)).edition).toBeDefined()
  })

  it('names a note on part of a word by its words, never by an id the page reserves', async () => {
    // Selected from the last letter of “unions”: the id would start `s-`, as the page's sentence ids do.
    const answer = await call(dev, 'POST', `${API}annotations`, note('s had been turning', 'Part of a word.'))
    expect(answer.status).toBe(201)
    expect(answer.json.id).toBe('note-s-had-been-turning')
  })

  it('lets exactly one of 20 parallel new notes with one id be written', async () => {
    const answers = await Promise.all(Array.from({length: 20}, (_, i) => call(dev, 'POST', `${API}annotations`, note('the outcomes achieved their aims', `Twin ${i}.`, {id: 'twins'}))))
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1)
    expect(answers.filter((a) => a.status !== 201).every((a) => a.status === 400 && /taken/.test(a.json.error))).toBe(true)
    expect(readdirSync(join(dev.root, 'annotations/notes')).filter((f) => f.startsWith('twins'))).toEqual(['twins.md'])
  })

  it('writes a glossary entry whose forms are linked in the text', async () => {
    const answer = await call(dev, 'POST', `${API}annotations`, {kind: 'gloss', front: {term: 'campaign', forms: ['campaign'], label: 'A drive of the party and the unions', status: 'unverified', author: 'A. Tester'}, body: 'A drive.'})
    expect(answer.status).toBe(201)
    expect(answer.json.path).toBe('annotations/glossary/campaign.md')
    expect((answer.json.page as string).includes('<a href="#campaign" class="term" id="campaign-1" data-gloss="campaign">campaign</a>')).toBe(true)
    const unmatched = await call(dev, 'POST', `${API}annotations`, {kind: 'gloss', front: {term: 'zeppelin', forms: ['zeppelin'], label: 'x', status: 'unverified', author: 'A'}, body: 'x'})
    expect(unmatched.status).toBe(400)
    expect(unmatched.json.details.join('')).toContain('the form `zeppelin` matches nothing')
  })
})

describe('the preview', () => {
  it('renders a note’s Markdown as the edition does, citations in its style, and says what is wrong, by line', async () => {
    const answer = await call(dev, 'POST', `${API}preview`, {kind: 'note', body: 'The VTsSPS met [@gse1979-stakhanov, 66–98].\n\nSee [@nobody, 1].'})
    expect(answer.status).toBe(200)
    expect(answer.json.html).toMatch(/<span class="citation" data-cites="gse1979-stakhanov">\(.*66–98\)<\/span>/)
    // A glossary term is marked, not linked (the preview sits in a form).
    expect(answer.json.html).toContain('<span class="term">VTsSPS</span>')
    expect(answer.json.messages).toEqual([{line: 3, column: 6, reason: 'Unknown citation key `@nobody`: it is not in the bibliography', fatal: true}])
  })

  it('never returns markup or script from hostile Markdown', async () => {
    const hostile = [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '[click](javascript:alert(1))',
      '[x](  JaVaScRiPt:alert(1))',
      '![pic](https://evil.example/x.png)',
      '<iframe src="https://evil.example"></iframe>',
      '<a href="https://evil.example" onclick="alert(1)">x</a>',
      '<div style="background:url(javascript:alert(1))">x</div>',
      '[ref]\n\n[ref]: javascript:alert(1)',
      '```html\n<script>alert(1)</script>\n```',
      '<svg onload=alert(1)>',
      '"><svg onload=alert(1)>'
    ].join('\n\n')
    const answer = await call(dev, 'POST', `${API}preview`, {kind: 'note', body: hostile})
    const html = answer.json.html as string
    expect(answer.status).toBe(200)
    expect(html).not.toMatch(/<(script|img|iframe|svg|object|embed|style)\b/i)
    expect(html).not.toMatch(/<[a-z][^<>]*\s(on[a-z]+|style|src)\s*=/i)
    expect(html).not.toMatch(/javascript:/i)
    expect(html).not.toMatch(/href=/)
    // The code block shows the script as text.
    expect(html).toContain('&#x3C;script>alert(1)&#x3C;/script>')
  })
})
