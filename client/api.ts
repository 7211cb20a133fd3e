/**
 * The HTTP calls the client makes, all to our own origin, typed end to end from the one route
 * table (shared/commands/routes.ts): what each call sends is `RequestOf<route>`, what it answers
 * `ResponseOf<route>`. A refused call throws `ApiFailure`, whose `reason` (a `RefusalCode`) the UI
 * says in its own words; `fieldErrors` name the fields. The server's `message` is English for
 * developers and is never shown.
 */
import type { FieldError } from '../shared/domain/validation'
import type { CloseProblem } from '../shared/domain/closeRule'
import type { LogoutResponse } from '../shared/domain/signIn'
import type { RefusalCode } from '../shared/commands/refusals'
import type { BoardRouteName, ParamsOf, RequestOf, ResponseOf, RouteName } from '../shared/commands/routes'
import { pathOf, ROUTES } from '../shared/commands/routes'
import type { ApiError, AuditResponse } from '../shared/protocol'

export interface ApiErrorBody extends ApiError {
  /** `close_refused`: what the close rule found. */
  problems?: CloseProblem[]
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody | null,
  ) {
    super(body?.message ?? `HTTP ${status}`)
  }

  /** Why the server refused; null when it could not be reached or sent no answer of ours. */
  get reason(): RefusalCode | null {
    return this.body?.reason ?? null
  }

  get fieldErrors(): FieldError[] {
    return this.body?.fieldErrors ?? []
  }
}

async function fetchOrFail(path: string, init: RequestInit): Promise<Response> {
  let response: Response
  try {
    response = await fetch(path, { ...init, headers: { Accept: 'application/json', ...init.headers } })
  } catch {
    throw new ApiFailure(0, null)
  }
  if (!response.ok) throw new ApiFailure(response.status, ((await response.json().catch(() => null)) as ApiErrorBody | null) ?? null)
  return response
}

const bearer = (token: string): Record<string, string> => ({ Authorization: `Bearer ${token}` })

/** Calls one route of the table; `token` is the board's (or, to create a board, the admin key). */
export async function request<N extends RouteName>(
  name: N,
  options: { params: ParamsOf<N>; token?: string; body?: RequestOf<N> },
): Promise<ResponseOf<N>> {
  const route = ROUTES[name]
  const response = await fetchOrFail(pathOf(name, options.params), {
    method: route.method,
    headers: {
      ...(options.token ? bearer(options.token) : {}),
      ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  })
  if (route.status === 204) return undefined as ResponseOf<N>
  return (await response.json().catch(() => null)) as ResponseOf<N>
}

/**
 * A board route with its board id and token. Without a token (signed in, sign-in on, issue 12)
 * no Authorization header is sent: the session cookie, which `fetch` sends to our own origin by
 * default, carries the right.
 */
function onBoard<N extends Exclude<BoardRouteName, 'exportRecord' | 'removeFacilitator' | 'removeMember'>>(name: N, boardId: string, token: string, body?: RequestOf<N>) {
  return request(name, { params: { id: boardId } as ParamsOf<N>, token: token || undefined, body })
}

/** Saves an answer as a file, under the name the server gave it (numbers only, never the resident's name). */
async function saveDownload(response: Response, fallbackName: string): Promise<void> {
  const filename = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? fallbackName
  const url = URL.createObjectURL(await response.blob())
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

let serverConfig: Promise<ResponseOf<'config'>> | null = null

export const api = {
  config: () => request('config', { params: {} }),
  /** The server's configuration, asked once per page (it does not change while the page is open). */
  cachedConfig(): Promise<ResponseOf<'config'>> {
    serverConfig ??= api.config().catch((error: unknown) => {
      serverConfig = null
      throw error
    })
    return serverConfig
  },
  createBoard: (adminKey?: string) => request('createBoard', { params: {}, token: adminKey }),
  /** Who is signed in in this browser (sign-in on); `signedIn: false` otherwise. */
  me: () => request('me', { params: {} }),
  /** "Mijn gesprekken": the signed-in professional's cases. */
  cases: () => request('cases', { params: {} }),
  /**
   * Ends the session (a POST with JSON, so the server's Origin check applies). Answers where the
   * browser must go next to end the identity provider's session too (null: nowhere): without it,
   * the provider's single sign-on signs the same person in again at the next "Inloggen".
   */
  async signOut(): Promise<string | null> {
    const response = await fetchOrFail('/auth/logout', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })
    const answer = (await response.json().catch(() => null)) as LogoutResponse | null
    return typeof answer?.endSessionUrl === 'string' ? answer.endSessionUrl : null
  },
  boardInfo: (boardId: string, token: string) => onBoard('boardInfo', boardId, token),
  links: (boardId: string, token: string) => onBoard('links', boardId, token),
  join: (boardId: string, token: string, participant: RequestOf<'register'>) => onBoard('register', boardId, token, participant),
  recordDecision: (boardId: string, token: string, decision: RequestOf<'decide'>) => onBoard('decide', boardId, token, decision),
  updateMeeting: (boardId: string, token: string, settings: RequestOf<'meetingSettings'>) =>
    onBoard('meetingSettings', boardId, token, settings),
  lock: (boardId: string, token: string) => onBoard('lock', boardId, token),
  unlock: (boardId: string, token: string) => onBoard('unlock', boardId, token),
  close: (boardId: string, token: string, picture: RequestOf<'close'> | null) => onBoard('close', boardId, token, picture ?? {}),
  followUp: (boardId: string, token: string) => onBoard('followUp', boardId, token),
  recordOutcome: (boardId: string, token: string, outcome: RequestOf<'outcome'>) => onBoard('outcome', boardId, token, outcome),
  /** Puts a decided action that was taken off the board back (facilitator). */
  restoreAction: (boardId: string, token: string, actionId: string) => onBoard('restoreAction', boardId, token, { actionId }),
  sessions: (boardId: string, token: string) => onBoard('sessions', boardId, token),
  deleteBoard: (boardId: string, token: string) => onBoard('deleteBoard', boardId, token),
  facilitators: (boardId: string, token: string) => onBoard('facilitators', boardId, token),
  addFacilitator: (boardId: string, token: string, email: string) => onBoard('addFacilitator', boardId, token, { email }),
  removeFacilitator: (boardId: string, token: string, email: string) =>
    request('removeFacilitator', { params: { id: boardId, email }, token: token || undefined }),
  members: (boardId: string, token: string) => onBoard('members', boardId, token),
  removeMember: (boardId: string, token: string, member: string) =>
    request('removeMember', { params: { id: boardId, member }, token: token || undefined }),
  /** The access log as JSON (the `?format=csv` variant is `downloadAudit`). */
  audit: (boardId: string, token: string) => onBoard('audit', boardId, token) as Promise<AuditResponse>,
  async downloadAudit(boardId: string, token: string): Promise<void> {
    const response = await fetchOrFail(`${pathOf('audit', { id: boardId })}?format=csv`, { headers: token ? bearer(token) : {} })
    await saveDownload(response, 'toegangslog.csv')
  },
  /**
   * Downloads a session's record (the `exportRecord` route) with the bearer token (a plain link
   * cannot carry it), or with the session alone. `path` is `sessions/<n|current>/<file>[?lang=…]`,
   * after the board's path.
   */
  async download(boardId: string, token: string, path: string): Promise<void> {
    const response = await fetchOrFail(`${pathOf('boardInfo', { id: boardId })}/${path}`, { headers: token ? bearer(token) : {} })
    await saveDownload(response, 'verslag')
  },
}
