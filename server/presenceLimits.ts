/**
 * Limits on presence (awareness), checked before a state is accepted or relayed. A state is the
 * JSON text a client sends for itself; it is measured as text, without parsing it first, so a
 * deeply nested state cannot overflow the stack of whoever reads it (this server, every other client).
 * Documented in docs/api.md ("Presence limits"); the close codes in its "Close codes" table.
 */

/** The largest state one client may announce, in UTF-16 code units of its JSON text. */
export const PRESENCE_MAX_CHARS = 64 * 1024
/** The deepest nesting of arrays and objects in one state (tldraw's own presence needs 5). */
export const PRESENCE_MAX_DEPTH = 16
/**
 * How many presence client ids one connection may introduce (the stock client announces one: its
 * own). Bounds what one connection can make the server hold and send to every newcomer.
 */
export const PRESENCE_MAX_IDS_PER_CONNECTION = 4

/**
 * Close codes of presence abuse. 4400–4499 like every refusal, so the stock client does not
 * reconnect and repeat it. (They belong with `CloseCode` in shared/protocol.ts; kept here until
 * that file takes them.)
 */
export const PresenceCloseCode = {
  /** A state over PRESENCE_MAX_CHARS or PRESENCE_MAX_DEPTH, more ids than allowed, or one that could not be encoded. */
  presenceRefused: 4413,
  /** A state for a client id that another connection introduced (and may not take over), or the server's own. */
  presenceNotOwned: 4403,
  /** The old connection of a client id that a newer connection with the same access took over. */
  presenceTakenOver: 4409,
} as const

export type PresenceProblem = 'tooLarge' | 'tooDeep'

/**
 * Why the JSON text of one state may not be passed on, or null when it may. Counts nesting in one
 * pass over the text, skipping strings (a bracket inside a name is not nesting).
 */
export function presenceProblem(json: string): PresenceProblem | null {
  if (json.length > PRESENCE_MAX_CHARS) return 'tooLarge'
  let depth = 0
  let inString = false
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i)
    if (inString) {
      if (c === 0x5c /* \ */) i++
      else if (c === 0x22 /* " */) inString = false
    } else if (c === 0x22) {
      inString = true
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      depth++
      if (depth > PRESENCE_MAX_DEPTH) return 'tooDeep'
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--
    }
  }
  return null
}
