/** Constants of the edition's plain text, shared by the stages that make it and the writers that read it. */

/** Between paragraphs in `Edition.text` (and in the reading view's text block). */
export const PARAGRAPH_SEPARATOR = '\n\n'
