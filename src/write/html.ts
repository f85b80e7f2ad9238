/**
 * The cited edition as one self-contained HTML file (`edition.html`). It IS the reading view,
 * `renderPage(edition)` (./view/index.ts): the text with sentence anchors, notes as popups and as an
 * apparatus, glossary, bibliography, interventions and witness, the source statement and how to
 * cite the edition; CSS and script inline, nothing fetched. Its security is the view's.
 */
import type {Edition} from '../model/edition.js'
import {renderPage} from './view/index.js'

export const toHtmlFile = (edition: Edition): string => renderPage(edition)
