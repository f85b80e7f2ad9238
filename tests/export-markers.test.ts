/** Placing things at plain-text offsets of the text tree (what note anchors and calls use). */
import {describe, expect, it} from 'vitest'
import type {Root} from 'mdast'
import {inlineText} from '../src/pipeline/inline.js'
import {textProcessor} from '../src/pipeline/processor.js'
import {withMarkers, type Marker} from '../src/write/markers.js'

async function tree(markdown: string): Promise<{tree: Root; text: string}> {
  const file = await textProcessor({language: 'en'}).process(markdown)
  return {tree: file.data.tree!, text: file.data.plainText!}
}

/** The marked tree's plain text, with each marker shown as `|value|`. */
function show(root: Root): string {
  const walk = (nodes: unknown[]): string =>
    nodes
      .map((n) => {
        const node = n as {type: string; value?: unknown; children?: unknown[]}
        if (node.type === 'marker') return `|${String(node.value)}|`
        if (node.children) return walk(node.children)
        return inlineText(node as never)
      })
      .join('')
  return root.children.map((p) => walk((p as {children: unknown[]}).children)).join('\n\n')
}

describe('withMarkers', () => {
  it('puts ends before starts at one offset, and reaches into emphasis', async () => {
    const {tree: t, text} = await tree('One *two three* four. Five six.\n\nSeven eight.')
    const at = (s: string) => text.indexOf(s)
    const markers: Marker<string>[] = [
      {offset: at('two'), bind: 'right', value: 'a('},
      {offset: at(' three'), bind: 'left', value: ')a'},
      {offset: at(' three'), bind: 'right', value: 'b('},
      {offset: at('Seven') + 5, bind: 'left', value: ')b'}
    ]
    expect(show(withMarkers(t, markers))).toBe('One |a(|two|)a||b(| three four. Five six.\n\nSeven|)b| eight.')
  })

  it('leaves the model’s tree untouched and keeps every character', async () => {
    const {tree: t, text} = await tree('Alpha beta. Gamma delta.')
    const before = JSON.stringify(t)
    const marked = withMarkers(t, [{offset: 0, bind: 'right', value: 's'}, {offset: text.length, bind: 'left', value: 'e'}])
    expect(JSON.stringify(t)).toBe(before)
    expect(show(marked)).toBe(`|s|${text}|e|`)
  })
})
