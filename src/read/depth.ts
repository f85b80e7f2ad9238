/**
 * How deep JSON nests. `JSON.parse` reads any depth without recursing, but what reads the text or
 * the value afterwards recurses per level (the YAML parser that locates messages, the Web
 * Annotation reader, citeproc, `JSON.stringify`): a file of 100,000 nested brackets overflowed
 * the stack, or exhausted V8's regular-expression memory. Both measures here are iterative.
 */
import {MAX_YAML_DEPTH} from '../model/limits.js'

/**
 * Where, in JSON text, a value first opens more than `max` levels below the top one (the top
 * value is level 0, as in `tooDeep`), in document order; `undefined` when none does. Brackets in
 * strings do not count. One pass, for text that `JSON.parse` has not read yet, or read.
 */
export function deepOffset(text: string, max = MAX_YAML_DEPTH): number | undefined {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++ // a backslash escapes the next character
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max + 1) return i
    } else if (c === 0x5d || c === 0x7d) depth--
  }
  return undefined
}

/** The path of the first value nested more than `max` levels below `value`, if there is one. */
export function tooDeep(value: unknown, max = MAX_YAML_DEPTH): (string | number)[] | undefined {
  const stack: [unknown, (string | number)[]][] = [[value, []]]
  while (stack.length) {
    const [v, path] = stack.pop()!
    if (typeof v !== 'object' || v === null) continue
    if (path.length > max) return path
    for (const [k, child] of Object.entries(v)) stack.push([child, [...path, Array.isArray(v) ? Number(k) : k]])
  }
  return undefined
}
