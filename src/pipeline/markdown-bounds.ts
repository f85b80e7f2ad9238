/**
 * What Markdown may hold for the parser and the tree walks to stay fast and within the stack
 * (the bounds are in model/limits.ts). Checked before parsing (containers a line opens, brackets
 * open at once, emphasis markers: what micromark reads in more than linear time) and after it
 * (the depth of the tree, before anything walks it). Both checks are single passes without
 * recursion.
 */
import type {Node} from 'unist'
import {MAX_EMPHASIS_MARKS, MAX_EMPHASIS_MARKS_PER_PARAGRAPH, MAX_MARKDOWN_DEPTH} from '../model/limits.js'

/** Where the text passes a bound, and which. */
export interface Excess {
  offset: number
  reason: string
}

/**
 * How many containers (block quotes, list items) the line starting at `i` opens at most: its
 * `>` and list markers, and its indentation before them (two columns a level, as a nested list
 * indents). micromark's time for nested lists grows with the cube of their depth (1,000 lines,
 * each a list item indented two more: 37 s), for nested quotes with its square.
 */
function containersAt(text: string, i: number): number {
  let indent = 0
  while (text[i] === ' ' || text[i] === '\t') indent += text[i++] === '\t' ? 4 : 1
  let markers = 0
  for (;;) {
    const c = text[i]
    if (c === '>') i++
    else if ((c === '-' || c === '*' || c === '+') && (text[i + 1] === ' ' || text[i + 1] === '\t')) i += 2
    else {
      const ordered = /^\d{1,9}[.)][ \t]/.exec(text.slice(i, i + 12))
      if (!ordered) break
      i += ordered[0].length
    }
    markers++
    while (text[i] === ' ' || text[i] === '\t') i++
  }
  return markers ? markers + Math.floor(indent / 2) : 0
}

/** Before parsing: containers a line opens, brackets open at once, and emphasis markers per paragraph and per file (escaped ones do not count). */
export function beyondParser(text: string): Excess | undefined {
  let depth = 0
  let marks = 0
  let total = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (i === 0 || text.charCodeAt(i - 1) === 0x0a) {
      if (containersAt(text, i) > MAX_MARKDOWN_DEPTH) return {offset: i, reason: `Markdown nests more than ${MAX_MARKDOWN_DEPTH} block quotes or list items within one another on this line`}
    }
    if (c === 0x5c) {
      i++ // a backslash escapes the next character
    } else if (c === 0x5b) {
      if (++depth > MAX_MARKDOWN_DEPTH) return {offset: i, reason: `Markdown nests more than ${MAX_MARKDOWN_DEPTH} brackets (\`[\`, \`![\`) within one another here`}
    } else if (c === 0x5d) {
      if (depth > 0) depth--
    } else if (c === 0x2a || c === 0x5f) {
      if (++marks > MAX_EMPHASIS_MARKS_PER_PARAGRAPH) return {offset: i, reason: `More than ${MAX_EMPHASIS_MARKS_PER_PARAGRAPH.toLocaleString('en')} \`*\` or \`_\` in one paragraph: write those meant as characters \`\\*\` and \`\\_\``}
      if (++total > MAX_EMPHASIS_MARKS) return {offset: i, reason: `More than ${MAX_EMPHASIS_MARKS.toLocaleString('en')} \`*\` or \`_\` in the file: write those meant as characters \`\\*\` and \`\\_\``}
    } else if (c === 0x0a && /^[ \t]*\n/.test(text.slice(i + 1, i + 82))) {
      // A blank line ends the paragraph: neither brackets nor emphasis reach past it.
      depth = 0
      marks = 0
    }
  }
  return undefined
}

/** After parsing: the first node (in document order) nested more than the bound below the root (any unist tree: mdast, or hast from imported HTML). */
export function tooDeepNode<T extends Node>(tree: T): T | undefined {
  const stack: [T, number][] = [[tree, 0]]
  while (stack.length) {
    const [node, depth] = stack.pop()!
    if (depth > MAX_MARKDOWN_DEPTH) return node
    const children = (node as {children?: T[]}).children
    if (children) for (let i = children.length - 1; i >= 0; i--) stack.push([children[i]!, depth + 1])
  }
  return undefined
}

/** The message for a tree nested too deep. */
export const tooDeepWords = `Markdown nests more than ${MAX_MARKDOWN_DEPTH} levels here (block quotes, lists, emphasis or links within one another)`

/** Elements that never hold others, so they open no level. */
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr'])

/**
 * Whether HTML nests more than the bound (a comment from another tool, or citeproc's output).
 * The HTML parser's conversion to a tree recurses per level: 20,000 nested `<b>` overflowed the
 * stack. Counted on the tags, in one pass; a tag left open counts as open.
 */
export function htmlTooDeep(html: string): boolean {
  let depth = 0
  for (const m of html.matchAll(/<(\/?)([a-zA-Z][\w-]*)[^>]*?(\/?)>/g)) {
    if (m[1]) depth = Math.max(0, depth - 1)
    else if (!m[3] && !VOID.has(m[2]!.toLowerCase()) && ++depth > MAX_MARKDOWN_DEPTH) return true
  }
  return false
}
