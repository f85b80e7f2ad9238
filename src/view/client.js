// @ts-check
/**
 * Enhances the server-rendered reading view (src/write/view/). Without it the page still reads:
 * every term, note marker and sentence number links to its entry, and each entry links back.
 * With it:
 * - note previews: a term or note marker (in the text, or a term in any note) shows the essentials
 *   of its entry on hover (after a short intent delay), on keyboard focus or on a first tap. The
 *   preview is the link's accessible description; Enter, a click or a second tap follows the link
 *   to the whole entry, as without the script (WCAG 1.4.13: Esc dismisses it, the pointer can
 *   move onto it). It holds nothing focusable, so it never adds a Tab stop;
 * - margin notes from 75rem: every annotation of each sentence beside it (not focusable: the same
 *   words are in the previews, the panel and the apparatus);
 * - a sentence panel (click, tap, Enter on its number): source, annotations, citations;
 *   j/k and the arrow keys move the selection while focus is in the text, and can be turned off;
 * - history: following a link is the browser's own navigation (a new entry, so Back returns);
 *   moving the selection replaces the current entry; Back and Forward restore what the address
 *   names, and focus returns to the link that was followed.
 * Editor text is never parsed here: previews, margin and panel are cloned from the page.
 */

/** @template {Element} T @param {string} sel @param {ParentNode} [root] */
const $ = (sel, root = document) => /** @type {T | null} */ (root.querySelector(sel))
/** @param {string} sel @param {ParentNode} [root] */
const $$ = (sel, root = document) => /** @type {HTMLElement[]} */ ([...root.querySelectorAll(sel)])
/** @param {string} id */
const byId = (id) => document.getElementById(id)
/**
 * The id an address fragment names. A fragment that is not valid percent-encoding (`#%`, typed
 * or pasted by a reader) names no id, rather than throwing URIError and stopping the script.
 * @param {string} fragment
 */
const idOf = (fragment) => {
  try {
    return decodeURIComponent(fragment)
  } catch {
    return ''
  }
}
/** @param {() => void} f @param {number} ms */
const later = (f, ms) => setTimeout(f, ms)
const store = {
  /** @param {string} k */
  get: (k) => {
    try {
      return localStorage.getItem(`edition:${k}`)
    } catch {
      return null
    }
  },
  /** @param {string} k @param {string} v */
  set: (k, v) => {
    try {
      localStorage.setItem(`edition:${k}`, v)
    } catch {}
  }
}

const text = /** @type {HTMLElement} */ (byId('edition-text'))
const panel = /** @type {HTMLElement} */ (byId('panel'))
let sentences = $$('.s', text)
const TRIGGER = 'a.term[data-gloss], a[data-note]'
const heading = /** @type {HTMLElement} */ (byId('panel-h'))
const body = /** @type {HTMLElement} */ ($('.panel-body', panel))
const hint = /** @type {HTMLElement} */ ($('.panel-hint', panel))
const citeBox = /** @type {HTMLElement} */ ($('.panel-cite', panel))
const citeFormat = /** @type {HTMLSelectElement} */ ($('.cite-format', panel))
const citeButton = /** @type {HTMLButtonElement} */ ($('button.cite', panel))
const closeButton = /** @type {HTMLButtonElement} */ ($('button.close', panel))
const live = /** @type {HTMLElement} */ (byId('status'))
const keys = /** @type {HTMLInputElement} */ ($('.keys-toggle input'))

/** @param {Element} el */
const sn = (el) => /** @type {HTMLAnchorElement} */ ($('.sn', el))
/** @param {HTMLElement} t */
const entryOf = (t) => byId(t.dataset.gloss || t.dataset.note || '')

/** The address names `id` (or nothing); the current history entry is replaced, not added. */
function setHash(/** @type {string} */ id) {
  history.replaceState(history.state, '', id ? `#${id}` : location.pathname + location.search)
}

/** @param {string} message */
function say(message) {
  live.textContent = ''
  later(() => (live.textContent = message), 50)
}

/**
 * A copy of a server-rendered entry: no ids (they would repeat), no way back to the text (the
 * reader is there) and, when `links` is false, no links (a preview takes no focus).
 * @param {Element} el @param {boolean} links
 */
function copy(el, links) {
  const c = /** @type {HTMLElement} */ (el.cloneNode(true))
  for (const x of [c, ...$$('[id]', c)]) x.removeAttribute('id')
  for (const x of $$('.backlinks, .mentioned', c)) x.remove()
  if (!links) for (const a of $$('a', c)) a.replaceWith(...a.childNodes)
  return c
}

// ---------------------------------------------------------------------------------------------
// The note preview: one element serves every term and marker.

const pop = document.createElement('div')
pop.id = 'note'
pop.className = 'pop'
pop.setAttribute('role', 'note')
const popover = typeof pop.showPopover === 'function'
if (popover) pop.popover = 'manual'
else pop.hidden = true
// In the main landmark, wherever its trigger is: as a popover it is drawn in the top layer anyway.
const main = /** @type {HTMLElement} */ (byId('text'))
main.append(pop)
// Newer CSS lives here, not in style.css, because the Nu HTML Checker's CSS grammar rejects it.
const css = document.createElement('style')
css.textContent = '::highlight(note-target){background-color:var(--mark)}'
document.head.append(css)

/** @type {HTMLElement | null} */
let current = null
/** Why the preview is open: it closes when no reason is left. */
let why = {hover: false, focus: false, pin: false}
/** @type {ReturnType<typeof setTimeout> | undefined} */
let opening
/** @type {ReturnType<typeof setTimeout> | undefined} */
let closing
/** A trigger that gets focus back after its preview was dismissed, and must not reopen it. */
/** @type {Element | null} */
let quiet = null
/** The fragment that opened the preview, if the address did. */
let opened = ''
/** The last pointer's kind: a first tap previews, where a click follows the link. */
let pointer = ''

const MORE = {hover: 'Click for the whole entry.', focus: 'Press Enter for the whole entry.', pin: 'Tap the term again for the whole entry.'}

/** The essentials of an entry: heading, label, first paragraph, evidence; the rest is one link away. */
function preview(/** @type {Element} */ entry) {
  const c = copy(entry, false)
  for (const x of $$('.further, .same-as, .anchor-state, .status .visually-hidden', c)) x.remove()
  const b = $('.body', c)
  if (b) b.replaceChildren(...[...b.children].slice(0, 1))
  const more = document.createElement('p')
  more.className = 'more'
  c.append(more)
  return c
}

/** @param {HTMLElement} t @param {keyof typeof why} reason */
function openNote(t, reason) {
  clearTimeout(opening)
  clearTimeout(closing)
  if (current !== t) {
    closeNote(true)
    const entry = entryOf(t)
    if (!entry) return
    pop.replaceChildren(preview(entry))
    current = t
    t.classList.add('anchor')
    // The preview is the link's description: a screen reader reads it on focus.
    t.setAttribute('aria-describedby', pop.id)
    if (popover) pop.showPopover()
    else pop.hidden = false
    place(t)
    const b = $('.body', pop)
    b?.classList.toggle('cut', b.scrollHeight > b.clientHeight + 1)
    mark(t)
  }
  why[reason] = true
  const more = $('.more', pop)
  if (more) more.textContent = MORE[reason]
}

/** @param {boolean} [keepHash] */
function closeNote(keepHash) {
  if (!current) return
  current.classList.remove('anchor')
  current.removeAttribute('aria-describedby')
  // A note the address opened: closed, the address no longer names it.
  if (!keepHash && opened && location.hash.slice(1) === opened) setHash(selected?.id ?? '')
  opened = ''
  current = null
  why = {hover: false, focus: false, pin: false}
  if (popover) pop.hidePopover()
  else pop.hidden = true
  mark(null)
}

function settle() {
  if (current && !why.hover && !why.focus && !why.pin) closeNote()
}

/**
 * Below the trigger, or above it when there is more room there; never past the right edge of
 * the trigger's column, so a preview in the text does not cover the panel beside it.
 */
function place(/** @type {HTMLElement} */ t) {
  const r = t.getBoundingClientRect()
  const column = (t.closest('main, section, aside') ?? document.body).getBoundingClientRect()
  const below = innerHeight - r.bottom - 14
  const above = r.top - 14
  pop.style.maxHeight = ''
  const w = pop.offsetWidth
  const h = pop.offsetHeight
  const down = h <= below || below >= above
  if (h > (down ? below : above)) pop.style.maxHeight = `${Math.max(160, down ? below : above)}px`
  pop.style.left = `${Math.max(8, Math.min(r.left, column.right - w, innerWidth - w - 8))}px`
  pop.style.top = `${down ? r.bottom + 6 : r.top - 6 - pop.offsetHeight}px`
}
addEventListener('scroll', () => current && place(current), {passive: true})

/**
 * Highlight the words a note is about (CSS Custom Highlight API; nothing happens without it): from
 * the note's start mark (`span.ns`, placed by the server) to its marker. Nothing is searched for.
 */
function mark(/** @type {HTMLElement | null} */ t) {
  for (const m of $$('.m-item.on')) m.classList.remove('on')
  const entry = t && entryOf(t)
  if (entry) for (const m of $$(`.m-item[data-for="${entry.id}"]`)) m.classList.add('on')
  if (!('highlights' in CSS)) return
  CSS.highlights.delete('note-target')
  const start = t?.dataset.note && $(`.ns[data-note="${CSS.escape(t.dataset.note)}"][data-k="${t.id.slice(t.dataset.note.length + 1)}"]`, text)
  const end = t?.closest('.noteref')
  if (!start || !end) return
  const range = new Range()
  range.setStartAfter(start)
  range.setEndBefore(end)
  CSS.highlights.set('note-target', new Highlight(range))
}

/** A trigger the event is about (not one inside the preview, which has none, or the margin). */
const trigger = (/** @type {EventTarget | null} */ el) => /** @type {HTMLElement | null} */ (el instanceof Element ? el.closest(TRIGGER) : null)
const inside = (/** @type {EventTarget | null} */ el) => el instanceof Node && (pop.contains(el) || !!current?.contains(el))

document.addEventListener('pointerover', (e) => {
  if (e.pointerType === 'touch') return
  const t = trigger(e.target)
  if (t && t !== current) {
    clearTimeout(opening)
    // Intent: a pointer sweeping across the text opens nothing.
    opening = later(() => openNote(t, 'hover'), 250)
  } else if (inside(e.target)) {
    clearTimeout(closing)
    why.hover = true
  }
})
document.addEventListener('pointerout', (e) => {
  if (trigger(e.target)) clearTimeout(opening)
  if (!current || !inside(e.target) || inside(e.relatedTarget)) return
  clearTimeout(closing)
  // The pointer may cross the gap between a term and its preview without it closing.
  closing = later(() => {
    why.hover = false
    settle()
  }, 300)
})
document.addEventListener('focusin', (e) => {
  const t = trigger(e.target)
  if (t && quiet === t) quiet = null
  else if (t) openNote(t, 'focus')
})
document.addEventListener('focusout', (e) => {
  if (current && e.target === current) {
    why.focus = false
    settle()
  }
})
document.addEventListener('pointerdown', (e) => {
  pointer = e.pointerType
  if (current && !inside(e.target)) {
    why.pin = why.hover = false
    settle()
  }
})

// ---------------------------------------------------------------------------------------------
// The sentence panel

/** @type {HTMLElement | null} */
let selected = null
panel.hidden = false
panel.dataset.state = 'empty'

/** @param {HTMLElement} s @param {{scroll?: ScrollLogicalPosition, focus?: boolean, still?: boolean}} [how] */
function select(s, how = {}) {
  if (selected) {
    selected.classList.remove('on')
    sn(selected).removeAttribute('aria-current')
  }
  selected = s
  s.classList.add('on')
  const link = sn(s)
  link.setAttribute('aria-current', 'true')
  fill(s)
  setHash(s.id)
  if (how.focus !== false) link.focus({preventScroll: true})
  if (how.still) return
  s.scrollIntoView({block: how.scroll ?? 'nearest'})
  say(`Sentence ${s.dataset.n} selected`)
}

/** @param {boolean} [keepHash] */
function deselect(keepHash) {
  const s = selected
  if (!s) return
  s.classList.remove('on')
  sn(s).removeAttribute('aria-current')
  selected = null
  panel.dataset.state = 'empty'
  heading.textContent = 'Sentence'
  body.replaceChildren()
  hint.hidden = false
  citeBox.hidden = true
  closeButton.hidden = true
  if (!keepHash) setHash('')
  return s
}

const pad = (/** @type {number} */ n) => String(n).padStart(2, '0')

/** The panel, from the page's own apparatus: the sentence's source, its annotations, its citations. */
function fill(/** @type {HTMLElement} */ s) {
  const item = byId(`src-${s.id}`)
  heading.textContent = `Sentence ${s.dataset.n}`
  /** @type {Node[]} */
  const parts = []
  const source = item && $('.source', item)
  if (source) {
    const p = document.createElement('p')
    p.className = 'source'
    p.append(copy(source, true))
    parts.push(p)
  }
  const refs = item ? $$('.refs a', item) : []
  if (!refs.length) {
    const p = document.createElement('p')
    p.textContent = 'No notes on this sentence.'
    parts.push(p)
  }
  for (const a of refs) {
    const entry = byId(idOf(/** @type {HTMLAnchorElement} */ (a).hash.slice(1)))
    if (!entry) continue
    const c = copy(entry, true)
    c.dataset.for = entry.id
    parts.push(c)
  }
  body.replaceChildren(...parts)
  // What only the reader's browser knows: the sentence, and the day it is read.
  const d = new Date()
  /** @type {Record<string, string | number>} */
  const slots = {n: s.dataset.n ?? '', id: s.id, iso: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`, long: d.toLocaleDateString('en-US', {dateStyle: 'long'}), y: d.getFullYear(), m: d.getMonth() + 1, d: d.getDate()}
  for (const x of $$('[data-slot]', citeBox)) x.textContent = String(slots[x.dataset.slot ?? ''] ?? '')
  resetCopy()
  hint.hidden = true
  citeBox.hidden = false
  closeButton.hidden = false
  panel.dataset.state = 'open'
  panel.scrollTop = 0
}

/** @type {ReturnType<typeof setTimeout> | undefined} */
let copied
function resetCopy() {
  clearTimeout(copied)
  citeButton.textContent = 'Copy citation'
}

const chosen = () => /** @type {HTMLElement} */ ($(`.cite-form[data-format="${citeFormat.value}"] .cite-text`, citeBox))
function showFormat() {
  for (const f of $$('.cite-form', citeBox)) f.hidden = f.dataset.format !== citeFormat.value
  store.set('cite', citeFormat.value)
  resetCopy()
}
citeFormat.value = store.get('cite') ?? citeFormat.value
if (!citeFormat.value) citeFormat.selectedIndex = 0
showFormat()
citeFormat.addEventListener('change', showFormat)

citeButton.addEventListener('click', async () => {
  const box = chosen()
  try {
    await navigator.clipboard.writeText(box.textContent ?? '')
  } catch {
    // No clipboard (an insecure context, a refused permission): select the text for the reader.
    getSelection()?.selectAllChildren(box)
    if (!document.execCommand('copy')) return say('Citation selected: copy it with your keyboard or menu')
  }
  citeButton.textContent = 'Copied'
  say('Citation copied')
  copied = later(resetCopy, 2500)
})

closeButton.addEventListener('click', () => {
  const s = deselect()
  if (s) sn(s).focus()
})

// ---------------------------------------------------------------------------------------------
// Clicks, keys and the address

document.addEventListener('click', (e) => {
  const target = /** @type {HTMLElement} */ (e.target)
  const t = trigger(target)
  if (t) {
    // A first tap previews; a second tap, a click or Enter follows the link.
    if (pointer === 'touch' && e.detail && !(current === t && why.pin)) {
      e.preventDefault()
      openNote(t, 'pin')
    } else remember(t)
    return
  }
  const s = /** @type {HTMLElement | null} */ (target.closest('.s'))
  if (s && text.contains(s)) {
    // Let a reader select words to copy them without selecting the sentence.
    if (!getSelection()?.isCollapsed && !target.closest('.sn')) return
    e.preventDefault()
    select(s)
    return
  }
  const m = /** @type {HTMLElement | null} */ (target.closest('.m-item'))
  const ms = m && byId(/** @type {HTMLElement} */ (m.parentElement).dataset.s ?? '')
  if (ms) return select(ms, {focus: false})
  const a = target.closest('a[href^="#"]')
  if (a) remember(a)
})

/** Links the reader can come back to: all but the panel's (which change). */
const links = () => $$('a[href]').filter((a) => !panel.contains(a))

/** Before the browser follows a link, the current entry records it and the scroll position, so Back can return to both. */
function remember(/** @type {Element} */ a) {
  history.replaceState({...history.state, from: links().indexOf(/** @type {HTMLElement} */ (a)), y: scrollY}, '')
}

let keysOn = store.get('keys') !== 'off'
keys.checked = keysOn
keys.addEventListener('change', () => {
  keysOn = keys.checked
  store.set('keys', keysOn ? 'on' : 'off')
})

/** @param {number} step */
function move(step) {
  const from = selected ?? /** @type {HTMLElement | null} */ (document.activeElement?.closest('.s') ?? null)
  const i = from ? sentences.indexOf(from) + step : step > 0 ? 0 : sentences.length - 1
  const s = sentences[Math.max(0, Math.min(sentences.length - 1, i))]
  if (s) select(s)
}

document.addEventListener('keydown', (e) => {
  if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return
  const target = /** @type {HTMLElement} */ (e.target)
  if (e.key === 'Escape') {
    if (current) {
      closeNote()
    } else if (selected) {
      const back = panel.contains(target) || !text.contains(target)
      const s = deselect()
      if (s && back) sn(s).focus()
    } else return
    e.preventDefault()
    return
  }
  // Single-key shortcuts act only while focus is in the text, and only when switched on.
  if (!text.contains(target)) return
  if ((e.key === 'Enter' || e.key === ' ') && target.matches('.sn')) {
    e.preventDefault()
    const s = /** @type {HTMLElement} */ (target.closest('.s'))
    if (s === selected && e.key === 'Enter') heading.focus()
    else select(s)
    return
  }
  if (!keysOn) return
  const step = {j: 1, ArrowDown: 1, ArrowRight: 1, k: -1, ArrowUp: -1, ArrowLeft: -1}[e.key]
  if (step) {
    e.preventDefault()
    move(step)
  }
})

/**
 * Make the page what the address names: a sentence selected, or a place in the text with its
 * note open; on opening the page, an annotation's first place with its note open. Anything else
 * closes both.
 * @param {string} id @param {boolean} [opening]
 */
function route(id, opening = false) {
  const el = id ? byId(idOf(id)) : null
  const s = el && text.contains(el) && el.matches('.s') ? el : null
  const t = /** @type {HTMLElement | null} */ (el && (text.contains(el) && el.matches(TRIGGER) ? el : opening ? $(`[id="${CSS.escape(el.id)}-1"]`, text) : null))
  if (!t) closeNote(true)
  if (s) select(s, {scroll: opening ? 'center' : 'nearest'})
  else deselect(true)
  if (!t) return !!s
  t.scrollIntoView({block: opening ? 'center' : 'nearest'})
  t.focus({preventScroll: true})
  openNote(t, 'pin')
  opened = id
  return true
}

// Links are the browser's own navigation (a new entry); Back and Forward come here.
addEventListener('hashchange', () => {
  route(location.hash.slice(1))
  // Back to where a link was followed (Chromium would scroll to the fragment instead).
  const {from = -1, y} = history.state ?? {}
  if (typeof y === 'number') scrollTo(0, y)
  const link = links()[from]
  if (link) {
    quiet = link
    link.focus({preventScroll: true})
  }
})
// A reload shows what the address names, not the old scroll position.
addEventListener('pagehide', () => {
  history.scrollRestoration = selected || current ? 'manual' : 'auto'
})
if (location.hash) {
  const id = location.hash.slice(1)
  if (route(id, true)) addEventListener('load', () => route(id, true), {once: true})
}

// Print: the facts about the edition are part of the printed page; after it, as the reader had them.
const about = /** @type {HTMLDetailsElement} */ ($('details.about'))
let aboutOpen = false
addEventListener('beforeprint', () => {
  aboutOpen = about.open
  about.open = true
})
addEventListener('afterprint', () => (about.open = aboutOpen))

// ---------------------------------------------------------------------------------------------
// Margin notes: from 75rem, each sentence's annotations beside it.

const wide = matchMedia('(min-width: 75rem)')
const margin = document.createElement('div')
margin.className = 'margin'
margin.setAttribute('aria-hidden', 'true')
panel.after(margin)

/** One line or three of an entry: a term and its label, or a note's number, status and opening words. */
function marginItem(/** @type {HTMLElement} */ entry) {
  const item = document.createElement('div')
  item.className = `m-item m-${entry.classList.contains('gloss') ? 'gloss' : 'note'}`
  item.dataset.for = entry.id
  const name = document.createElement('b')
  name.textContent = ($('dfn', entry) ?? $('h3', entry)?.firstChild)?.textContent?.replace(/^Note /, '') ?? ''
  const words = document.createElement('span')
  const label = $('.label', entry)?.textContent
  words.textContent = ` ${(label && label.toLowerCase() !== name.textContent.toLowerCase() ? label : $('.body', entry)?.textContent)?.trim() ?? ''}`
  const status = $('.status', entry)
  item.append(name, ...(status && entry.dataset.status !== 'verified' ? [' ', copy(status, false)] : []), words)
  for (const x of $$('.visually-hidden', item)) x.remove()
  return item
}

function buildMargin() {
  margin.replaceChildren()
  for (const s of sentences) {
    const ids = $$('.refs a', byId(`src-${s.id}`) ?? document.createElement('p')).map((a) => idOf(/** @type {HTMLAnchorElement} */ (a).hash.slice(1)))
    if (!ids.length) continue
    const group = document.createElement('div')
    group.className = 'm-group'
    group.dataset.s = s.id
    group.dataset.n = s.dataset.n
    for (const id of ids) {
      const entry = byId(id)
      if (entry) group.append(marginItem(entry))
    }
    margin.append(group)
  }
}
buildMargin()

/** Each group level with its sentence's first line, pushed down past the one above, and up so the last ends with the text. */
function layout() {
  if (!wide.matches) return
  const groups = /** @type {HTMLElement[]} */ ([...margin.children])
  const top = margin.getBoundingClientRect().top
  const want = groups.map((g) => (byId(g.dataset.s ?? '')?.getClientRects()[0]?.top ?? top) - top)
  const h = groups.map((g) => g.offsetHeight + 6)
  /** @type {number[]} */
  const at = []
  let y = 0
  want.forEach((w, i) => {
    at[i] = Math.max(w, y)
    y = at[i] + h[i]
  })
  let limit = text.getBoundingClientRect().bottom - top
  for (let i = at.length - 1; i >= 0; i--) limit = at[i] = Math.min(at[i], limit - h[i])
  y = 0
  groups.forEach((g, i) => {
    y = Math.max(at[i], y)
    g.style.top = `${y}px`
    y += h[i]
  })
}
// Placed before the first paint that shows them, so nothing moves once seen (CLS 0).
layout()
new ResizeObserver(layout).observe(text)
wide.addEventListener('change', layout)

// The dev server's authoring script puts a new version of the text and apparatus in place after a
// save: what this script made from them is made again, and the reader keeps their sentence.
document.addEventListener('edition:refresh', () => {
  const id = selected?.id
  closeNote(true)
  deselect(true)
  sentences = $$('.s', text)
  buildMargin()
  layout()
  const s = id && byId(id)
  if (s) select(s, {focus: false, still: true})
})
