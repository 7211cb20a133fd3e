/**
 * The HTTP calls the sign-in suites make (issue 12) as a browser makes them: the session cookie
 * with this site's Origin, and/or a bearer token; signing in through the real provider and
 * creating a case by account. Every secret they see is remembered, so the log checks
 * (`expectLogsClean`) can prove none of them reached the server's log.
 */
import { expect } from 'vitest'
import type { CreateBoardByAccountResponse } from '../../shared/protocol'
import type { ServerProcess } from '../helpers/serverProcess'
import { signInOverHttp } from '../helpers/signIn'
import { rememberSecret } from './support'

export interface CallOptions {
  cookie?: string
  token?: string
  body?: unknown
  /** Default: the server's own origin on a request with a cookie; null: none. */
  origin?: string | null
}

export interface CallResult<T> {
  status: number
  /** The JSON answer; `{}` when there is none (204, or a download). */
  body: T
  res: Response
  text: string
}

export async function callApi<T = Record<string, unknown>>(target: ServerProcess, method: string, path: string, options: CallOptions = {}): Promise<CallResult<T>> {
  const headers: Record<string, string> = {}
  if (options.cookie !== undefined) {
    headers.cookie = options.cookie
    const origin = options.origin === undefined ? target.baseUrl : options.origin
    if (origin !== null) headers.origin = origin
  }
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`
  if (options.body !== undefined) headers['content-type'] = 'application/json'
  const res = await fetch(`${target.baseUrl}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) })
  const text = await res.text()
  const json = text !== '' && res.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : {}
  return { status: res.status, body: json as T, res, text }
}

/** Signs in through the real provider's pages; answers the session cookie (`name=value`). */
export async function signInAs(target: ServerProcess, login: string, keep: (secret: string) => void = () => {}): Promise<string> {
  const cookie = await signInOverHttp(target.baseUrl, { login })
  const value = cookie.slice(cookie.indexOf('=') + 1)
  rememberSecret(value)
  keep(value)
  return cookie
}

/** A case created by the signed-in professional of `cookie` (201, no facilitator link). */
export async function createCaseByAccount(target: ServerProcess, cookie: string, keep: (secret: string) => void = () => {}): Promise<CreateBoardByAccountResponse> {
  const created = await callApi<CreateBoardByAccountResponse>(target, 'POST', '/api/boards', { cookie })
  expect(created.status).toBe(201)
  for (const token of [created.body.participantToken, created.body.residentToken]) {
    rememberSecret(token)
    keep(token)
  }
  return created.body
}
