/*
 * CETEIcean behaviours for the edition's TEI export (`edition.xml`): render it in a browser with
 * every glossary term, note and citation reachable from the text.
 *
 * CETEIcean's defaults leave `<term ref>` and `<anchor>` without links, copy a glossary list's
 * entries without their ids (so `#gloss-…` links break), write a note inline in parentheses, and
 * build `<ref>`/`<ptr>` links by pasting `@target` into HTML. These behaviours instead:
 *
 * - make each `<term ref="#gloss-…">` a link to its glossary entry (in the text and in notes);
 * - keep the glossary list's `<label>`/`<item>` elements, and their ids, as they are;
 * - put a numbered marker where each note's passage ends (`@targetEnd`), linking the note, and
 *   give each note a link back to its marker;
 * - make each citation (`<bibl type="evidence|further|citation">`) a link to the work it cites
 *   (one link per work when it cites several), with the place cited in its words;
 * - show a substitution's reading (the witness's form as its title) and an omission as […];
 * - build every link with DOM methods, following only `#…`, http(s) and mailto addresses.
 *
 * Use (classic scripts, over http):
 *
 *   <script src="CETEI.js"></script>
 *   <script src="ceteicean-behaviours.js"></script>
 *   <script>
 *     const c = new CETEI()
 *     c.addBehaviors(window.editionBehaviours)
 *     c.getHTML5('edition.xml', (dom) => document.getElementById('tei').appendChild(dom))
 *   </script>
 *
 * `this` in a behaviour is CETEIcean's utilities object; behaviours that return nothing change
 * the element in place, so nothing is duplicated into CETEIcean's hidden copies.
 */
;(function (root) {
  /** The first of a pointer's space-separated values. */
  function first(value) {
    return String(value || '').trim().split(/\s+/)[0] || ''
  }

  /** An address a reader may follow, or null. */
  function followable(href) {
    return /^(?:#|https?:\/\/|mailto:)/i.test(href) ? href : null
  }

  function link(doc, href, className) {
    const a = doc.createElement('a')
    const safe = followable(href)
    if (safe) a.setAttribute('href', safe)
    if (className) a.className = className
    return a
  }

  /** `elt`'s content made one link; the element itself, and its id, stay where they are. */
  function linkContent(elt, href, className) {
    const a = link(elt.ownerDocument, href, className)
    while (elt.firstChild) a.appendChild(elt.firstChild)
    elt.appendChild(a)
  }

  /** The element an id names in the rendered document (CETEIcean copies xml:id to id). */
  function byId(doc, id) {
    return id ? doc.getElementById(id) : null
  }

  /** The notes whose passages end at `anchor`. */
  function notesEndingAt(anchor) {
    const pointer = '#' + anchor.id
    return Array.from(anchor.ownerDocument.querySelectorAll('tei-note[targetEnd]')).filter(function (note) {
      return note.getAttribute('targetEnd').trim().split(/\s+/).indexOf(pointer) >= 0
    })
  }

  /** The works a citation points at, each with its place cited. */
  function works(bibl) {
    return Array.from(bibl.children).filter(function (c) {
      return c.localName === 'tei-bibl' && c.querySelector('tei-ptr[target]')
    })
  }

  const behaviours = {
    tei: {
      term: [
        [
          "[ref^='#']",
          function (elt) {
            linkContent(elt, first(elt.getAttribute('ref')), 'term-link')
          }
        ]
      ],
      // The glossary stays a list of labels and items, so the items keep their ids.
      list: [['[type=gloss]', function () {}]],
      anchor: function (elt) {
        if (!elt.id) return
        const doc = elt.ownerDocument
        for (const note of notesEndingAt(elt)) {
          const sup = doc.createElement('sup')
          const a = link(doc, '#' + note.id, 'note-ref')
          a.textContent = note.getAttribute('n') || '*'
          a.setAttribute('aria-label', 'Note ' + (note.getAttribute('n') || ''))
          sup.appendChild(a)
          elt.appendChild(sup)
        }
      },
      note: [
        [
          '[type=editorial]',
          function (elt) {
            const end = first(elt.getAttribute('targetEnd'))
            const doc = elt.ownerDocument
            const head = doc.createElement('span')
            head.className = 'note-head'
            if (end) {
              const back = link(doc, end, 'note-back')
              back.textContent = (elt.getAttribute('n') || '') + ' ↑'
              back.setAttribute('aria-label', 'Back to the text')
              head.appendChild(back)
            }
            elt.insertBefore(head, elt.firstChild)
          }
        ],
        ['_', ['(', ')']]
      ],
      bibl: [
        [
          '[type=evidence], [type=further], [type=citation]',
          function (elt) {
            const cited = works(elt)
            const words = Array.from(elt.children).filter(function (c) {
              return c.localName === 'tei-seg'
            })[0]
            if (cited.length === 1 && words) {
              linkContent(words, first(cited[0].querySelector('tei-ptr').getAttribute('target')), 'citation-link')
              cited[0].hidden = true
              return
            }
            // Several works: the citation's words, then one link a work, numbered as in the bibliography.
            for (const work of cited) {
              for (const c of Array.from(work.children)) if (c.localName === 'tei-citedrange') c.hidden = true
            }
          }
        ]
      ],
      ptr: [
        [
          '[target]',
          function (elt) {
            const doc = elt.ownerDocument
            const href = first(elt.getAttribute('target'))
            const a = link(doc, href, 'ptr')
            const work = href.charAt(0) === '#' ? byId(doc, href.slice(1)) : null
            a.textContent = work && work.getAttribute('n') ? '[' + work.getAttribute('n') + ']' : href
            elt.appendChild(a)
          }
        ]
      ],
      ref: [
        [
          '[target]',
          function (elt) {
            linkContent(elt, first(elt.getAttribute('target')), 'ref')
          }
        ]
      ],
      choice: function (elt) {
        const sic = Array.from(elt.children).filter(function (c) {
          return c.localName === 'tei-sic' || c.localName === 'tei-orig'
        })[0]
        if (!sic) return
        sic.hidden = true
        elt.setAttribute('title', 'The witness has: ' + sic.textContent)
      },
      gap: function (elt) {
        for (const c of Array.from(elt.children)) c.hidden = true
        const desc = elt.querySelector('tei-desc')
        const mark = elt.ownerDocument.createElement('span')
        mark.className = 'gap-mark'
        mark.textContent = '[…]'
        if (desc) mark.setAttribute('title', desc.textContent)
        elt.appendChild(mark)
      }
    }
  }

  root.editionBehaviours = behaviours
  if (typeof module === 'object' && module.exports) module.exports = behaviours
})(typeof window !== 'undefined' ? window : globalThis)
