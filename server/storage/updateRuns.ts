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

/**
 * The most bytes of updates in one run (one row). One document's log can hold far more — a few
 * large pastes and deletes are 4 MB each (MAX_MESSAGE_BYTES) — and one row over SQLite's blob limit
 * (1 GB) would make every fold fail.
 */
export const RUN_MAX_BYTES = 8 * 1024 * 1024

/**
 * Cuts `entries` (in `seq` order) into consecutive runs of at most `maxBytes` bytes of updates
 * each; an update larger than that is a run of its own. The runs never overlap in `seq`.
 */
export function splitRun<E extends RunEntry>(entries: readonly E[], maxBytes: number): E[][] {
  const runs: E[][] = []
  let current: E[] = []
  let bytes = 0
  for (const entry of entries) {
    if (current.length > 0 && bytes + entry.update.length > maxBytes) {
      runs.push(current)
      current = []
      bytes = 0
    }
    current.push(entry)
    bytes += entry.update.length
  }
  if (current.length > 0) runs.push(current)
  return runs
}
