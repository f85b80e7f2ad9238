/** Placing things at plain-text offsets of the text tree: the one algorithm note anchors, gaps and readings use. */
import {describe, expect, it} from 'vitest'
import type {PhrasingContent, Root} from 'mdast'
import {unified} from 'unified'
import remarkParse from 'remark-parse'
import {VFile} from 'vfile'
import {inlineText} from '../src/pipeline/inline.js'
import remarkSentences from '../src/pipeline/remark-sentences.js'
import {insertMilestones, wrapRanges, type Milestone} from '../src/pipeline/places.js'

function tree(markdown: string): {tree: Root; text: string} {
  const file = new VFile(markdown)
  const processor = unified().use(remarkParse).use(remarkSentences)
  const tree = processor.runSync(processor.parse(file), file) as Root
  return {tree, text: file.data.plainText!}
}

const mark = (value: string): PhrasingContent => ({type: 'gap', data: {intervention: value, omitted: ''}}) as PhrasingContent

/** The marked tree's plain text, with each milestone shown as `|value|` and each wrapper as `<…>`. */
function show(root: Root): string {
  const walk = (nodes: unknown[]): string =>
    nodes
      .map((n) => {
        const node = n as {type: string; data?: {intervention?: string}; children?: unknown[]}
        if (node.type === 'gap') return `|${node.data!.intervention}|`
        if (node.type === 'reading') return `<${walk(node.children!)}>`
        if (node.children) return walk(node.children)
        return inlineText(node as never)
      })
      .join('')
  return root.children.map((p) => walk((p as {children: unknown[]}).children)).join('\n\n')
}

describe('insertMilestones', () => {
  it('puts ends before starts at one offset, and reaches into emphasis', () => {
    const {tree: t, text} = tree('One *two three* four. Five six.\n\nSeven eight.')
    const at = (s: string) => text.indexOf(s)
    const milestones: Milestone[] = [
      {offset: at('two'), bind: 'right', node: mark('a(')},
      {offset: at(' three'), bind: 'left', node: mark(')a')},
      {offset: at(' three'), bind: 'right', node: mark('b(')},
      {offset: at('Seven') + 5, bind: 'left', node: mark(')b')}
    ]
    expect(show(insertMilestones(t, milestones))).toBe('One |a(|two|)a||b(| three four. Five six.\n\nSeven|)b| eight.')
  })

  it('leaves the model’s tree untouched and keeps every character', () => {
    const {tree: t, text} = tree('Alpha beta. Gamma delta.')
    const before = JSON.stringify(t)
    const marked = insertMilestones(t, [{offset: 0, bind: 'right', node: mark('s')}, {offset: text.length, bind: 'left', node: mark('e')}])
    expect(JSON.stringify(t)).toBe(before)
    expect(show(marked)).toBe(`|s|${text}|e|`)
  })

  it('binds a start in the blank between paragraphs to the next paragraph, an end to the one before', () => {
    const {tree: t, text} = tree('One two.\n\nThree four.')
    const gap = text.indexOf('\n')
    const marked = insertMilestones(t, [{offset: gap, bind: 'right', node: mark('s')}, {offset: gap, bind: 'left', node: mark('e')}])
    expect(show(marked)).toBe('One two.|e|\n\n|s|Three four.')
  })

  it('places thousands of milestones in one long paragraph in linear time', () => {
    const words = Array.from({length: 20000}, (_, i) => `w${i}`).join(' ') + '.'
    const {tree: t, text} = tree(words)
    const milestones: Milestone[] = []
    for (let i = 0; i < text.length; i += 7) milestones.push({offset: i, bind: 'right', node: mark('x')})
    const marked = insertMilestones(t, milestones)
    expect(show(marked).replace(/\|x\|/g, '')).toBe(text)
    expect(show(marked).match(/\|x\|/g)).toHaveLength(milestones.length)
  })
})

describe('wrapRanges', () => {
  it('wraps a range in each sentence it crosses, and keeps every character', () => {
    const {tree: t, text} = tree('One *two three* four. Five six.')
    const start = text.indexOf('three')
    const end = text.indexOf(' six')
    const wrapped = wrapRanges(t, [{start, end, make: (children) => ({type: 'reading', children, data: {intervention: 'x', original: ''}}) as PhrasingContent}])
    expect(show(wrapped)).toBe('One two <three four.> <Five> six.')
    expect(show(t)).toBe(text)
  })
})
