/** The formats `edition export` writes, known without loading a writer (see `./index.ts`). */
export const FORMATS = ['view', 'json', 'tei', 'md', 'jsonld', 'csl', 'bibtex', 'txt', 'html']
