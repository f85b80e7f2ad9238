/**
 * The anchor stage: where each annotation stands in the text. A glossary entry anchors at every
 * occurrence of its forms (found by the text stage); a note at the passage its quote selector
 * describes. Problems are located messages on the annotation's file.
 */
import type {AnchorState, Target} from '../model/edition.js'
import {error} from '../model/messages.js'
import type {Entry, GlossaryMatter, NoteMatter} from '../read/index.js'
import type {TextStage} from '../text/index.js'
import {disambiguate, fromRange, toRanges} from './quote.js'
import {formKey} from '../pipeline/body.js'

export interface Anchored {
  targets: Target[]
  anchor: AnchorState
}

export interface AnchorInput {
  text: Pick<TextStage, 'text' | 'sentences' | 'terms'>
  glossary: Entry<GlossaryMatter>[]
  notes: Entry<NoteMatter>[]
  /** Glossary forms that occur in some annotation's body, as `formKey(gloss, form)` (a form must occur in the text or there). */
  inBodies: Set<string>
}

/** Targets for every annotation that could be anchored, by id. */
export function anchorAll(input: AnchorInput): Map<string, Anchored> {
  const {text, sentences} = input.text
  const out = new Map<string, Anchored>()
  const occurrences = new Map<string, TextStage['terms']>()
  for (const t of input.text.terms) {
    const list = occurrences.get(t.gloss)
    if (list) list.push(t)
    else occurrences.set(t.gloss, [t])
  }

  for (const g of input.glossary) {
    const d = g.yaml.data
    const found = occurrences.get(g.id) ?? []
    d.forms.forEach((form, i) => {
      if (found.some((t) => t.form === form) || input.inBodies.has(formKey(g.id, form))) return
      error(g.file, `The form \`${form}\` matches nothing in the text or in any note (whole words, case \`${d.case ?? 'exact'}\`, and not inside a longer term)`, g.yaml.at(['forms', i]), 'form-unmatched')
    })
    out.set(g.id, {
      targets: found.map((t) => ({selector: fromRange(text, t), start: t.start, end: t.end, sentences: [t.sentence]})),
      anchor: {state: 'anchored'}
    })
  }

  const sentenceIndexAt = (offset: number) => {
    let lo = 0
    let hi = sentences.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (sentences[mid]!.start <= offset) lo = mid
      else hi = mid - 1
    }
    return lo
  }
  const sentenceAt = (offset: number) => sentences[sentenceIndexAt(offset)]
  for (const n of input.notes) {
    const sel = n.yaml.data.target
    const selector = {type: 'TextQuoteSelector' as const, exact: sel.exact, ...(sel.prefix !== undefined ? {prefix: sel.prefix} : {}), ...(sel.suffix !== undefined ? {suffix: sel.suffix} : {})}
    const ranges = toRanges(text, selector)
    const place = n.yaml.at(['target', 'exact'])
    if (ranges.length === 0) {
      const bare = sel.prefix || sel.suffix ? toRanges(text, {type: 'TextQuoteSelector', exact: sel.exact}).length : 0
      error(n.file, bare ? `The quote is in the text, but not with this prefix/suffix` : `The quote \`${sel.exact}\` is not in the text${quoteMarks(text, sel.exact)}`, place, 'quote-not-found')
      continue
    }
    if (ranges.length > 1) {
      const where = ranges.map((r) => `sentence ${sentenceAt(r.start)?.n ?? '?'}`).join(', ')
      const hint = disambiguate(text, ranges, 0)
      const settle = hint.prefix !== undefined ? `prefix: "${hint.prefix}"` : hint.suffix !== undefined ? `suffix: "${hint.suffix}"` : 'a longer quote'
      error(n.file, `The quote \`${sel.exact}\` is found ${ranges.length} times (${where}); add ${settle} to target the first, or the like for another`, place, 'quote-ambiguous')
      continue
    }
    const r = ranges[0]!
    // From the first sentence the passage touches (found by binary search), not the whole text.
    const covered: string[] = []
    for (let k = sentenceIndexAt(r.start); k < sentences.length && sentences[k]!.start < r.end; k++) {
      if (r.start < sentences[k]!.end) covered.push(sentences[k]!.id)
    }
    out.set(n.id, {targets: [{selector, start: r.start, end: r.end, sentences: covered}], anchor: {state: 'anchored'}})
  }
  return out
}

/** Straight and curly quotation marks and apostrophes, as one character each. */
const plainQuotes = (s: string) => s.replace(/[‘’‚‛′]/g, "'").replace(/[“”„‟″]/g, '"')

/** A hint when the quote differs from the text only in its quotation marks (`'` for `’`). */
function quoteMarks(text: string, exact: string): string {
  if (plainQuotes(exact) === exact && !/['"]/.test(exact)) return ''
  const found = toRanges(plainQuotes(text), {type: 'TextQuoteSelector', exact: plainQuotes(exact)})[0]
  if (!found) return ''
  return `: the text has \`${text.slice(found.start, found.end)}\`, with other quotation marks or apostrophes; copy the quote from the text`
}
