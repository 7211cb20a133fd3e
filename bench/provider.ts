/** A stock y-websocket client as the app uses it, on Node (ws as WebSocket, no BroadcastChannel). */
import WebSocket from 'ws'
import type * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'

// Every WebsocketProvider adds a process 'exit' listener; hundreds are expected here.
process.setMaxListeners(0)

/** For our server: serverUrl `ws://127.0.0.1:PORT/sync` and the board token; stock: `ws://127.0.0.1:PORT`, token null. */
export function openProvider(serverUrl: string, room: string, token: string | null, doc: Y.Doc): WebsocketProvider {
  return new WebsocketProvider(serverUrl, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: token === null ? {} : { token },
  })
}
