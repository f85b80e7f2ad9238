/**
 * citation-js, for what citeproc-js does not do: reading and writing BibTeX. Imported only where
 * BibTeX is read or written, so an edition without BibTeX never loads it.
 */
import {createRequire} from 'node:module'

// citation-js is CommonJS; requiring it keeps one instance of its plugin registry.
const require = createRequire(import.meta.url)
const core = require('@citation-js/core') as typeof import('@citation-js/core')
require('@citation-js/plugin-bibtex')

export const {Cite, plugins} = core
