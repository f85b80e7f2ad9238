// @ts-check
/**
 * Annotating in the reading view, while `npm start` runs. The dev server adds this script to the
 * page (src/vite/plugin.ts); the built page and the exports never have it.
 *
 * - Select words of the text: an "Annotate" button appears beside them. From the sentence panel,
 *   "Annotate sentence N" does the same with the keyboard (the passage can then be narrowed).
 * - The form: a note or a glossary entry; its Markdown text with a live preview rendered by the
 *   server through the edition's own pipeline (sanitised there: it is inserted as it comes); a
 *   citation picker over the bibliography that inserts Pandoc's `[@key, locator]`; status;
 *   author (remembered by this browser).
 * - Save writes a file under annotations/ through the dev server's endpoints; the page then puts
 *   the new text and apparatus in place (no reload: the reader keeps their place), and the
 *   reading view's script makes its previews, margin and panel again (`edition:refresh`).
 * - In the sentence panel each note and entry gets Edit and Delete. A change carries the hash of
 *   the file it started from: if the file changed since, the server refuses it and the form shows
 *   both versions; nothing is overwritten unless the editor says so.
 * - What is being written is kept in this tab (sessionStorage) until it is saved or discarded,
 *   so a reload (a restart of the server) loses nothing.
 *
 * Editor text never becomes markup here: form values are text; the preview is the server's
 * sanitised HTML.
 */
// @ts-ignore: Vite's client, served by the dev server (it carries the server's events).
import {createHotContext} from '/@vite/client'

const API = '/__edition/api/'
const CONTEXT = 32

/** @param {string} name */
const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.getAttribute('content') ?? ''
const token = meta('edition-author-token')
let textHash = meta('edition-text-hash')
let version = Number(meta('edition-version'))
const text = /** @type {HTMLElement} */ (document.getElementById('edition-text'))
const main = /** @type {HTMLElement} */ (document.getElementById('text'))
const panelBody = /** @type {HTMLElement} */ (document.querySelector('#panel .panel-body'))
const panelHeading = /** @type {HTMLElement | null} */ (document.getElementById('panel-h'))

/**
 * An element: `props` are properties (`className`, `type`, `hidden`…) or, for names with a dash,
 * attributes; children are nodes or text.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag @param {Record<string, unknown>} [props] @param {(Node | string)[]} children
 * @returns {HTMLElementTagNameMap[K]}
 */
function el(tag, props = {}, ...children) {
  const e = document.createElement(tag)
  for (const [k, v] of Object.entries(props)) {
    if (k.includes('-')) e.setAttribute(k, String(v))
    else /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (e))[k] = v
  }
  e.append(...children)
  return e
}

const store = {
  /** @param {Storage} s @param {string} k */
  get: (s, k) => {
    try {
      return s.getItem(`edition:${k}`)
    } catch {
      return null
    }
  },
  /** @param {Storage} s @param {string} k @param {string | null} v */
  set: (s, k, v) => {
    try {
      if (v === null) s.removeItem(`edition:${k}`)
      else s.setItem(`edition:${k}`, v)
    } catch {}
  }
}

const live = el('div', {className: 'visually-hidden', role: 'status'})
main.append(live)
/** @param {string} message */
function say(message) {
  live.textContent = ''
  setTimeout(() => (live.textContent = message), 50)
}

// ---------------------------------------------------------------------------------------------
// The text as plain text: a passage is a range of offsets into `#edition-text`'s text, which is
// exactly the edition's text (sentence numbers and markers are CSS generated content).

/** @typedef {{start: number, end: number}} Span */

/** The offsets of `range` in the text, whitespace trimmed; null when it is not all inside the text. */
function spanOf(/** @type {Range} */ range) {
  if (range.collapsed || !text.contains(range.startContainer) || !text.contains(range.endContainer)) return null
  const before = document.createRange()
  before.setStart(text, 0)
  before.setEnd(range.startContainer, range.startOffset)
  const all = text.textContent ?? ''
  let start = before.toString().length
  let end = start + range.toString().length
  while (start < end && /\s/.test(all[start] ?? '')) start++
  while (end > start && /\s/.test(all[end - 1] ?? '')) end--
  return start < end ? {start, end} : null
}

/** The span of a sentence's text. */
function sentenceSpan(/** @type {HTMLElement} */ s) {
  const range = document.createRange()
  range.selectNodeContents(s)
  return spanOf(range)
}

const low = (/** @type {string} */ c) => /[\uDC00-\uDFFF]/.test(c)
const high = (/** @type {string} */ c) => /[\uD800-\uDBFF]/.test(c)

/**
 * A note's target for the words `quote` within `scope`: the quote, 32 characters of context either
 * side (never half a character), its position in code points, and the hash of the text it is in.
 * @param {Span} scope @param {string} quote
 */
function targetOf(scope, quote) {
  const all = text.textContent ?? ''
  const words = quote.trim()
  const at = words ? all.slice(scope.start, scope.end).indexOf(words) : -1
  if (at < 0) return null
  const start = scope.start + at
  const end = start + words.length
  let from = Math.max(0, start - CONTEXT)
  if (low(all[from] ?? '')) from++
  let to = Math.min(all.length, end + CONTEXT)
  if (high(all[to - 1] ?? '')) to--
  return {exact: all.slice(start, end), prefix: all.slice(from, start), suffix: all.slice(end, to), position: [...all.slice(0, start)].length, text: textHash}
}

/** The sentence numbers a span covers, in words (one walk over the text). */
function sentencesOf(/** @type {Span} */ span) {
  /** @type {string[]} */
  const ns = []
  const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT)
  let at = 0
  for (let n = walker.nextNode(); n && at < span.end; n = walker.nextNode()) {
    const end = at + (n.nodeValue ?? '').length
    const s = /** @type {HTMLElement | null} */ (n.parentElement?.closest('.s') ?? null)
    if (s?.dataset.n && end > span.start && !ns.includes(s.dataset.n)) ns.push(s.dataset.n)
    at = end
  }
  return ns.length > 1 ? `sentences ${ns[0]}–${ns.at(-1)}` : `sentence ${ns[0] ?? '?'}`
}

// ---------------------------------------------------------------------------------------------
// The endpoints

/**
 * @param {string} method @param {string} path @param {unknown} body
 * @returns {Promise<{status: number, data: any}>}
 */
async function call(method, path, body) {
  try {
    const res = await fetch(API + path, {method, headers: {'Content-Type': 'application/json', 'X-Edition-Token': token}, body: JSON.stringify(body)})
    return {status: res.status, data: await res.json().catch(() => ({error: res.statusText}))}
  } catch (cause) {
    return {status: 0, data: {error: `The dev server did not answer (${String(cause)}): is npm start still running? What you wrote is kept.`}}
  }
}

// ---------------------------------------------------------------------------------------------
// The page brought up to date in place: the text and each part of the apparatus that changed.

/** What each part was, as the server wrote it, to tell what changed. */
const parts = new Map()
const PARTS = 'body > header, body > section[id], body > footer'
const keyOf = (/** @type {Element} */ e) => e.id || e.tagName
for (const e of document.querySelectorAll(PARTS)) parts.set(keyOf(e), e.outerHTML)
parts.set('#text', text.innerHTML)

/** @type {Promise<void> | null} */
let refreshing = null
let wanted = 0
/** While a save is on its way, news of changes waits: its answer brings the page. */
let saving = false
let missed = 0

/**
 * Put the page as it is now in place (`html`, from a save's answer, or fetched): the parts that
 * changed; the reading view's script then makes its previews, margin and panel again.
 * @param {number} [want] the version to show at least @param {string} [html]
 */
function refresh(want = version + 1, html) {
  wanted = Math.max(wanted, want)
  // `finally` runs after the assignment, even when a page given settles the loop at once.
  refreshing ??= (async () => {
    while (version < wanted) {
      const page = html ?? (await (await fetch(location.pathname, {cache: 'no-store', headers: {'X-Edition-Refresh': '1'}})).text())
      html = undefined
      const doc = new DOMParser().parseFromString(page, 'text/html')
      if (!doc.getElementById('edition-text')) {
        // The edition has errors now: the page says which, unless that would lose what is being written.
        if (!form.dirty()) location.reload()
        else notice('The edition has errors now (a file was changed by hand): the page shows them once you save or cancel.')
        return
      }
      put(doc)
      version = Math.max(Number(doc.querySelector('meta[name="edition-version"]')?.getAttribute('content')), version)
      if (version < wanted) wanted = version
    }
  })().finally(() => (refreshing = null))
  return refreshing
}

function put(/** @type {Document} */ doc) {
  const focused = document.activeElement?.id
  const fresh = /** @type {HTMLElement} */ (doc.getElementById('edition-text'))
  if (fresh.innerHTML !== parts.get('#text')) {
    parts.set('#text', fresh.innerHTML)
    text.replaceChildren(...[...fresh.childNodes].map((n) => document.adoptNode(n)))
  }
  for (const e of doc.querySelectorAll(PARTS)) {
    const key = keyOf(e)
    const html = e.outerHTML
    if (parts.get(key) === html) continue
    parts.set(key, html)
    const old = e.id ? document.getElementById(e.id) : document.querySelector(`body > ${e.tagName.toLowerCase()}`)
    old?.replaceWith(document.adoptNode(e))
  }
  textHash = doc.querySelector('meta[name="edition-text-hash"]')?.getAttribute('content') ?? textHash
  apparatusTools()
  document.dispatchEvent(new Event('edition:refresh'))
  if (focused && !document.activeElement?.id) document.getElementById(focused)?.focus({preventScroll: true})
}

const hot = createHotContext('/__edition/author.js')
hot.on('edition:changed', (/** @type {{version?: number, ok?: boolean, assets?: boolean}} */ data) => {
  if (data.assets || data.ok === false) {
    if (!form.dirty()) location.reload()
    else notice(data.assets ? 'The page’s script or styles changed: reload the page once you have saved.' : 'The edition has errors now (a file was changed by hand): the page shows them once you save or cancel.')
    return
  }
  if (saving) missed = Math.max(missed, data.version ?? 0)
  else if ((data.version ?? 0) > version) void refresh(data.version)
})

// ---------------------------------------------------------------------------------------------
// The "Annotate" button beside a selection in the text

const annotate = el('button', {type: 'button', className: 'author-annotate', hidden: true}, 'Annotate')
main.append(annotate)
/** @type {Span | null} */
let chosen = null

function showButton() {
  const selection = getSelection()
  const range = selection && selection.rangeCount ? selection.getRangeAt(0) : null
  chosen = range && !dialog.open ? spanOf(range) : null
  annotate.hidden = !chosen
  if (!chosen || !range) return
  const rects = range.getClientRects()
  const last = rects[rects.length - 1] ?? range.getBoundingClientRect()
  const base = main.getBoundingClientRect()
  annotate.style.left = `${Math.min(last.right - base.left + 4, base.width - annotate.offsetWidth)}px`
  annotate.style.top = `${last.bottom - base.top + 4}px`
}
/** @type {ReturnType<typeof setTimeout> | undefined} */
let settling
document.addEventListener('selectionchange', () => {
  clearTimeout(settling)
  settling = setTimeout(showButton, 80)
})
// Keep the selection while the button is pressed.
annotate.addEventListener('pointerdown', (e) => e.preventDefault())
annotate.addEventListener('click', () => {
  if (!chosen) return
  const span = chosen
  annotate.hidden = true
  form.openNew(span, (text.textContent ?? '').slice(span.start, span.end))
})

// ---------------------------------------------------------------------------------------------
// Edit and Delete on each note and entry: in the sentence panel, and under each entry of the
// Notes and the Glossary (an entry found only in notes is on no sentence's panel). In the
// apparatus they follow the entry rather than sit in it, since the reading view copies entries
// into its previews and panel.

/** Edit and Delete buttons for the note or entry `entry` (an `article.entry`, or the panel's copy of one). */
function toolsFor(/** @type {HTMLElement} */ entry, /** @type {string} */ id) {
  const name = (entry.querySelector('dfn') ?? entry.querySelector('h3'))?.firstChild?.textContent?.trim() ?? id
  const what = entry.classList.contains('gloss') ? `the entry ${name}` : name.replace(/^Note/, 'note')
  return el(
    'p',
    {className: 'author-tools'},
    el('button', {type: 'button', className: 'author-edit', onclick: () => form.openEdit(id)}, `Edit ${what}`),
    ' ',
    el('button', {type: 'button', className: 'author-delete', onclick: () => form.openDelete(id)}, `Delete ${what}`)
  )
}

/** The apparatus's notes and entries each followed by their tools (again after each refresh: a part put in place has none). */
function apparatusTools() {
  for (const entry of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('#notes > article.entry[id], #glossary > article.entry[id]'))) {
    if (!entry.nextElementSibling?.classList.contains('author-tools')) entry.after(toolsFor(entry, entry.id))
  }
}

// The panel: its notes and entries, and "Annotate sentence N".
new MutationObserver(() => {
  if (!panelBody.firstChild || panelBody.querySelector('.author-tools')) return
  const s = /** @type {HTMLElement | null} */ (text.querySelector('.s.on'))
  for (const entry of /** @type {NodeListOf<HTMLElement>} */ (panelBody.querySelectorAll('[data-for]'))) entry.append(toolsFor(entry, entry.dataset.for ?? ''))
  const span = s && sentenceSpan(s)
  if (s && span) {
    panelBody.append(
      el('p', {className: 'author-tools'}, el('button', {type: 'button', className: 'author-new', onclick: () => form.openNew(span, (text.textContent ?? '').slice(span.start, span.end))}, `Annotate sentence ${s.dataset.n}`))
    )
  }
}).observe(panelBody, {childList: true})

// ---------------------------------------------------------------------------------------------
// The form

const STATUSES = [
  ['unverified', 'Unverified'],
  ['verified', 'Verified'],
  ['disputed', 'Disputed']
]

let hints = 0
/**
 * A labelled control, with a hint that describes it. Ids here have an underscore, which no
 * annotation id can have (annotations share the page's ids).
 * @param {string} label @param {HTMLElement} control @param {string} [hint]
 */
function field(label, control, hint) {
  const box = el('div', {className: 'author-field'}, el('label', {}, el('span', {className: 'author-label'}, label), control))
  if (hint) {
    const id = `author_hint_${++hints}`
    control.setAttribute('aria-describedby', id)
    box.append(el('span', {className: 'author-hint', id}, hint))
  }
  return box
}

const heading = el('h2', {id: 'author-h'}, 'New note')
const passageQuote = el('q')
const passageWhere = el('span')
const passageLead = el('p', {className: 'author-passage'}, 'On ', passageQuote, ' (', passageWhere, ')')
const quote = el('textarea', {rows: 2, name: 'quote'})
const quoteField = field('Passage', quote, 'The words the note is about: shorten them to the words you mean.')
const kindNote = el('input', {type: 'radio', name: 'kind', value: 'note', checked: true})
const kindGloss = el('input', {type: 'radio', name: 'kind', value: 'gloss'})
const kinds = el('fieldset', {className: 'author-kind'}, el('legend', {}, 'Kind'), el('label', {}, kindNote, ' Note'), ' ', el('label', {}, kindGloss, ' Glossary entry'))
const term = el('input', {type: 'text', name: 'term'})
const forms = el('textarea', {rows: 2, name: 'forms'})
const label = el('input', {type: 'text', name: 'label'})
const caseRule = el('select', {name: 'case'}, el('option', {value: 'exact'}, 'exactly as written'), el('option', {value: 'first-letter'}, 'first letter either case'), el('option', {value: 'ignore'}, 'in any case'))
const original = el('input', {type: 'text', name: 'original'})
const originalLang = el('input', {type: 'text', name: 'lang', size: 6})
const glossFields = el(
  'div',
  {className: 'author-gloss'},
  field('Term', term, 'As the entry’s heading.'),
  field('Forms in the text', forms, 'One a line: each is linked wherever it stands (whole words).'),
  field('Forms match', caseRule),
  field('Label', label, 'What the term stands for, e.g. All-Union Central Council of Trade Unions.'),
  el('div', {className: 'author-row'}, field('Original form (optional)', original), field('Its language', originalLang, 'ru, de…'))
)
const bodyInput = el('textarea', {rows: 5, name: 'body', required: true})
const work = el('select', {name: 'work'})
const locator = el('input', {type: 'text', name: 'locator', size: 12})
const insert = el('button', {type: 'button', className: 'author-insert'}, 'Insert citation')
const cite = el('fieldset', {className: 'author-cite'}, el('legend', {}, 'Cite a work of the bibliography'), el('div', {className: 'author-row'}, field('Work', work), field('Locator', locator, 'e.g. 66–98, chap. 2')), insert)
const previewBox = el('div', {className: 'author-preview body'})
const previewNotes = el('ul', {className: 'author-messages'})
const previewPart = el('section', {className: 'author-preview-part', 'aria-labelledby': 'author-preview-h'}, el('h3', {id: 'author-preview-h'}, 'Preview'), previewBox, previewNotes)
const further = el('textarea', {rows: 1, name: 'further'})
const status = el('select', {name: 'status'}, ...STATUSES.map(([v, w]) => el('option', {value: v}, w)))
const author = el('input', {type: 'text', name: 'author', required: true, autocomplete: 'name'})
const problem = el('div', {className: 'author-problem', role: 'alert'})
// Focusable, so that a keyboard can scroll a long version.
const mine = el('pre', {tabIndex: 0, role: 'region', 'aria-label': 'Your version'})
const theirs = el('pre', {tabIndex: 0, role: 'region', 'aria-label': 'The file’s version'})
const overwrite = el('button', {type: 'button'}, 'Save mine over it')
const takeTheirs = el('button', {type: 'button'}, 'Use the file’s version')
const conflict = el(
  'section',
  {className: 'author-conflict', hidden: true, 'aria-labelledby': 'author-conflict-h'},
  el('h3', {id: 'author-conflict-h'}, 'The file changed since you opened it'),
  el('p', {}, 'Someone (you, in another window or by hand) saved it meanwhile. Nothing was overwritten. Compare, then choose.'),
  el('div', {className: 'author-versions'}, el('div', {}, el('h4', {}, 'Yours'), mine), el('div', {}, el('h4', {}, 'In the file now'), theirs)),
  el('p', {}, overwrite, ' ', takeTheirs)
)
const save = el('button', {type: 'submit', className: 'author-save'}, 'Save')
const cancel = el('button', {type: 'button', className: 'author-cancel'}, 'Cancel')
const remove = el('button', {type: 'button', className: 'author-remove', hidden: true}, 'Delete')
const confirmRemove = el('p', {className: 'author-confirm', hidden: true})
const editing = el('div', {className: 'author-fields'}, kinds, quoteField, glossFields, field('Text (Markdown)', bodyInput, 'Pandoc citations: [@key, 66–98].'), cite, previewPart, el('div', {className: 'author-row'}, field('Status', status), field('Author', author, 'Remembered by this browser.')), field('Further reading (optional)', further, 'Works not consulted, one a line: @key, chap. 2'))
const formEl = el('form', {className: 'author-form', method: 'dialog', noValidate: true}, heading, passageLead, editing, confirmRemove, conflict, problem, el('p', {className: 'author-actions'}, save, ' ', remove, ' ', cancel))
const dialog = el('dialog', {className: 'author-dialog', 'aria-labelledby': 'author-h'}, formEl)
main.append(dialog)

const notice = (/** @type {string} */ message) => {
  problem.replaceChildren(el('p', {}, message))
}

/**
 * @typedef {{mode: 'new', span: Span, kind: 'note' | 'gloss'}
 *   | {mode: 'edit', id: string, kind: 'note' | 'gloss', hash: string, path: string, front: Record<string, any>}
 *   | {mode: 'delete', id: string, kind: 'note' | 'gloss', hash: string, path: string, front: Record<string, any>}} Task
 */

const form = (() => {
  /** @type {Task | null} */
  let task = null
  let initial = ''
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let previewing
  let asked = 0

  const values = () => JSON.stringify([kindGloss.checked, quote.value, term.value, forms.value, label.value, caseRule.value, original.value, originalLang.value, bodyInput.value, further.value, status.value, author.value])
  const dirty = () => !!task && task.mode !== 'delete' && values() !== initial
  const kind = () => (kindGloss.checked ? 'gloss' : 'note')
  const lines = (/** @type {string} */ s) => s.split('\n').map((l) => l.trim()).filter(Boolean)

  function works() {
    const chosenWork = work.value
    work.replaceChildren(
      el('option', {value: ''}, 'Choose a work…'),
      ...[...document.querySelectorAll('#bibliography li[id^="ref-"]')].map((li) => {
        const words = (li.textContent ?? '').replace(/\s+/g, ' ').replace(/ Cited at .*$/, '').trim()
        return el('option', {value: li.id.slice(4)}, words.length > 90 ? `${words.slice(0, 89)}…` : words)
      })
    )
    if (chosenWork) work.value = chosenWork
  }

  function show() {
    const gloss = kind() === 'gloss'
    glossFields.hidden = !gloss
    quoteField.hidden = gloss || task?.mode !== 'new'
    kinds.hidden = task?.mode !== 'new'
    const what = gloss ? 'glossary entry' : 'note'
    heading.textContent = task?.mode === 'new' ? `New ${what}` : task?.mode === 'edit' ? `Edit the ${what} ${task.id}` : `Delete the ${what} ${task?.id ?? ''}`
  }

  /** Fill the form; remember it as it was opened (a draft restored counts as changed). */
  function fill(/** @type {Record<string, string | boolean>} */ v, draft = false) {
    kindGloss.checked = v.kind === 'gloss'
    kindNote.checked = v.kind !== 'gloss'
    quote.value = String(v.quote ?? '')
    term.value = String(v.term ?? '')
    forms.value = String(v.forms ?? '')
    label.value = String(v.label ?? '')
    caseRule.value = String(v.case || 'exact')
    original.value = String(v.original ?? '')
    originalLang.value = String(v.lang ?? '')
    bodyInput.value = String(v.body ?? '')
    further.value = String(v.further ?? '')
    status.value = String(v.status || 'unverified')
    author.value = String(v.author || store.get(localStorage, 'author') || meta('edition-editor'))
    initial = draft ? '' : values()
  }

  function open() {
    problem.replaceChildren()
    conflict.hidden = true
    confirmRemove.hidden = task?.mode !== 'delete'
    editing.hidden = task?.mode === 'delete'
    remove.hidden = task?.mode !== 'delete'
    save.hidden = task?.mode === 'delete'
    cancel.textContent = 'Cancel'
    works()
    show()
    if (!dialog.open) dialog.showModal()
    const first = task?.mode === 'delete' ? remove : bodyInput
    first.focus()
    if (task?.mode !== 'delete') void previewNow()
  }

  /** What is being written, kept in this tab until saved or discarded. */
  function keep() {
    if (!task || task.mode === 'delete') return
    store.set(sessionStorage, 'draft', JSON.stringify({task, values: JSON.parse(values())}))
  }

  function close() {
    task = null
    store.set(sessionStorage, 'draft', null)
    if (dialog.open) dialog.close()
  }

  async function previewNow() {
    const n = ++asked
    const id = task && task.mode !== 'new' ? task.id : undefined
    const {status: code, data} = await call('POST', 'preview', {kind: kind(), body: bodyInput.value, ...(id ? {id} : {})})
    if (n !== asked) return
    if (code !== 200) {
      previewBox.replaceChildren(el('p', {}, data.error ?? 'No preview'))
      previewNotes.replaceChildren()
      return
    }
    // Sanitised by the server, with the pipeline's schema: inserted as it comes.
    const t = document.createElement('template')
    t.innerHTML = data.html
    previewBox.replaceChildren(t.content)
    previewNotes.replaceChildren(...data.messages.map((/** @type {{line?: number, column?: number, reason: string}} */ m) => el('li', {}, `${m.line ? `Line ${m.line}, column ${m.column}: ` : ''}${m.reason}`)))
  }

  /** The request that saves the form, or a problem to show. */
  function request() {
    if (!task) return null
    const f = {status: status.value, author: author.value.trim(), ...(lines(further.value).length ? {'further-reading': lines(further.value)} : {})}
    if (!f.author) return 'Say who wrote it (Author).'
    if (!bodyInput.value.trim()) return 'The text is empty.'
    const gloss = kind() === 'gloss'
    /** @type {Record<string, unknown>} */
    const g = gloss
      ? {term: term.value.trim(), forms: lines(forms.value), label: label.value.trim(), case: caseRule.value, ...(original.value.trim() ? {original: {text: original.value.trim(), language: originalLang.value.trim()}} : {})}
      : {}
    if (g.original && !originalLang.value.trim()) return 'Say the original form’s language (ru, de…).'
    if (gloss && (!g.term || !(/** @type {string[]} */ (g.forms).length) || !g.label)) return 'A glossary entry needs its term, at least one form, and a label.'
    if (task.mode === 'new') {
      if (gloss) return {method: 'POST', path: 'annotations', body: {kind: 'gloss', front: {...g, ...(g.case === 'exact' ? {case: undefined} : {}), ...f}, body: bodyInput.value}}
      const target = targetOf(task.span, quote.value)
      if (!target) return `The passage must be words of the text you chose (${sentencesOf(task.span)}).`
      return {method: 'POST', path: 'annotations', body: {kind: 'note', front: {target, ...f}, body: bodyInput.value}}
    }
    // An edit sends only the keys the editor changed (null: emptied); the rest of the file stays as it is.
    const was = task.front
    /** @type {Record<string, unknown>} */
    const shown = {...f, 'further-reading': f['further-reading'] ?? null}
    if (gloss) {
      // The form shows an original's text and language; its transliteration is kept.
      Object.assign(shown, g, {case: g.case === 'exact' && !was.case ? undefined : g.case, original: g.original ? {...was.original, .../** @type {object} */ (g.original)} : null})
    }
    const same = (/** @type {unknown} */ a, /** @type {unknown} */ b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)
    const front = Object.fromEntries(Object.entries(shown).filter(([k, v]) => v !== undefined && !same(v, was[k])))
    return {method: 'PUT', path: `annotations/${encodeURIComponent(task.id)}`, body: {hash: task.hash, front, body: bodyInput.value}}
  }

  /** @param {string} [hash] the file's hash to save over (the editor chose to) */
  async function submit(hash) {
    const started = performance.now()
    const req = request()
    if (!req || typeof req === 'string') return notice(req ?? 'Nothing to save.')
    if (hash) /** @type {{hash: string}} */ (req.body).hash = hash
    save.disabled = true
    problem.replaceChildren(el('p', {}, 'Saving…'))
    saving = true
    try {
      const {status: code, data} = await call(req.method, req.path, req.body)
      saving = false
      if (code === 200 || code === 201) return await saved(data, started)
      if (code === 409) return await conflicted(data)
      refused(data)
    } finally {
      saving = false
      save.disabled = false
      if (missed > version) void refresh(missed)
    }
  }

  /** Saved: the page brought up to date, the new note shown where it stands. */
  async function saved(/** @type {{id: string, path: string, version: number, page: string}} */ data, /** @type {number} */ started) {
    store.set(localStorage, 'author', author.value.trim())
    const wasNew = task?.mode === 'new'
    close()
    await refresh(data.version, data.page)
    const marker = /** @type {HTMLElement | null} */ (document.getElementById(`${data.id}-1`))
    const entry = document.getElementById(data.id)
    // Laid out, as the reader will see it (where the note stands in the text, else its entry).
    ;(marker ?? entry)?.getBoundingClientRect()
    const ms = performance.now() - started
    document.dispatchEvent(new CustomEvent('edition:saved', {detail: {id: data.id, path: data.path, ms}}))
    say(`${wasNew ? 'Saved as' : 'Saved'} ${data.path}`)
    // Focus on the new note's marker shows it, as a reader would see it.
    if (marker) marker.focus()
    else if (entry) {
      // An entry found only in notes has no marker: focus goes to the entry itself (so the dialog's return of focus, to a button now gone, does not leave it nowhere).
      if (!entry.hasAttribute('tabindex')) entry.tabIndex = -1
      entry.focus()
    }
  }

  function refused(/** @type {{error?: string, details?: string[], messages?: {file: string, line?: number, column?: number, reason: string}[]}} */ data) {
    problem.replaceChildren(
      el('p', {}, `${task?.mode === 'delete' ? 'Not deleted' : 'Not saved'}: ${data.error ?? 'the server refused it'}.`),
      el('ul', {}, ...[...(data.details ?? []), ...(data.messages ?? []).map((m) => `${m.file}${m.line ? `:${m.line}:${m.column}` : ''}: ${m.reason}`)].map((d) => el('li', {}, d.trim())))
    )
  }

  /** Refused because the file (or the text) changed since it was read: both versions shown, the choice the editor's. */
  async function conflicted(/** @type {{error: string, text?: boolean, current: null | {hash: string, body: string, front: Record<string, any>}}} */ data) {
    if (data.text && task?.mode === 'new') {
      // The text itself changed: the page is brought up to date and the passage looked for again.
      const was = quote.value.trim()
      await refresh()
      const all = text.textContent ?? ''
      const at = all.indexOf(was)
      if (at >= 0 && all.indexOf(was, at + 1) < 0) {
        task.span = {start: at, end: at + was.length}
        passageWhere.textContent = sentencesOf(task.span)
        return notice('The text changed since the page was loaded. The passage was found again in the text as it is now: check it, then save again.')
      }
      return notice('The text changed since the page was loaded, and the passage is no longer in it: cancel, and select it again.')
    }
    if (!task || task.mode === 'new') return refused(data)
    const current = data.current
    mine.textContent = describe({status: status.value, author: author.value}, bodyInput.value)
    theirs.textContent = current ? describe(current.front, current.body) : '(The file was removed.)'
    overwrite.hidden = !current
    takeTheirs.hidden = !current
    conflict.hidden = false
    problem.replaceChildren()
    overwrite.onclick = () => current && submit(current.hash)
    takeTheirs.onclick = () => {
      if (!current || !task || task.mode === 'new') return
      task.hash = current.hash
      task.front = current.front
      fill(valuesOf(task.kind, current.front, current.body))
      conflict.hidden = true
      bodyInput.focus()
      void previewNow()
    }
    const title = /** @type {HTMLElement} */ (conflict.querySelector('h3'))
    title.tabIndex = -1
    title.focus()
  }

  const describe = (/** @type {Record<string, any>} */ front, /** @type {string} */ body) => `Status: ${front.status}\nAuthor: ${front.author}\n\n${body.trim()}`

  /** The form's values for a file's front matter and body. */
  function valuesOf(/** @type {'note' | 'gloss'} */ k, /** @type {Record<string, any>} */ front, /** @type {string} */ body) {
    return {
      kind: k,
      term: front.term ?? '',
      forms: (front.forms ?? []).join('\n'),
      label: front.label ?? '',
      case: front.case ?? 'exact',
      original: front.original?.text ?? '',
      lang: front.original?.language ?? '',
      body,
      further: (front['further-reading'] ?? []).join('\n'),
      status: front.status,
      author: front.author
    }
  }

  async function load(/** @type {string} */ id, /** @type {'edit' | 'delete'} */ mode) {
    const {status: code, data} = await call('POST', `annotations/${encodeURIComponent(id)}/read`, {})
    if (code !== 200) return say(`Cannot open ${id}: ${data.error}`)
    task = {mode, id, kind: data.kind, hash: data.hash, path: data.path, front: data.front}
    fill(valuesOf(data.kind, data.front, data.body))
    const exact = data.front.target?.exact
    passageLead.hidden = !exact
    passageQuote.textContent = exact ?? ''
    passageWhere.textContent = data.path
    confirmRemove.textContent = mode === 'delete' ? `Delete ${data.path}? The file is removed from the folder (git shows it as deleted; git restore brings it back).` : ''
    open()
  }

  // Events
  formEl.addEventListener('submit', (e) => {
    e.preventDefault()
    void submit()
  })
  formEl.addEventListener('input', () => {
    keep()
    if (cancel.textContent !== 'Cancel') cancel.textContent = 'Cancel'
  })
  for (const k of [kindNote, kindGloss]) k.addEventListener('change', () => {
    show()
    void previewNow()
  })
  bodyInput.addEventListener('input', () => {
    clearTimeout(previewing)
    previewing = setTimeout(previewNow, 250)
  })
  // Enter in the locator inserts the citation (it would otherwise save the form).
  locator.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return
    e.preventDefault()
    insert.click()
  })
  insert.addEventListener('click', () => {
    if (!work.value) return
    const citation = `[@${work.value}${locator.value.trim() ? `, ${locator.value.trim()}` : ''}]`
    const at = bodyInput.selectionStart ?? bodyInput.value.length
    const end = bodyInput.selectionEnd ?? at
    const before = bodyInput.value.slice(0, at)
    const gap = before && !/\s$/.test(before) ? ' ' : ''
    bodyInput.setRangeText(gap + citation, at, end, 'end')
    bodyInput.focus()
    keep()
    void previewNow()
  })
  remove.addEventListener('click', async () => {
    if (!task || task.mode !== 'delete') return
    saving = true
    const {status: code, data} = await call('DELETE', `annotations/${encodeURIComponent(task.id)}`, {hash: task.hash}).finally(() => (saving = false))
    if (code === 200) {
      const path = task.path
      close()
      await refresh(data.version, data.page)
      if (missed > version) void refresh(missed)
      // The Delete button went with the panel's old contents: focus goes to the panel it was in, not to the page's start.
      if (!document.activeElement || document.activeElement === document.body) (panelHeading?.closest('[data-state="open"]') ? panelHeading : main).focus({preventScroll: true})
      say(`Deleted ${path}`)
      return
    }
    if (code === 409) {
      return notice(data.current ? 'The file changed since you opened it: it was not deleted. Open it again to see what it holds now.' : 'The file was removed already.')
    }
    refused(data)
  })
  /** Cancel: a form with changes asks once more before they are dropped. */
  function dismiss() {
    if (dirty() && cancel.textContent === 'Cancel') {
      cancel.textContent = 'Discard changes'
      notice('You have changes that are not saved: Cancel again (or Esc) to discard them, or Save.')
      return
    }
    close()
    say('Nothing saved')
  }
  cancel.addEventListener('click', dismiss)
  // Esc asks to close the form (the browser's cancel event); a second Esc closes it whatever it holds.
  dialog.addEventListener('cancel', (e) => {
    if (!e.cancelable) return
    e.preventDefault()
    dismiss()
  })
  dialog.addEventListener('close', () => {
    if (task) close()
  })
  // Esc belongs to the form while it is open (the reading view would close its sentence panel on it).
  dialog.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') e.stopPropagation()
  })

  return {
    dirty,
    openNew(/** @type {Span} */ span, /** @type {string} */ words) {
      task = {mode: 'new', span, kind: 'note'}
      fill({kind: 'note', quote: words, term: words, forms: words})
      passageLead.hidden = false
      passageQuote.textContent = words
      passageWhere.textContent = sentencesOf(span)
      open()
    },
    openEdit: (/** @type {string} */ id) => load(id, 'edit'),
    openDelete: (/** @type {string} */ id) => load(id, 'delete'),
    /** A draft this tab kept (the page was reloaded with the form open): the form again, as it was. */
    restore() {
      const kept = store.get(sessionStorage, 'draft')
      if (!kept) return
      try {
        const {task: t, values: v} = JSON.parse(kept)
        const [gloss, q, tm, fm, lb, cs, og, lg, bd, fr, st, au] = v
        task = t
        fill({kind: gloss ? 'gloss' : 'note', quote: q, term: tm, forms: fm, label: lb, case: cs, original: og, lang: lg, body: bd, further: fr, status: st, author: au}, true)
        passageLead.hidden = t.mode === 'new' ? false : !t.front?.target
        passageQuote.textContent = t.mode === 'new' ? (text.textContent ?? '').slice(t.span.start, t.span.end) : (t.front?.target?.exact ?? '')
        passageWhere.textContent = t.mode === 'new' ? sentencesOf(t.span) : t.path
        open()
        notice('What you were writing before the page was reloaded is back: save it, or cancel to discard it.')
      } catch {
        store.set(sessionStorage, 'draft', null)
      }
    }
  }
})()

apparatusTools()
form.restore()
