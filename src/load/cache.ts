/**
 * Bodies parsed by the last load, kept for the next one. A dev server loads the edition again
 * after every save, and parsing every note's Markdown again costs more than anything else the
 * loader does once citeproc's engine is kept (`cite/citeproc.ts`); after a save, all but one body
 * are as they were.
 *
 * A body is found again by everything its tree depends on: its file's whole text and where the
 * body starts in it (node positions), the entry it belongs to (a glossary entry does not link
 * itself), the bibliography's keys and the glossary's forms. Only bodies that gave no message
 * are kept (a message belongs to its load's file). Each load gets its own copy of a kept tree,
 * since later stages write into trees (citeproc's output on each citation). Only the last load's
 * bodies are kept, so the cache is never larger than one edition's notes.
 */
import {parseBodies, type Body, type BodyInput, type BodyOptions} from '../pipeline/body.js'
import type {GlossaryForm} from '../anchor/terms.js'

let kept = new Map<string, Body>()
let keeping = false

/**
 * Keep bodies from one load to the next (the dev server turns this on). A command loads once,
 * and copying every tree to keep it would only cost time and memory there.
 */
export function keepBodies(on = true): void {
  keeping = on
  if (!on) kept = new Map()
}

const copy = (b: Body): Body => ({tree: structuredClone(b.tree), forms: new Set(b.forms)})

/** `parseBodies`, with the bodies the last load parsed taken from it; `forms` are the matcher's. */
export function parseBodiesKept(inputs: BodyInput[], options: BodyOptions, forms: GlossaryForm[]): Body[] {
  if (!keeping) return parseBodies(inputs, options)
  const context = JSON.stringify([[...options.keys].sort(), forms])
  const keyOf = (input: BodyInput) => JSON.stringify([String(input.file.value), input.offset, input.markdown, input.self ?? options.terms?.self ?? '', context])
  const next = new Map<string, Body>()
  const out: Body[] = []
  const missing: number[] = []
  inputs.forEach((input, i) => {
    const hit = kept.get(keyOf(input))
    if (hit) {
      next.set(keyOf(input), hit)
      out[i] = copy(hit)
    } else missing.push(i)
  })
  const before = missing.map((i) => inputs[i]!.file.messages.length)
  const parsed = parseBodies(
    missing.map((i) => inputs[i]!),
    options
  )
  missing.forEach((i, k) => {
    out[i] = parsed[k]!
    const input = inputs[i]!
    // A file with two bodies (none has) would share its count: then neither is kept.
    const alone = missing.filter((j) => inputs[j]!.file === input.file).length === 1
    if (alone && input.file.messages.length === before[k]) next.set(keyOf(input), copy(parsed[k]!))
  })
  kept = next
  return out
}
