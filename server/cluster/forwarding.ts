/**
 * Node-to-node requests (issue 11): a websocket or API call for a board that another node owns
 * is forwarded to that owner over its NODE_URL, with three headers:
 *
 *   x-tafelbord-cluster-secret   CLUSTER_SECRET; the owner compares it in constant time and
 *                                refuses a forwarded request without the right one (403).
 *   x-tafelbord-forwarded-by     the NODE_ID of the node that forwarded it. A forwarded request is
 *                                never forwarded again (loop guard): a node that receives one for a
 *                                board it does not own takes the lease when it is free or expired,
 *                                and otherwise answers 503 with Retry-After (websocket: 1013).
 *   x-tafelbord-client-address   the client's address as the first node saw it (for logs and
 *                                rate limits on the owner; trusted only with the right secret).
 *
 * Whatever the client sent with these names is dropped before forwarding; the owner never trusts
 * them without the secret.
 */
import type { IncomingMessage } from 'node:http'
import { secretsEqual } from '../tokens'

export const CLUSTER_SECRET_HEADER = 'x-tafelbord-cluster-secret'
export const FORWARDED_BY_HEADER = 'x-tafelbord-forwarded-by'
export const CLIENT_ADDRESS_HEADER = 'x-tafelbord-client-address'

/** How a request reached this node: from a client, forwarded by another node, or a forgery. */
export type Arrival = { kind: 'direct' } | { kind: 'forwarded'; by: string; clientAddress: string | null } | { kind: 'refused' }

/** Reads the cluster headers of a request (constant-time secret check). */
export function arrivalOf(req: IncomingMessage, clusterSecret: string | null): Arrival {
  const by = headerValue(req, FORWARDED_BY_HEADER)
  const secret = headerValue(req, CLUSTER_SECRET_HEADER)
  if (by === null && secret === null) return { kind: 'direct' }
  if (clusterSecret === null || secret === null || by === null || !secretsEqual(secret, clusterSecret)) return { kind: 'refused' }
  return { kind: 'forwarded', by, clientAddress: headerValue(req, CLIENT_ADDRESS_HEADER) }
}

/** The client's address as this node sees it (CLIENT_ADDRESS_HEADER's last entry, else the peer). */
export function clientAddressOf(req: IncomingMessage, clientAddressHeader: string | null, clusterSecret: string | null): string {
  const arrival = arrivalOf(req, clusterSecret)
  if (arrival.kind === 'forwarded' && arrival.clientAddress !== null) return arrival.clientAddress
  if (clientAddressHeader !== null) {
    const raw = req.headers[clientAddressHeader]
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw
    const last = value?.split(',').pop()?.trim()
    if (last) return last
  }
  return req.socket.remoteAddress ?? ''
}

/** Headers for a request this node forwards: the cluster's own ones replaced. */
export function clusterHeaders(nodeId: string, clusterSecret: string, clientAddress: string): Record<string, string> {
  return { [CLUSTER_SECRET_HEADER]: clusterSecret, [FORWARDED_BY_HEADER]: nodeId, [CLIENT_ADDRESS_HEADER]: clientAddress }
}

export function isClusterHeader(name: string): boolean {
  const lower = name.toLowerCase()
  return lower === CLUSTER_SECRET_HEADER || lower === FORWARDED_BY_HEADER || lower === CLIENT_ADDRESS_HEADER
}

function headerValue(req: IncomingMessage, name: string): string | null {
  const raw = req.headers[name]
  const value = Array.isArray(raw) ? raw[0] : raw
  return value === undefined || value === '' ? null : value
}

/** An error's text for the log, without anything that looks like a query string (tokens). */
export function forwardErrorText(err: unknown): string {
  const text = err instanceof Error ? `${(err as NodeJS.ErrnoException).code ?? err.name}: ${err.message}` : String(err)
  return text.replace(/\?\S*/g, '?…').slice(0, 200)
}
