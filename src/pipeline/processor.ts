/**
 * The text pipeline, one unified processor:
 * remark-parse → text check → sentences → glossary terms → remark-rehype → rehype-sanitize → rehype-stringify.
 * A small plugin keeps the mdast (with its sentence and term nodes) on `file.data.tree`, so one
 * run yields both the text's HTML and the tree every writer of the `Edition` model walks.
 */
import {unified, type Processor} from 'unified'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import rehypeSanitize from 'rehype-sanitize'
import rehypeStringify from 'rehype-stringify'
import type {Root} from 'mdast'
import type {Root as HastRoot} from 'hast'
import remarkSentences from './remark-sentences.js'
import remarkTextCheck from './remark-text-check.js'
import remarkTerms, {type GlossaryForm} from './remark-terms.js'
import {sanitizeSchema} from './sanitize.js'

declare module 'vfile' {
  interface DataMap {
    tree: Root
  }
}

export interface TextOptions {
  language?: string
  glossary?: GlossaryForm[]
}

function remarkKeepTree() {
  return (tree: Root, file: import('vfile').VFile) => {
    file.data.tree = structuredClone(tree)
  }
}

export function textProcessor(options: TextOptions = {}): Processor<Root, Root, HastRoot, HastRoot, string> {
  return unified()
    .use(remarkParse)
    .use(remarkTextCheck)
    .use(remarkSentences, {language: options.language})
    .use(remarkTerms, {glossary: options.glossary ?? []})
    .use(remarkKeepTree)
    .use(remarkRehype)
    .use(rehypeSanitize, sanitizeSchema)
    .use(rehypeStringify) as unknown as Processor<Root, Root, HastRoot, HastRoot, string>
}

/** The rehype half alone, for writers that render a tree held by the model. */
export async function treeToHtml(tree: Root): Promise<string> {
  const processor = unified().use(remarkRehype).use(rehypeSanitize, sanitizeSchema).use(rehypeStringify)
  const hast = await processor.run(structuredClone(tree))
  return processor.stringify(hast)
}
