import { describe, expect, it } from 'vitest'
import { deriveConnectionState } from '../../client/sync/connectionState'

const base = { online: true, socketOpen: false, synced: false, wasLive: false }

describe('deriveConnectionState', () => {
  it('is connecting before the first sync', () => {
    expect(deriveConnectionState(base)).toBe('connecting')
    expect(deriveConnectionState({ ...base, socketOpen: true })).toBe('connecting')
  })
  it('is live when the socket is open and synced', () => {
    expect(deriveConnectionState({ ...base, socketOpen: true, synced: true })).toBe('live')
  })
  it('is reconnecting after having been live', () => {
    expect(deriveConnectionState({ ...base, wasLive: true })).toBe('reconnecting')
    expect(deriveConnectionState({ ...base, wasLive: true, socketOpen: true })).toBe('reconnecting')
  })
  it('is offline when the browser has no network', () => {
    expect(deriveConnectionState({ ...base, online: false, wasLive: true })).toBe('offline')
    // A socket the browser has not noticed is dead yet does not make an offline browser live.
    expect(deriveConnectionState({ ...base, online: false, socketOpen: true, synced: true })).toBe('offline')
  })
})
