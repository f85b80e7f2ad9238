/** The mdast node types the pipeline adds: sentences, and terms inside them. */
import type {Parent, PhrasingContent} from 'mdast'

export interface SentenceNode extends Parent {
  type: 'sentence'
  children: PhrasingContent[]
  data: {id: string; n: number; hName: 'span'; hProperties: import('hast').Properties}
}

export interface TermNode extends Parent {
  type: 'term'
  children: PhrasingContent[]
  data: {gloss: string; occurrence: number; hName: 'a'; hProperties: import('hast').Properties}
}

declare module 'mdast' {
  interface PhrasingContentMap {
    sentence: SentenceNode
    term: TermNode
  }
  interface RootContentMap {
    sentence: SentenceNode
    term: TermNode
  }
}
