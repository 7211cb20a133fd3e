/** The HTTP calls the client makes; all to our own origin. */
import type { ApiError, BoardInfoResponse, BoardLinksResponse, CreateBoardResponse, ServerConfigResponse, SessionsResponse } from '../shared/protocol'
import type { DecisionRequest, MeetingInfo, MeetingSettingsRequest, OutcomeRequest, Participant } from '../shared/domain/meeting'
import type { CloseProblem } from '../shared/domain/closeRule'

export interface ApiErrorBody extends ApiError {
  errors?: string[]
  problems?: CloseProblem[]
}

export class ApiFailure extends Error {
  constructor(readonly status: number, readonly body: ApiErrorBody | null) {
    super(body?.message ?? `HTTP ${status}`)
  }
}

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response
  try {
    response = await fetch(path, { ...init, headers: { Accept: 'application/json', ...init.headers } })
  } catch {
    throw new ApiFailure(0, null)
  }
  const body = (await response.json().catch(() => null)) as unknown
  if (!response.ok) throw new ApiFailure(response.status, (body as ApiErrorBody | null) ?? null)
  return body as T
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` })
const board = (boardId: string) => `/api/boards/${encodeURIComponent(boardId)}`

function send<T>(method: string, path: string, token: string, body?: unknown): Promise<T> {
  return call<T>(path, {
    method,
    headers: { ...bearer(token), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
}

export const api = {
  config: () => call<ServerConfigResponse>('/api/config'),
  createBoard: (adminKey?: string) =>
    call<CreateBoardResponse>('/api/boards', { method: 'POST', headers: adminKey ? bearer(adminKey) : {} }),
  boardInfo: (boardId: string, token: string) => call<BoardInfoResponse>(board(boardId), { headers: bearer(token) }),
  links: (boardId: string, token: string) => send<BoardLinksResponse>('GET', `${board(boardId)}/links`, token),
  join: (boardId: string, token: string, participant: Omit<Participant, 'joinedAt' | 'access' | 'keyHash'> & { key: string }) =>
    send<{ participant: Participant }>('POST', `${board(boardId)}/participants`, token, participant),
  recordDecision: (boardId: string, token: string, request: DecisionRequest & { recordedBy: { userId: string } }) =>
    send<unknown>('POST', `${board(boardId)}/decisions`, token, request),
  updateMeeting: (boardId: string, token: string, settings: MeetingSettingsRequest) =>
    send<unknown>('PATCH', `${board(boardId)}/meeting`, token, settings),
  lock: (boardId: string, token: string) => send<unknown>('POST', `${board(boardId)}/lock`, token),
  unlock: (boardId: string, token: string) => send<unknown>('POST', `${board(boardId)}/unlock`, token),
  close: (boardId: string, token: string, picture: { pictureSvg: string; picturePng: string } | null) =>
    send<{ meeting: MeetingInfo }>('POST', `${board(boardId)}/close`, token, picture ?? {}),
  followUp: (boardId: string, token: string) => send<{ meeting: MeetingInfo }>('POST', `${board(boardId)}/follow-up`, token),
  recordOutcome: (boardId: string, token: string, request: OutcomeRequest & { recordedBy: { userId: string } }) =>
    send<unknown>('POST', `${board(boardId)}/outcomes`, token, request),
  /** Puts a decided action that was taken off the board back (facilitator). */
  restoreAction: (boardId: string, token: string, actionId: string) =>
    send<unknown>('POST', `${board(boardId)}/restore-action`, token, { actionId }),
  sessions: (boardId: string, token: string) => send<SessionsResponse>('GET', `${board(boardId)}/sessions`, token),
  /** Downloads an export with the bearer token (a plain link cannot carry it). */
  async download(boardId: string, token: string, path: string): Promise<void> {
    let response: Response
    try {
      response = await fetch(`${board(boardId)}/${path}`, { headers: bearer(token) })
    } catch {
      throw new ApiFailure(0, null)
    }
    if (!response.ok) throw new ApiFailure(response.status, (await response.json().catch(() => null)) as ApiErrorBody | null)
    // The server names the file (numbers only, never the resident's name).
    const filename = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? 'verslag'
    const url = URL.createObjectURL(await response.blob())
    const link = document.createElement('a')
    link.href = url
    link.download = filename
    document.body.append(link)
    link.click()
    link.remove()
    setTimeout(() => URL.revokeObjectURL(url), 60_000)
  },
  deleteBoard: (boardId: string, token: string) => send<unknown>('DELETE', board(boardId), token),
}
