/** The few HTTP calls the client makes; all to our own origin. */
import type { ApiError, BoardInfoResponse, CreateBoardResponse, ServerConfigResponse } from '../shared/protocol'

export class ApiFailure extends Error {
  constructor(readonly status: number, readonly body: ApiError | null) {
    super(body?.message ?? `HTTP ${status}`)
  }
}

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(path, { ...init, headers: { Accept: 'application/json', ...init.headers } })
  const body = (await response.json().catch(() => null)) as unknown
  if (!response.ok) throw new ApiFailure(response.status, (body as ApiError | null) ?? null)
  return body as T
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` })

export const api = {
  config: () => call<ServerConfigResponse>('/api/config'),
  createBoard: (adminKey?: string) =>
    call<CreateBoardResponse>('/api/boards', { method: 'POST', headers: adminKey ? bearer(adminKey) : {} }),
  boardInfo: (boardId: string, token: string) =>
    call<BoardInfoResponse>(`/api/boards/${encodeURIComponent(boardId)}`, { headers: bearer(token) }),
}
