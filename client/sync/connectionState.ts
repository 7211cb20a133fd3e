/** What the connection badge shows, derived from the provider's facts. Pure, unit-tested. */
export type ConnectionState = 'connecting' | 'live' | 'offline' | 'reconnecting'

export interface ConnectionFacts {
  /** The browser says it has a network. */
  online: boolean
  /** The websocket is open. */
  socketOpen: boolean
  /** The server's state has been received over the current socket. */
  synced: boolean
  /** This page has been live at least once. */
  wasLive: boolean
}

export function deriveConnectionState(facts: ConnectionFacts): ConnectionState {
  if (!facts.online) return 'offline'
  if (facts.socketOpen && facts.synced) return 'live'
  if (!facts.wasLive) return 'connecting'
  return 'reconnecting'
}
