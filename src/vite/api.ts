/**
 * The authoring endpoints of the dev server, under `/__edition/api/`. Each takes and returns
 * JSON; every request must pass `guard.ts` (403 otherwise). Writes go through the edit functions
 * the CLI uses (`src/edit/`), which check the edition as it would be before writing, write whole
 * files atomically and never overwrite a file changed since it was read.
 *
 *   POST   preview                    {kind, body, id?}        → 200 {html, messages}
 *   POST   annotations                {kind, front, body}      → 201 {id, path, hash, version, page}
 *   POST   annotations/<id>/read      {}                       → 200 {id, kind, path, hash, front, body, content}
 *   PUT    annotations/<id>           {hash, front, body}      → 200 {id, path, hash, version, page}
 *   DELETE annotations/<id>           {hash}                   → 200 {id, path, removed, version, page}
 *
 * `front` is front matter as the file holds it (checked against the same JSON Schema: 400), a
 * note's `target` with its `position` and the `text` hash the page was served with; `hash` is
 * the SHA-256 of the file the editor started from. Answers: 400 a malformed request, a path or id
 * that is not an annotation's, front matter the schema refuses, or a passage not where it was
 * said to be; 404 no such annotation; 409 the file (or the text) changed since the page read it
 * (the answer holds the file as it is now); 413 over the size limit; 415 not JSON; 422 the edit
 * would give the edition errors (`messages`, located). A change's answer carries the page as it
 * now is (`page`, the edition's `version`), so the page that saved can show it at once.
 */
import type {IncomingMessage, ServerResponse} from 'node:http'
import type {VFile} from 'vfile'
import type {Edition} from '../model/edition.js'
import {TextPositionAnchor, textHash} from '../anchor/types.js'
import {toRanges} from '../anchor/quote.js'
import {EditError, today} from '../edit/errors.js'
import {contentHash, FileConflict, type Written} from '../edit/files.js'
import {bodyOf, frontMatter} from '../edit/front-matter.js'
import {createGloss} from '../edit/gloss.js'
import {createNote} from '../edit/note.js'
import {findAnnotation, removeChecked} from '../edit/remove.js'
import {frontProblems} from '../edit/schema.js'
import {updateAnnotation} from '../edit/update.js'
import type {Loaded} from '../load/index.js'
import {apiRefusal} from './guard.js'
import {HttpError, readJson, sendJson} from './http.js'
import type {Live, State} from './live.js'
import {preview} from './preview.js'

export const API = '/__edition/api/'

/** The page for an edition (the plugin's, as it serves it). */
export type Render = (state: State) => string

type Json = Record<string, unknown>

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

function object(v: unknown, name: string): Json {
  if (!isObject(v)) throw new HttpError(400, `\`${name}\` must be an object`)
  return v
}

function string(v: unknown, name: string): string {
  if (typeof v !== 'string') throw new HttpError(400, `\`${name}\` must be a string`)
  return v
}

function kindOf(v: unknown): 'note' | 'gloss' {
  if (v !== 'note' && v !== 'gloss') throw new HttpError(400, '`kind` must be `note` or `gloss`')
  return v
}

/** An annotation id from the address: it names a file in annotations/ and nothing else. */
function idOf(segment: string): string {
  let id: string
  try {
    id = decodeURIComponent(segment)
  } catch {
    throw new HttpError(400, 'the address is not a valid annotation id')
  }
  if (!/^[a-z][a-z0-9-]{0,99}$/.test(id)) throw new HttpError(400, `\`${id.slice(0, 100)}\` is not an annotation id (lowercase letters, digits and hyphens, starting with a letter)`)
  return id
}

/** A file as the client gets it: what it holds, and the hash to send back with a change. */
function fileView(found: {path: string; content: string; kind: 'note' | 'gloss'}, id: string) {
  return {id, kind: found.kind, path: found.path, hash: contentHash(found.content), front: frontMatter(found.content) ?? {}, body: bodyOf(found.content).trim(), content: found.content}
}

/** Located messages of files with errors, for the client. */
const messagesOf = (files: VFile[]) =>
  files.flatMap((f) => f.messages.filter((m) => m.fatal).map((m) => ({file: f.path, line: m.line ?? undefined, column: m.column ?? undefined, reason: m.reason, rule: m.ruleId ?? undefined})))

/** What an edit function's refusal is, in HTTP. */
async function refusal(cause: unknown, live: Live, id?: string): Promise<HttpError> {
  if (cause instanceof HttpError) return cause
  if (cause instanceof EditError) {
    return cause.kind === 'input' ? new HttpError(400, cause.message, {details: cause.details}) : new HttpError(422, cause.message, {messages: messagesOf(cause.files)})
  }
  if (cause instanceof FileConflict) {
    const found = id ? await findAnnotation(live.root, id) : undefined
    return new HttpError(409, cause.message, {current: found && id ? fileView(found, id) : null})
  }
  throw cause
}

function ready(edition: Edition | undefined, files: VFile[]): Edition {
  if (!edition) throw new HttpError(422, 'the edition has errors; correct them first (`edition check` lists them)', {messages: messagesOf(files)})
  return edition
}

/** The range a new note's target names: its quote, with its context, at its position in the text the page showed. */
function passage(edition: Edition, target: Json): {quote: string; prefix?: string; suffix?: string} {
  if (typeof target.position !== 'number' || typeof target.text !== 'string') throw new HttpError(400, 'a new note’s `target` needs the `position` and `text` of the passage as the page showed it')
  if (target.text !== textHash(edition.text)) throw new HttpError(409, 'the text has changed since the page was loaded; select the passage again in the page as it is now', {current: null, text: true})
  const selector = {type: 'TextQuoteSelector' as const, exact: target.exact as string, ...(typeof target.prefix === 'string' ? {prefix: target.prefix} : {}), ...(typeof target.suffix === 'string' ? {suffix: target.suffix} : {})}
  const start = TextPositionAnchor.fromSelector(edition.text, {start: target.position, end: target.position}).start
  if (!toRanges(edition.text, selector).some((r) => r.start === start)) throw new HttpError(400, `the passage “${selector.exact}” is not at position ${target.position} of the text`)
  return {quote: selector.exact, ...(selector.prefix !== undefined ? {prefix: selector.prefix} : {}), ...(selector.suffix !== undefined ? {suffix: selector.suffix} : {})}
}

/** A new note or glossary entry, from front matter as the file will hold it. */
async function create(live: Live, render: Render, payload: Json) {
  const kind = kindOf(payload.kind)
  const front = object(payload.front, 'front')
  const body = string(payload.body, 'body')
  const date = today()
  const problems = frontProblems(kind, {...front, created: date, modified: date})
  if (problems.length) throw new HttpError(400, 'the front matter is not valid', {details: problems})
  const authoring = {
    status: front.status as 'verified' | 'unverified' | 'disputed',
    author: front.author as string,
    ...(typeof front.id === 'string' ? {id: front.id} : {}),
    ...(Array.isArray(front['further-reading']) ? {further: front['further-reading'] as string[]} : {}),
    date
  }
  return live.change(async ({edition: live_, files}) => {
    const edition = ready(live_, files)
    let made: {written: Written[]; loaded: Loaded}
    try {
      if (kind === 'note') {
        made = await createNote(live.root, {...passage(edition, object(front.target, 'front.target')), body, ...authoring}, {edition})
      } else {
        const f = front as {term: string; forms: string[]; case?: 'exact' | 'ignore' | 'first-letter'; label: string; original?: {text: string; language: string; transliteration?: string}; sameAs?: string[]}
        made = await createGloss(live.root, {term: f.term, forms: f.forms, label: f.label, body, ...(f.case ? {case: f.case} : {}), ...(f.original ? {original: f.original} : {}), ...(f.sameAs ? {sameAs: f.sameAs} : {}), ...authoring}, {edition})
      }
    } catch (cause) {
      throw await refusal(cause, live)
    }
    const w = made.written[0]!
    return {status: 201, body: {id: /([^/]+)\.md$/.exec(w.path)![1], path: w.path, hash: contentHash(w.content), ...shown(live.adopt(made.loaded, made.written), render)}}
  })
}

async function read(live: Live, id: string) {
  const found = await findAnnotation(live.root, id)
  if (!found) throw new HttpError(404, `there is no annotation \`${id}\``)
  return {status: 200, body: fileView(found, id)}
}

const hashOf = (payload: Json) => {
  const hash = string(payload.hash, 'hash')
  if (!/^[0-9a-f]{64}$/.test(hash)) throw new HttpError(400, '`hash` must be the SHA-256 (hex) of the file as it was read')
  return hash
}

async function update(live: Live, render: Render, id: string, payload: Json) {
  const hash = hashOf(payload)
  const front = object(payload.front, 'front')
  const body = string(payload.body, 'body')
  return live.change(async ({edition, files}) => {
    ready(edition, files)
    if (!(await findAnnotation(live.root, id))) throw new HttpError(409, `annotations/…/${id}.md is gone: it was removed since it was read`, {current: null})
    try {
      const made = await updateAnnotation(live.root, id, {front, body}, hash)
      return {status: 200, body: {id, path: made.written[0]!.path, hash: contentHash(made.written[0]!.content), ...shown(live.adopt(made.loaded, made.written), render)}}
    } catch (cause) {
      throw await refusal(cause, live, id)
    }
  })
}

async function remove(live: Live, render: Render, id: string, payload: Json) {
  const hash = hashOf(payload)
  return live.change(async ({edition, files}) => {
    const known = ready(edition, files)
    if (!(await findAnnotation(live.root, id))) throw new HttpError(409, `annotations/…/${id}.md is gone: it was removed since it was read`, {current: null})
    try {
      const made = await removeChecked(live.root, id, {expected: hash, edition: known})
      return {status: 200, body: {id, path: made.written[0]!.path, removed: made.written[0]!.content, ...shown(live.adopt(made.loaded, made.written), render)}}
    } catch (cause) {
      throw await refusal(cause, live, id)
    }
  })
}

async function previewOf(live: Live, payload: Json) {
  kindOf(payload.kind)
  const markdown = string(payload.body, 'body')
  const self = payload.id === undefined ? undefined : idOf(string(payload.id, 'id'))
  const {edition, files} = await live.current()
  return {status: 200, body: await preview(live.root, ready(edition, files), {markdown, ...(self ? {self} : {})})}
}

/** The edition after a change, as the page shows it. */
const shown = (state: State, render: Render) => ({version: state.version, page: render(state)})

/** Which handler a request is for; 404 or 405 when none. */
async function route(live: Live, render: Render, req: IncomingMessage, path: string) {
  const method = req.method ?? 'GET'
  const parts = path.split('/')
  const allow = (methods: string[]) => {
    if (!methods.includes(method)) throw new HttpError(405, `${method} is not allowed here (${methods.join(', ')})`)
  }
  if (parts.length === 1 && parts[0] === 'preview') {
    allow(['POST'])
    return previewOf(live, object(await readJson(req), 'the request'))
  }
  if (parts[0] !== 'annotations') throw new HttpError(404, 'no such endpoint')
  if (parts.length === 1) {
    allow(['POST'])
    return create(live, render, object(await readJson(req), 'the request'))
  }
  const id = idOf(parts[1]!)
  if (parts.length === 3 && parts[2] === 'read') {
    allow(['POST'])
    await readJson(req)
    return read(live, id)
  }
  if (parts.length !== 2) throw new HttpError(400, 'the address is not an annotation’s')
  allow(['PUT', 'DELETE'])
  const payload = object(await readJson(req), 'the request')
  return method === 'PUT' ? update(live, render, id, payload) : remove(live, render, id, payload)
}

/** The endpoints as connect middleware: requests under `API` are answered here, others passed on. */
export function authoringApi(live: Live, token: string, render: Render) {
  return async (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const raw = (req.url ?? '/').split('?')[0]!
    if (!raw.startsWith(API)) return next()
    try {
      const refused = apiRefusal(req, token)
      if (refused) throw new HttpError(403, refused)
      const answer = await route(live, render, req, raw.slice(API.length))
      sendJson(res, answer.status, answer.body)
    } catch (cause) {
      const e = cause instanceof HttpError ? cause : new HttpError(500, `the server failed: ${(cause as Error).message}`)
      if (e.status === 500) console.error(cause)
      // An answer sent before the request was read whole would reach the client as a reset.
      if (!req.readableEnded) req.resume()
      sendJson(res, e.status, {error: e.message, ...e.extra})
    }
  }
}
