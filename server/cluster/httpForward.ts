/**
 * Forwards one board API request to the board's owner (issue 11): method, path with query,
 * headers and body are streamed to the owner's NODE_URL with the cluster headers
 * (server/cluster/forwarding.ts), and its answer — status, headers, body — streamed back. The
 * owner runs every check (token, body size, validation) itself. The `Host` header goes along, so
 * links the owner builds from it are the ones the client asked on.
 *
 * When the owner cannot be reached or fails before it answered, the client gets 503 with
 * `Retry-After: 1` (`error: "owner_unavailable"`): by then the owner's lease runs out or it is
 * back, and the retry lands on a node that serves the board.
 */
import http from 'node:http'
import https from 'node:https'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { boardRef, log } from '../log'
import { clusterHeaders, forwardErrorText, isClusterHeader } from './forwarding'

/** Hop-by-hop headers (RFC 9110 7.6.1): never passed on. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade'])

const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: 64 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 64 }),
}

export interface HttpForwardOptions {
  boardId: string
  ownerUrl: string
  ownerId: string
  nodeId: string
  clusterSecret: string
  clientAddress: string
  /** No answer (or no progress) for this long: the owner counts as unreachable. */
  timeoutMs: number
}

/** Streams the request to the owner and its answer back; resolves when the answer is complete. */
export function forwardHttp(req: IncomingMessage, res: ServerResponse, options: HttpForwardOptions): Promise<void> {
  return new Promise((resolve) => {
    const target = new URL(`${options.ownerUrl}${req.url ?? '/'}`)
    const headers: Record<string, string | string[]> = {}
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || HOP_BY_HOP.has(name) || isClusterHeader(name)) continue
      headers[name] = value
    }
    Object.assign(headers, clusterHeaders(options.nodeId, options.clusterSecret, options.clientAddress))
    const secure = target.protocol === 'https:'
    const upstream = (secure ? https : http).request(target, {
      method: req.method,
      headers,
      agent: secure ? agents.https : agents.http,
      timeout: options.timeoutMs,
    })
    let done = false
    const finish = () => {
      if (done) return
      done = true
      resolve()
    }
    const failed = (why: string) => {
      if (done) return
      log('warn', 'forward_failed', { board: boardRef(options.boardId), owner: options.ownerId, method: req.method, error: why })
      upstream.destroy()
      if (!res.headersSent) {
        const body = JSON.stringify({ error: 'owner_unavailable', reason: 'ownerUnavailable', message: 'The node that serves this board cannot be reached; try again.' })
        res.writeHead(503, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store', 'Retry-After': '1' })
        res.end(body)
      } else {
        res.destroy()
      }
      finish()
    }
    upstream.on('timeout', () => failed('timeout'))
    upstream.on('error', (err) => failed(forwardErrorText(err)))
    upstream.on('response', (answer) => {
      const out: Record<string, string | string[]> = {}
      for (const [name, value] of Object.entries(answer.headers)) {
        if (value === undefined || HOP_BY_HOP.has(name)) continue
        out[name] = value
      }
      res.writeHead(answer.statusCode ?? 502, out)
      answer.pipe(res)
      answer.on('end', finish)
      answer.on('error', () => {
        res.destroy()
        finish()
      })
      res.on('close', () => {
        if (!answer.complete) answer.destroy()
        finish()
      })
    })
    // The client went away before the owner answered: stop.
    res.on('close', () => {
      if (!done && !res.writableFinished) {
        upstream.destroy()
        finish()
      }
    })
    req.pipe(upstream)
  })
}
