// @ts-check
// Enhances the server-rendered reading view. Without it the page still reads: every term and
// note is a link to its entry and back.
const sentences = /** @type {HTMLElement[]} */ ([...document.querySelectorAll('.text .s')])
for (const s of sentences) {
  s.tabIndex = 0
  s.addEventListener('click', () => select(s))
  s.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault()
      select(s)
    }
  })
}
/** @param {HTMLElement} s */
function select(s) {
  for (const o of sentences) o.removeAttribute('aria-current')
  s.setAttribute('aria-current', 'true')
  history.replaceState(null, '', `#${s.id}`)
}
