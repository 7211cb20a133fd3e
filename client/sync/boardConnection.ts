/**
 * One board's two Y.Docs and their websockets to our server (stock y-websocket protocol): the
 * board document (the canvas; we write to it) and the meeting document (state, participants,
 * decisions; only the server writes to it). Plus the facts the UI needs: the connection state,
 * whether local edits are still unsent, and why the server refused us, if it did.
 */
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { SYNC_PATH_PREFIX } from '../../shared/protocol'
import { MEETING_DOC_SUFFIX } from '../../shared/ydoc/meetingDoc'
import { deriveConnectionState, type ConnectionState } from './connectionState'

export interface ConnectionSnapshot {
  state: ConnectionState
  /** Local edits exist that the server may not have yet. */
  unsent: boolean
  /** Set when the server closed the socket for good (bad token, unknown board, bad message). */
  refusedWith: number | null
}

export class BoardConnection {
  readonly doc = new Y.Doc()
  readonly provider: WebsocketProvider
  readonly meetingDoc = new Y.Doc()
  readonly meetingProvider: WebsocketProvider
  private snapshot: ConnectionSnapshot = { state: 'connecting', unsent: false, refusedWith: null }
  private listeners = new Set<() => void>()
  private wasLive = false
  private unsent = false
  private refusedWith: number | null = null
  private readonly cleanups: Array<() => void> = []

  constructor(boardId: string, token: string) {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:'
    const serverUrl = `${scheme}//${location.host}${SYNC_PATH_PREFIX.replace(/\/$/, '')}`
    // Without a token (signed in, issue 12) the server takes the session cookie the browser sends.
    const params: Record<string, string> = token ? { token } : {}
    this.provider = new WebsocketProvider(serverUrl, boardId, this.doc, {
      params,
      // Tabs of one browser must not bypass the server's checks by talking to each other.
      disableBc: true,
      maxBackoffTime: 5000,
    })
    this.meetingProvider = new WebsocketProvider(serverUrl, `${boardId}${MEETING_DOC_SUFFIX}`, this.meetingDoc, {
      params,
      disableBc: true,
      maxBackoffTime: 5000,
    })
    this.meetingProvider.on('connection-close', (event: CloseEvent | null) => {
      if (event && event.code >= 4400 && event.code < 4500) this.refusedWith = event.code
      this.recompute()
    })

    const update = () => this.recompute()
    this.provider.on('status', update)
    this.provider.on('sync', (synced: boolean) => {
      if (synced) this.afterSync()
      update()
    })
    this.provider.on('connection-close', (event: CloseEvent | null) => {
      if (event && event.code >= 4400 && event.code < 4500) this.refusedWith = event.code
      update()
    })
    this.doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin === this.provider) return
      if (!this.isLive()) {
        this.unsent = true
        update()
      }
    })
    // A socket can look open for a while after the network is gone; the browser knows sooner.
    // Going offline closes it, so everything made meanwhile is exchanged by a fresh sync later.
    const onOffline = () => {
      this.provider.disconnect()
      this.meetingProvider.disconnect()
      update()
    }
    const onOnline = () => {
      if (this.refusedWith === null) {
        this.provider.connect()
        this.meetingProvider.connect()
      }
      update()
    }
    window.addEventListener('online', onOnline)
    window.addEventListener('offline', onOffline)
    this.cleanups.push(() => {
      window.removeEventListener('online', onOnline)
      window.removeEventListener('offline', onOffline)
    })
    this.recompute()
  }

  private isLive(): boolean {
    return this.provider.wsconnected && this.provider.synced
  }

  /** After a (re)sync our missing updates have been handed to the socket; wait until it drained. */
  private afterSync() {
    const check = () => {
      const ws = this.provider.ws
      if (!this.isLive()) return
      if (ws && ws.bufferedAmount > 0) {
        setTimeout(check, 100)
        return
      }
      this.unsent = false
      this.recompute()
    }
    setTimeout(check, 0)
  }

  private recompute() {
    const state = deriveConnectionState({
      online: navigator.onLine,
      socketOpen: this.provider.wsconnected,
      synced: this.provider.synced,
      wasLive: this.wasLive,
    })
    if (state === 'live') this.wasLive = true
    const next: ConnectionSnapshot = { state, unsent: this.unsent, refusedWith: this.refusedWith }
    if (
      next.state !== this.snapshot.state ||
      next.unsent !== this.snapshot.unsent ||
      next.refusedWith !== this.snapshot.refusedWith
    ) {
      this.snapshot = next
      for (const listener of this.listeners) listener()
    }
  }

  getSnapshot = (): ConnectionSnapshot => this.snapshot

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Resolves once the server's state of both documents has arrived for the first time. */
  whenSynced(): Promise<void> {
    const synced = (provider: WebsocketProvider) =>
      provider.synced
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            const onSync = (isSynced: boolean) => {
              if (!isSynced) return
              provider.off('sync', onSync)
              resolve()
            }
            provider.on('sync', onSync)
          })
    return Promise.all([synced(this.provider), synced(this.meetingProvider)]).then(() => undefined)
  }

  destroy() {
    for (const cleanup of this.cleanups) cleanup()
    this.provider.destroy()
    this.meetingProvider.destroy()
    this.doc.destroy()
    this.meetingDoc.destroy()
  }
}

