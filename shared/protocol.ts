/**
 * The wire contract between browser, server and tests: URL shapes, websocket close codes and the
 * JSON answers of the HTTP API. Documented for operators in docs/api.md.
 *
 * Close codes 4400-4499 tell a stock y-websocket 3.x client not to reconnect (its
 * `defaultShouldReconnect`), which is what we want for every refusal below.
 */
import type { CloseProblem } from './domain/closeRule'
import type { DecisionEntry, MeetingInfo, MeetingState, OutcomeEntry, Participant } from './domain/meeting'
import type { FieldError } from './domain/validation'
import type { RefusalCode } from './commands/refusals'

export const CloseCode = {
  /** A frame that is not a valid y-websocket message (text frame, truncated or garbage Yjs data). */
  malformedMessage: 4400,
  /** The token is missing or does not belong to this board. */
  unauthorized: 4401,
  /** No board with this id exists, or it was deleted (then the reason is `deleted`). */
  unknownBoard: 4404,
  /** The client sent more messages or bytes than the per-connection budget allows. */
  flood: 4429,
  /**
   * The server is shutting down or restarting, or (several nodes) it no longer serves this board
   * — its lease went to another node — or the node that serves it cannot be reached; clients
   * reconnect on their own and reach whichever node serves the board (standard code).
   */
  restarting: 1012,
  /**
   * Several nodes: a connection forwarded by another node reached a node that does not serve the
   * board (the owner changed meanwhile); the client reconnects and is sent to the new owner
   * (standard "try again later").
   */
  tryAgainLater: 1013,
  /** A message larger than the server's `maxPayload` (standard code, sent by `ws` itself). */
  messageTooBig: 1009,
  /**
   * Sign-in (issue 12): the session this connection relied on ended — signed out, idle or past
   * its absolute time-out. The client shows the sign-in again.
   */
  sessionEnded: 4440,
} as const
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode]

/** y-websocket message types (first varuint of every binary frame). */
export const MessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
} as const

/**
 * Path prefix of the websocket endpoint: `/sync/<boardId>?token=<token>` for the board document,
 * `/sync/<boardId>/meeting?token=<token>` for the meeting document (read-only for clients; the
 * suffix is MEETING_DOC_SUFFIX in shared/ydoc/meetingDoc.ts).
 */
export const SYNC_PATH_PREFIX = '/sync/'
/** Path prefix of a board page: `/b/<boardId>#<fragment>`. */
export const BOARD_PATH_PREFIX = '/b/'

/**
 * What the holder of a token may do on a board. The resident's phone link edits like a
 * participant and may record decisions when the facilitator allowed it (`residentMayDecide`).
 */
export type Access = 'facilitator' | 'participant' | 'resident'

/** The URL fragment keys that carry a token: `/b/<id>#f=<token>`, `#p=<token>` or `#r=<token>`. */
export const FRAGMENT_KEY: Record<Access, string> = { facilitator: 'f', participant: 'p', resident: 'r' }

/** `POST /api/boards` answer (links only; with sign-in on see `CreateBoardByAccountResponse`). */
export interface CreateBoardResponse {
  id: string
  facilitatorToken: string
  participantToken: string
  residentToken: string
  facilitatorUrl: string
  participantUrl: string
  /** The resident's phone link: `/b/<id>#r=<residentToken>`. */
  residentUrl: string
}

/**
 * `POST /api/boards` answer with sign-in on (issue 12): the creator is the facilitator by account,
 * so no facilitator link exists to hand out — `facilitatorToken` and `facilitatorUrl` are absent.
 */
export type CreateBoardByAccountResponse = Omit<CreateBoardResponse, 'facilitatorToken' | 'facilitatorUrl'>

/** `GET /api/boards/:id/links` answer (facilitator only); no `facilitatorUrl` on a board made with sign-in. */
export interface BoardLinksResponse {
  facilitatorUrl?: string
  participantUrl: string
  residentUrl: string
}

/** `GET /api/boards/:id` answer (needs `Authorization: Bearer <token>`). */
export interface BoardInfoResponse {
  id: string
  access: Access
  /**
   * Sign-in (issue 12): the signed-in professional whose right this is — the account's name and
   * organisation, used instead of typed ones — or null when the right comes from the link alone.
   */
  account: { name: string; organisation: string } | null
  createdAt: string
  meeting: MeetingInfo
}

// ---- The meeting API. Every call needs `Authorization: Bearer <token>`; see docs/api.md.
// What each call sends is typed from its validator in the route table (shared/commands/routes.ts,
// `RequestOf<'register'>` and so on); the answers are below.

/** `POST /api/boards/:id/participants` answer: the stored entry (first `joinedAt` kept). */
export interface ParticipantResponse {
  participant: Participant
}

/** `POST /api/boards/:id/decisions` answer (201). */
export interface DecisionResponse {
  decision: DecisionEntry
}

/** Answer of `PATCH …/meeting`, `POST …/lock`, `…/unlock` and `…/close`. */
export interface MeetingResponse {
  meeting: MeetingInfo
}

/** `GET /api/config` answer: what the start page needs to know. */
export interface ServerConfigResponse {
  /** True when `ADMIN_KEY` is set: creating a board needs `Authorization: Bearer <ADMIN_KEY>`. */
  boardCreationRequiresKey: boolean
  /** True when sign-in with OpenID Connect is configured: creating a board needs a signed-in professional. */
  signIn: boolean
}

/** `GET /api/me` answer (issue 12): who is signed in in this browser; empty strings when nobody is. */
export interface MeResponse {
  signedIn: boolean
  name: string
  email: string
  organisation: string
}

/** One case of "Mijn gesprekken" (`GET /api/cases`). */
export interface CaseSummary {
  id: string
  /** `/b/<id>`: opens the board without any link. */
  url: string
  /** Facilitator (the creator or a co-facilitator) or participant (took part by link). */
  role: 'facilitator' | 'participant'
  /** From the resident card; '' before the start dialog was filled in. */
  residentName: string
  state: MeetingState
  /** 1 for the first meeting, 2 for the first follow-up, … */
  sessionNumber: number
  /** The agreed follow-up date (`YYYY-MM-DD`, in the meeting's time zone), or null. */
  nextFollowUp: string | null
  /** Actions she agreed to whose outcome is not yet recorded. */
  openAgreedActions: number
  /** ISO 8601: the last change stored for the case. */
  lastChange: string
  /** The meeting's IANA time zone, in which `lastChange` is shown. */
  timeZone: string
}

/** `GET /api/cases` answer: sorted by `nextFollowUp` (soonest first, none last), then by `lastChange` (newest first). */
export interface CasesResponse {
  cases: CaseSummary[]
}

/** One facilitator by account of a case (`GET …/facilitators`). */
export interface FacilitatorInfo {
  email: string
  /** The account's name once bound; '' until the person first signed in. */
  name: string
  /** Bound to an account (issuer and subject) at the first sign-in with this verified e-mail. */
  bound: boolean
  creator: boolean
  addedAt: string
}

export interface FacilitatorsResponse {
  facilitators: FacilitatorInfo[]
}

/**
 * One member of a case (`GET …/members`): a signed-in professional who once opened it with the
 * participant link, and so opens it by account as participant from then on.
 */
export interface MemberInfo {
  /** Opaque and stable: the first 16 hex of SHA-256 of `issuer|subject` (never the subject itself); names the member in `DELETE …/members/:member`. */
  id: string
  /** From the account at the last opening; '' when the provider gave none. */
  name: string
  organisation: string
  /** ISO 8601: the first and the last opening by link. */
  firstSeenAt: string
  lastSeenAt: string
}

export interface MembersResponse {
  members: MemberInfo[]
}

/** One line of a case's access log (`GET …/audit`). Never a token, a session id or board content. */
export interface AuditEntry {
  /** ISO 8601. */
  at: string
  actor: {
    kind: 'account' | 'link' | 'system' | 'anonymous'
    /** `issuer|subject` of an account; null otherwise. */
    subject: string | null
    /** The account's name, or the name a participant gave with a link; null when unknown. */
    name: string | null
  }
  /** The kind of access the act was done with; null when none was granted. */
  access: Access | null
  /** e.g. `board.create`, `board.open`, `command.decide`, `export.download`, `auth.signIn`. */
  action: string
  object: { board: string | null; session: number | null }
  result: 'ok' | 'refused' | 'failed'
  /** The refusal code, when refused. */
  reason: string | null
  /** The client address (behind a proxy, from CLIENT_ADDRESS_HEADER). */
  origin: string
}

export interface AuditResponse {
  entries: AuditEntry[]
  /** True when the log holds more lines than one answer gives (the newest 10,000): the older ones are left out. */
  truncated?: boolean
}

/** `GET /api/health` answer. */
export interface HealthResponse {
  ok: true
  /** Boards in memory on this node. */
  boardsLoaded: number
  /** Open sync connections on this node (both documents; forwarded ones included). */
  connections: number
  /** This node's NODE_ID (issue 11: several nodes on one PostgreSQL database). */
  nodeId: string
  /** Boards whose lease this node holds now; on one node (SQLite) the boards it has loaded. */
  boardsOwned: number
}

/**
 * Error answers of the API always have this shape. `error` is the stable snake_case code of
 * docs/api.md; `reason` the command's refusal code (camelCase), which the client turns into its
 * own words; `message` plain English for developers and logs, never shown to people.
 */
export interface ApiError {
  error: string
  reason: RefusalCode
  message: string
  /** For `invalid` and `invalid_picture`: what is wrong, at which field. */
  fieldErrors?: FieldError[]
}

/** 400 `invalid`: the body did not pass the command's validator. */
export interface ApiInvalidError extends ApiError {
  error: 'invalid'
  fieldErrors: FieldError[]
  /** The same as `fieldErrors`, one English line each (kept for older clients). */
  errors: string[]
}

/** 409 `close_refused`: exactly what `closeProblems` (shared/domain/closeRule.ts) returned. */
export interface CloseRefusedError extends ApiError {
  error: 'close_refused'
  problems: CloseProblem[]
}

/** Ids are 128 bits, tokens 256 bits, both base64url without padding. */
export const BOARD_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/

/** One archived (closed) session of a case. */
export interface ArchivedSessionSummary {
  number: number
  startedAt: string
  closedAt: string
  hasPicture: boolean
}

/** `GET /api/boards/:id/sessions` answer (facilitator only). */
export interface SessionsResponse {
  current: { number: number; state: MeetingState; startedAt: string }
  /** The closed sessions, oldest first; the current one is among them once it closed. */
  archived: ArchivedSessionSummary[]
}

/** `POST /api/boards/:id/outcomes` answer (201). */
export interface OutcomeResponse {
  outcome: OutcomeEntry
}
