/**
 * A run: several updates of one document stored as one row of `board_updates` /
 * `meeting_updates` (SQLite, migration 8; server/storage.ts). Accepted updates are first appended
 * to `update_log`, one row each; when the log is long enough it is folded into one run per
 * document. The bytes are opaque to storage: for each update, its `seq` and its bytes
 * (lib0 varuint, then varuint length and bytes), in `seq` order.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

export interface RunEntry {
  seq: number
  update: Uint8Array
}

export function encodeRun(entries: readonly RunEntry[]): Uint8Array {
  const encoder = encoding.createEncoder()
  for (const { seq, update } of entries) {
    encoding.writeVarUint(encoder, seq)
    encoding.writeVarUint8Array(encoder, update)
  }
  return encoding.toUint8Array(encoder)
}

export function decodeRun(bytes: Uint8Array): RunEntry[] {
  const decoder = decoding.createDecoder(bytes)
  const entries: RunEntry[] = []
  while (decoding.hasContent(decoder)) {
    const seq = decoding.readVarUint(decoder)
    entries.push({ seq, update: decoding.readVarUint8Array(decoder) })
  }
  return entries
}
