/** Addresses: which ones a reader may follow, and the edition's own identifier. */
import {createHash} from 'node:crypto'
import type {Edition} from './edition.js'

/** URLs a reader may follow; anything else (javascript:, data:, …) is dropped by every writer. */
export function safeUrl(url: string | undefined | null): string | undefined {
  if (!url) return undefined
  const trimmed = url.trim()
  if (trimmed.startsWith('#')) return trimmed
  try {
    const u = new URL(trimmed)
    return ['http:', 'https:', 'mailto:'].includes(u.protocol) ? trimmed : undefined
  } catch {
    return undefined
  }
}

/** A name-based UUID (RFC 4122 version 5), for editions that have no address of their own. */
function uuid5(name: string): string {
  const URL_NAMESPACE = '6ba7b8119dad11d180b400c04fd430c8'
  const hash = createHash('sha1').update(Buffer.from(URL_NAMESPACE, 'hex')).update(name).digest()
  hash[6] = (hash[6]! & 0x0f) | 0x50
  hash[8] = (hash[8]! & 0x3f) | 0x80
  const hex = hash.subarray(0, 16).toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/**
 * The edition's identifier: its published address, or a stable `urn:uuid:` derived from the
 * witness (the same across versions, so annotation ids survive a new version). Every output
 * names it, so a client can tell which document an annotation belongs to.
 */
export function editionIri(edition: Pick<Edition, 'meta' | 'witness'>): string {
  return edition.meta.url ?? `urn:uuid:${uuid5(`edition:${edition.witness.sha256}`)}`
}
