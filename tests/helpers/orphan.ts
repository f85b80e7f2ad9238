/** An edition with one note made an orphan, as an import that cannot re-anchor it leaves it. */
import {visit} from 'unist-util-visit'
import type {Edition} from '../../src/model/edition.js'
import type {NoteAnchorNode} from '../../src/model/nodes.js'

export function withOrphan(edition: Edition, id: string): Edition {
  const e = structuredClone(edition)
  const a = e.annotations.find((x) => x.id === id)!
  // Its passage's milestones go with its targets.
  visit(e.tree, 'noteAnchor', (node: NoteAnchorNode, i, parent) => {
    if (node.data.note !== id || !parent || i === undefined) return undefined
    parent.children.splice(i, 1)
    return i
  })
  for (const s of e.sentences) s.annotations = s.annotations.filter((x) => x !== id)
  return {...e, annotations: e.annotations.filter((x) => x !== a), orphans: [{...a, targets: [], anchor: {state: 'orphaned', reason: 'the passage is no longer in the text'}}]}
}
