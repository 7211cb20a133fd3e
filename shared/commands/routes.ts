/**
 * The HTTP API as one table: for each route its method, path, the command it runs, the validator
 * of its body, its status on success and the type of its answer. The server routes by it
 * (server/http/router.ts), the client calls by it (client/api.ts), both typed from it:
 * `RequestOf<'decide'>` is what a client sends, `BodyOf<'decide'>` what the server gets after
 * validation, `ResponseOf<'decide'>` the answer. docs/api.md describes every route.
 */
import type { BodyInput, BodyValue, Body } from '../domain/validation'
import { CLOSE_MAX_BODY_BYTES, MAX_BODY_BYTES } from '../domain/limits'
import { meetingSettingsRequest, participantRequest, recordDecisionRequest, recordOutcomeRequest } from '../domain/meeting'
import type {
  AuditResponse,
  BoardInfoResponse,
  CasesResponse,
  FacilitatorsResponse,
  MembersResponse,
  MeResponse,
  BoardLinksResponse,
  CreateBoardByAccountResponse,
  CreateBoardResponse,
  DecisionResponse,
  HealthResponse,
  MeetingResponse,
  OutcomeResponse,
  ParticipantResponse,
  ServerConfigResponse,
  SessionsResponse,
} from '../protocol'
import { EXPORT_FILES } from './board'
import type { CommandName } from './index'
import { closeRequest, restoreActionRequest } from './meeting'
import { addFacilitatorRequest } from './accounts'
import type { RefusalCode } from './refusals'

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE'

declare const answerType: unique symbol
/** The type of a route's answer, carried in the table for the compiler only. */
export interface Answer<R> {
  readonly [answerType]?: R
}
function answer<R>(): Answer<R> {
  return {}
}

/** A file download (the record exports): the client saves it, it is not JSON. */
export interface Download {
  download: true
}

export interface RouteSpec {
  method: Method
  /** `/api/boards/:id/…`; `:name` is a path parameter. */
  path: string
  /** The board command it runs; null for the server's own routes (health, config, create). */
  command: CommandName | null
  /** The validator of its JSON body; null when it reads none. */
  body: Body<never> | Body<any> | null
  /** An empty body is read as `{}` (the close may come without a picture). */
  emptyBodyIsObject: boolean
  /** The refusal when the body fails its validator. */
  invalid: Extract<RefusalCode, 'invalid' | 'invalidPicture'>
  /** The values a path parameter may take; others are not this route (404 `not_found`). */
  params: Readonly<Record<string, readonly string[]>>
  maxBodyBytes: number
  /** Its status on success; 204 has no body. */
  status: 200 | 201 | 204
  answer: Answer<unknown>
}

const defaults = { body: null, emptyBodyIsObject: false, invalid: 'invalid', params: {}, maxBodyBytes: MAX_BODY_BYTES, status: 200 } as const

function route<const R extends Pick<RouteSpec, 'method' | 'path' | 'command' | 'answer'> & Partial<RouteSpec>>(spec: R): Omit<typeof defaults, keyof R> & R {
  return { ...defaults, ...spec } as Omit<typeof defaults, keyof R> & R
}

export const ROUTES = {
  health: route({ method: 'GET', path: '/api/health', command: null, answer: answer<HealthResponse>() }),
  config: route({ method: 'GET', path: '/api/config', command: null, answer: answer<ServerConfigResponse>() }),
  createBoard: route({ method: 'POST', path: '/api/boards', command: null, status: 201, answer: answer<CreateBoardResponse | CreateBoardByAccountResponse>() }),
  me: route({ method: 'GET', path: '/api/me', command: null, answer: answer<MeResponse>() }),
  cases: route({ method: 'GET', path: '/api/cases', command: null, answer: answer<CasesResponse>() }),
  boardInfo: route({ method: 'GET', path: '/api/boards/:id', command: 'boardInfo', answer: answer<BoardInfoResponse>() }),
  deleteBoard: route({ method: 'DELETE', path: '/api/boards/:id', command: 'deleteBoard', status: 204, answer: answer<void>() }),
  links: route({ method: 'GET', path: '/api/boards/:id/links', command: 'links', answer: answer<BoardLinksResponse>() }),
  register: route({
    method: 'POST',
    path: '/api/boards/:id/participants',
    command: 'register',
    body: participantRequest,
    answer: answer<ParticipantResponse>(),
  }),
  decide: route({
    method: 'POST',
    path: '/api/boards/:id/decisions',
    command: 'decide',
    body: recordDecisionRequest,
    status: 201,
    answer: answer<DecisionResponse>(),
  }),
  outcome: route({
    method: 'POST',
    path: '/api/boards/:id/outcomes',
    command: 'outcome',
    body: recordOutcomeRequest,
    status: 201,
    answer: answer<OutcomeResponse>(),
  }),
  meetingSettings: route({
    method: 'PATCH',
    path: '/api/boards/:id/meeting',
    command: 'meetingSettings',
    body: meetingSettingsRequest,
    answer: answer<MeetingResponse>(),
  }),
  lock: route({ method: 'POST', path: '/api/boards/:id/lock', command: 'lock', answer: answer<MeetingResponse>() }),
  unlock: route({ method: 'POST', path: '/api/boards/:id/unlock', command: 'unlock', answer: answer<MeetingResponse>() }),
  close: route({
    method: 'POST',
    path: '/api/boards/:id/close',
    command: 'close',
    body: closeRequest,
    emptyBodyIsObject: true,
    invalid: 'invalidPicture',
    maxBodyBytes: CLOSE_MAX_BODY_BYTES,
    answer: answer<MeetingResponse>(),
  }),
  followUp: route({ method: 'POST', path: '/api/boards/:id/follow-up', command: 'followUp', answer: answer<MeetingResponse>() }),
  restoreAction: route({
    method: 'POST',
    path: '/api/boards/:id/restore-action',
    command: 'restoreAction',
    body: restoreActionRequest,
    status: 204,
    answer: answer<void>(),
  }),
  sessions: route({ method: 'GET', path: '/api/boards/:id/sessions', command: 'sessions', answer: answer<SessionsResponse>() }),
  exportRecord: route({
    method: 'GET',
    path: '/api/boards/:id/sessions/:session/:file',
    command: 'exportRecord',
    params: { file: EXPORT_FILES },
    answer: answer<Download>(),
  }),
  facilitators: route({ method: 'GET', path: '/api/boards/:id/facilitators', command: 'facilitators', answer: answer<FacilitatorsResponse>() }),
  addFacilitator: route({
    method: 'POST',
    path: '/api/boards/:id/facilitators',
    command: 'addFacilitator',
    body: addFacilitatorRequest,
    status: 201,
    answer: answer<FacilitatorsResponse>(),
  }),
  removeFacilitator: route({
    method: 'DELETE',
    path: '/api/boards/:id/facilitators/:email',
    command: 'removeFacilitator',
    answer: answer<FacilitatorsResponse>(),
  }),
  members: route({ method: 'GET', path: '/api/boards/:id/members', command: 'members', answer: answer<MembersResponse>() }),
  removeMember: route({
    method: 'DELETE',
    path: '/api/boards/:id/members/:member',
    command: 'removeMember',
    answer: answer<MembersResponse>(),
  }),
  /** JSON, or with `?format=csv` the same as a CSV download. */
  audit: route({ method: 'GET', path: '/api/boards/:id/audit', command: 'audit', answer: answer<AuditResponse | Download>() }),
} as const satisfies Record<string, RouteSpec>

export type Routes = typeof ROUTES
export type RouteName = keyof Routes
/** The routes that run a board command. */
export type BoardRouteName = { [N in RouteName]: Routes[N]['command'] extends CommandName ? N : never }[RouteName]

type FieldsOf<B> = B extends Body<infer F> ? F : never
/** What a client sends to a route (optional fields may be left out); undefined: no body. */
export type RequestOf<N extends RouteName> = Routes[N]['body'] extends null ? undefined : BodyInput<FieldsOf<Routes[N]['body']>>
/** What the server's handler gets: the body after its validator. */
export type BodyOf<N extends RouteName> = Routes[N]['body'] extends null ? undefined : BodyValue<FieldsOf<Routes[N]['body']>>
/** The answer of a route on success. */
export type ResponseOf<N extends RouteName> = Routes[N]['answer'] extends Answer<infer R> ? R : never

type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<Rest>
  : P extends `${string}:${infer Name}`
    ? Name
    : never
/** The path parameters of a route, e.g. `{ id, session, file }`. */
export type ParamsOf<N extends RouteName> = { [K in ParamNames<Routes[N]['path']>]: string }

/** The path of a route with its parameters filled in (URL-encoded). */
export function pathOf<N extends RouteName>(name: N, params: ParamsOf<N>): string {
  const values = params as Record<string, string>
  return ROUTES[name].path.replace(/:([A-Za-z]+)/g, (_, key: string) => encodeURIComponent(values[key]))
}
