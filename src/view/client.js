// @ts-check
/**
 * Enhances the server-rendered reading view (src/write/view.ts). Without it the page still reads:
 * every term and note marker links to its entry and back. With it:
 * - a term or note marker shows its note on hover, keyboard focus or tap (WCAG 2.2 SC 1.4.13:
 *   Esc dismisses it, the pointer can move onto it, it stays until dismissed or left);
 * - a sentence can be selected (click, tap, Enter/Space) and a panel shows its source, notes and
 *   a citation; j/k or the arrow keys move between sentences;
 * - the address bar follows the selection (replaceState), and `#<sentence>`, `#<annotation>` or
 *   `#<annotation>-<k>` open the page with that sentence selected or that note open.
 * Editor text is never parsed here: notes and entries are cloned from the sanitised page.
 */

/** @template {Element} T @param {string} sel @param {ParentNode} [root] */
const $ = (sel, root = document) => /** @type {T | null} */ (root.querySelector(sel))
/** @param {string} sel @param {ParentNode} [root] */
const $$ = (sel, root = document) => /** @type {HTMLElement[]} */ ([...root.querySelectorAll(sel)])
/** @param {string} id */
const byId = (id) => document.getElementById(id)

// Styles that only make sense with the script (a sentence looks clickable) key on this class.
document.documentElement.classList.add('js')

const text = /** @type {HTMLElement} */ ($('#text .text'))
const panel = /** @type {HTMLElement} */ ($('#panel'))
const main = /** @type {HTMLElement} */ ($('main'))
const sentences = $$('.s', text)
const triggers = $$('a[data-gloss], a[data-note]', text)
const heading = /** @type {HTMLElement} */ ($('#panel-h'))
const body = /** @type {HTMLElement} */ ($('.panel-body', panel))
const hint = /** @type {HTMLElement} */ ($('.panel-hint', panel))
const citeBox = /** @type {HTMLElement} */ ($('.panel-cite', panel))
const citeText = /** @type {HTMLElement} */ ($('.cite-text', panel))
const citeSentence = /** @type {HTMLElement} */ ($('.cite-sentence', panel))
const citeButton = /** @type {HTMLButtonElement} */ ($('button.cite', panel))
const closeButton = /** @type {HTMLButtonElement} */ ($('button.close', panel))
const live = /** @type {HTMLElement} */ ($('#status'))

/** @param {Element} el */
const sn = (el) => /** @type {HTMLAnchorElement} */ ($('.sn', el))
/** @param {HTMLElement} t */
const entryOf = (t) => t.dataset.gloss || t.dataset.note || ''

/** The address bar shows `id`, or nothing; replaceState so Back leaves the page. */
function setHash(/** @type {string} */ id) {
  history.replaceState(history.state, '', id ? `#${id}` : location.pathname + location.search)
}

/** @param {string} message */
function say(message) {
  live.textContent = ''
  setTimeout(() => (live.textContent = message), 50)
}

/**
 * A copy of a server-rendered entry, for the note or the panel: no ids (they would repeat),
 * no way back to the text (the reader is already there) and, in the note, no links (it takes
 * no focus, so it never changes the Tab order).
 * @param {Element} el @param {boolean} links
 */
function copy(el, links) {
  const c = /** @type {HTMLElement} */ (el.cloneNode(true))
  for (const x of [c, ...c.querySelectorAll('[id]')]) x.removeAttribute('id')
  for (const x of c.querySelectorAll('.backlinks')) x.remove()
  if (!links) for (const a of c.querySelectorAll('a')) a.replaceWith(...a.childNodes)
  return c
}

// ---------------------------------------------------------------------------------------------
// The note: one element serves every term and marker.

const pop = document.createElement('div')
pop.id = 'note'
pop.className = 'pop'
pop.setAttribute('role', 'note')
const popover = typeof pop.showPopover === 'function'
const anchored = typeof CSS !== 'undefined' && CSS.supports('anchor-name: --a')
if (popover) pop.popover = 'manual'
else pop.hidden = true
main.append(pop)
// Newer CSS lives here, not in style.css, because the Nu HTML Checker's CSS grammar rejects it.
const css = document.createElement('style')
css.textContent =
  '::highlight(note-target){background-color:var(--mark)}' +
  (anchored ? '.anchor{anchor-name:--note}.pop{position-anchor:--note;position-area:block-end span-inline-end;position-try:most-height flip-block;margin-block:6px;max-height:min(28rem,100% - 12px)}' : '')
document.head.append(css)

/** @type {HTMLElement | null} */
let current = null
/** Why the note is open: it closes when no reason is left. */
let why = {hover: false, focus: false, pin: false}
/** @type {ReturnType<typeof setTimeout> | undefined} */
let timer
/** A term that gets focus back after its note was dismissed, and must not reopen it. */
/** @type {HTMLElement | null} */
let quiet = null

/** @param {HTMLElement} t @param {'hover' | 'focus' | 'pin'} reason */
function openNote(t, reason) {
  clearTimeout(timer)
  if (current !== t) {
    closeNote()
    const entry = byId(entryOf(t))
    if (!entry) return
    pop.replaceChildren(copy(entry, false))
    current = t
    t.classList.add('anchor')
    t.setAttribute('aria-describedby', pop.id)
    pop.setAttribute('aria-label', t.dataset.note ? `${t.textContent}` : `Note on ${t.textContent}`)
    // With its term as the source, the note comes next in the Tab order (where supported).
    if (popover) /** @type {(o: object) => void} */ (pop.showPopover).call(pop, {source: t})
    else pop.hidden = false
    place(t)
    // A note too long for the screen scrolls; a keyboard must reach it to scroll it too.
    if (pop.scrollHeight > pop.clientHeight) pop.tabIndex = 0
    else pop.removeAttribute('tabindex')
    mark(t)
  }
  why[reason] = true
}

function closeNote() {
  if (!current) return
  current.classList.remove('anchor')
  current.removeAttribute('aria-describedby')
  current = null
  why = {hover: false, focus: false, pin: false}
  if (popover) pop.hidePopover()
  else pop.hidden = true
  mark(null)
}

function settle() {
  if (current && !why.hover && !why.focus && !why.pin) closeNote()
}

/** Without CSS anchor positioning: put the note below the term (above it when there is no room). */
function place(/** @type {HTMLElement} */ t) {
  if (anchored) return
  const r = t.getBoundingClientRect()
  const w = pop.offsetWidth
  const h = pop.offsetHeight
  pop.style.left = `${Math.max(8, Math.min(r.left, innerWidth - w - 8))}px`
  pop.style.top = `${r.bottom + 6 + h > innerHeight && r.top > h + 6 ? r.top - h - 6 : r.bottom + 6}px`
}
addEventListener('scroll', () => current && place(current), {passive: true})

/**
 * Highlight the words a note is about (CSS Custom Highlight API; nothing happens without it): from
 * the note's start mark (`span.ns`, placed by the server) to its marker, across line breaks and
 * sentences alike. Nothing is searched for in the page's text.
 */
function mark(/** @type {HTMLElement | null} */ t) {
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

for (const t of triggers) {
  t.addEventListener('pointerenter', (e) => e.pointerType !== 'touch' && openNote(t, 'hover'))
  t.addEventListener('pointerleave', leave)
  t.addEventListener('focus', () => {
    if (quiet === t) quiet = null
    else openNote(t, 'focus')
  })
  t.addEventListener('blur', (e) => {
    if (current !== t || pop.contains(/** @type {Node | null} */ (e.relatedTarget))) return
    why.focus = false
    settle()
  })
  t.addEventListener('click', (e) => {
    e.preventDefault()
    if (current === t && why.pin) {
      closeNote()
      setHash(selected?.id ?? '')
    } else {
      openNote(t, 'pin')
      setHash(t.id)
    }
  })
}
pop.addEventListener('pointerenter', () => {
  clearTimeout(timer)
  if (current) why.hover = true
})
pop.addEventListener('pointerleave', leave)
pop.addEventListener('focusout', (e) => {
  const to = /** @type {Node | null} */ (e.relatedTarget)
  if (current && !pop.contains(to) && to !== current) {
    why.focus = false
    settle()
  }
})
/** The pointer may cross the gap between a term and its note without the note closing. */
function leave() {
  clearTimeout(timer)
  timer = setTimeout(() => {
    why.hover = false
    settle()
  }, 300)
}
document.addEventListener('pointerdown', (e) => {
  const target = /** @type {Node} */ (e.target)
  if (current && !pop.contains(target) && !current.contains(target)) {
    why.pin = false
    why.hover = false
    settle()
  }
})

// ---------------------------------------------------------------------------------------------
// The sentence panel

/** @type {HTMLElement | null} */
let selected = null
panel.hidden = false
panel.dataset.state = 'empty'

/** @param {HTMLElement} s @param {{scroll?: boolean, focus?: boolean}} [how] */
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
  s.scrollIntoView({block: how.scroll ? 'center' : 'nearest'})
  say(`Sentence ${s.dataset.n} selected`)
}

function deselect() {
  if (!selected) return
  const s = selected
  selected.classList.remove('on')
  sn(selected).removeAttribute('aria-current')
  selected = null
  panel.dataset.state = 'empty'
  heading.textContent = 'Sentence'
  body.replaceChildren()
  hint.hidden = false
  citeBox.hidden = true
  closeButton.hidden = true
  setHash('')
  return s
}

/** The panel, from the page's own apparatus: the sentence's source and its annotations' entries. */
function fill(/** @type {HTMLElement} */ s) {
  const n = s.dataset.n
  const item = byId(`src-${s.id}`)
  heading.textContent = `Sentence ${n}`
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
    const entry = byId(decodeURIComponent(/** @type {HTMLAnchorElement} */ (a).hash.slice(1)))
    if (entry) parts.push(copy(entry, true))
  }
  body.replaceChildren(...parts)
  const base = citeButton.dataset.url || location.href.split('#')[0]
  citeSentence.textContent = `, sentence ${n}. ${base}#${s.id}`
  citeButton.textContent = 'Copy citation'
  hint.hidden = true
  citeBox.hidden = false
  closeButton.hidden = false
  panel.dataset.state = 'open'
  panel.scrollTop = 0
}

citeButton.addEventListener('click', async () => {
  const value = citeText.textContent ?? ''
  try {
    await navigator.clipboard.writeText(value)
  } catch {
    // No clipboard (an insecure context, a refused permission): select the text for the reader.
    const range = document.createRange()
    range.selectNodeContents(citeText)
    getSelection()?.removeAllRanges()
    getSelection()?.addRange(range)
    if (!document.execCommand('copy')) return say('Citation selected: copy it with your keyboard or menu')
  }
  citeButton.textContent = 'Copied'
  say('Citation copied')
})

closeButton.addEventListener('click', () => {
  const s = deselect()
  if (s) sn(s).focus()
})

text.addEventListener('click', (e) => {
  const target = /** @type {HTMLElement} */ (e.target)
  const s = /** @type {HTMLElement | null} */ (target.closest('.s'))
  if (!s || target.closest('a[data-gloss], a[data-note]')) return
  // Let a reader select words to copy them without selecting the sentence.
  if (!getSelection()?.isCollapsed && !target.closest('.sn')) return
  e.preventDefault()
  select(s)
})

// ---------------------------------------------------------------------------------------------
// Keys and links

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
      const t = current
      closeNote()
      if (pop.contains(target)) {
        quiet = t
        t.focus()
      }
      setHash(selected?.id ?? '')
    } else if (selected) {
      const back = panel.contains(target) || !target.closest?.('#text')
      const s = deselect()
      if (s && back) sn(s).focus()
    } else return
    e.preventDefault()
    return
  }
  if (target.closest?.('input, textarea, select, [contenteditable], button, summary')) return
  const inText = text.contains(target)
  if (e.key === 'j' || (inText && (e.key === 'ArrowDown' || e.key === 'ArrowRight'))) {
    e.preventDefault()
    move(1)
  } else if (e.key === 'k' || (inText && (e.key === 'ArrowUp' || e.key === 'ArrowLeft'))) {
    e.preventDefault()
    move(-1)
  } else if ((e.key === 'Enter' || e.key === ' ') && target.matches('.sn')) {
    e.preventDefault()
    const s = /** @type {HTMLElement} */ (target.closest('.s'))
    if (s === selected && e.key === 'Enter') heading.focus()
    else select(s)
  }
})

/**
 * Open what an id names: a sentence (selected), a place in the text (its note) or, when the page
 * opens with it, an annotation (its note at its first place). Later, a link to an annotation goes
 * to its entry, as without the script.
 * @param {string} id @param {boolean} [entries]
 */
function route(id, entries = false) {
  const el = id ? byId(decodeURIComponent(id)) : null
  if (!el) return false
  if (el.matches('.s') && text.contains(el)) {
    select(el, {scroll: true})
    return true
  }
  const t = triggers.includes(el) ? el : entries ? triggers.find((x) => entryOf(x) === el.id) : undefined
  if (!t) return false
  t.scrollIntoView({block: 'center'})
  t.focus({preventScroll: true})
  openNote(t, 'pin')
  return true
}

// Links into the text (from the apparatus) move the selection instead of adding history.
document.addEventListener('click', (e) => {
  const a = /** @type {HTMLElement} */ (e.target).closest?.('a[href^="#"]')
  if (!a || e.defaultPrevented || triggers.includes(/** @type {HTMLElement} */ (a))) return
  const id = /** @type {HTMLAnchorElement} */ (a).hash.slice(1)
  const el = byId(decodeURIComponent(id))
  if (!el || !text.contains(el) || el.matches('.sn')) return
  e.preventDefault()
  if (route(id) && !el.matches('.s')) setHash(id)
})

addEventListener('hashchange', () => route(location.hash.slice(1)))
if (location.hash) {
  const id = location.hash.slice(1)
  // The browser scrolls to the fragment on its own (for an annotation: its entry far below).
  if (route(id, true)) {
    // The page owns the scroll: not the fragment's entry, nor a reload's remembered position.
    history.scrollRestoration = 'manual'
    addEventListener('load', () => route(id, true), {once: true})
  }
}
