/**
 * The one table from a refusal (shared/commands/refusals.ts) to its HTTP answer: the status, the
 * documented `error` code (docs/api.md; outside clients rely on it) and a plain English `message`
 * for developers and logs. The client never shows `message`: it says the `reason` in its own words.
 */
import type { RefusalCode } from '../../shared/commands/refusals'

export interface RefusalAnswer {
  status: number
  error: string
  message: string
}

export const REFUSAL_ANSWERS: Record<RefusalCode, RefusalAnswer> = {
  unknownBoard: { status: 404, error: 'unknown_board', message: 'No board with this id.' },
  unauthorized: { status: 401, error: 'unauthorized', message: 'The token is missing or not one of this board.' },
  adminKeyRequired: { status: 401, error: 'admin_key_required', message: 'Creating a board needs the admin key as a bearer token.' },
  signInRequired: { status: 401, error: 'sign_in_required', message: 'This needs a signed-in professional; sign in at /auth/login.' },
  crossOrigin: { status: 403, error: 'cross_origin', message: 'A request that relies on the session cookie must come from this site (Origin).' },
  signInOff: { status: 404, error: 'sign_in_off', message: 'Sign-in is not configured on this server (OIDC_ISSUER).' },

  facilitatorOnly: { status: 403, error: 'forbidden', message: 'Only the facilitator link may do this.' },
  residentNotAllowed: {
    status: 403,
    error: 'forbidden',
    message: 'The resident link may record answers only while the facilitator allows it (residentMayDecide).',
  },
  otherLink: { status: 403, error: 'forbidden', message: 'This participant entry was made with another kind of link.' },
  otherDevice: { status: 403, error: 'forbidden', message: 'This participant entry belongs to another browser (another key).' },
  notOwnName: { status: 403, error: 'forbidden', message: 'recordedBy joined with another kind of link.' },

  meetingClosed: { status: 409, error: 'meeting_closed', message: 'The meeting is closed; nothing about it changes any more.' },
  meetingLocked: { status: 409, error: 'meeting_locked', message: 'The meeting is locked; only the facilitator changes the board.' },
  meetingNotClosed: { status: 409, error: 'meeting_not_closed', message: 'A follow-up can only start from a closed meeting.' },

  badJson: { status: 400, error: 'bad_json', message: 'The request body is not valid JSON.' },
  invalid: { status: 400, error: 'invalid', message: 'The request body did not pass validation; see fieldErrors.' },
  invalidPicture: { status: 400, error: 'invalid_picture', message: 'The picture of the board is not usable; see fieldErrors.' },
  bodyTooLarge: { status: 413, error: 'body_too_large', message: 'The request body is too large.' },
  notJson: { status: 415, error: 'unsupported_media_type', message: 'A request body must be JSON, sent with Content-Type: application/json.' },
  forbiddenKey: { status: 400, error: 'forbidden_key', message: 'The request body holds a __proto__, constructor or prototype key.' },
  tooManySignIns: { status: 429, error: 'too_many_requests', message: 'Too many sign-in requests from this address; see Retry-After.' },
  tooManyBoards: { status: 429, error: 'too_many_requests', message: 'Too many boards created from this address; see Retry-After.' },

  roleNeedsLink: { status: 400, error: 'role_needs_link', message: 'This role belongs to its own link; the participant link cannot take it.' },
  unknownParticipant: { status: 400, error: 'unknown_participant', message: 'recordedBy.userId has not joined this board.' },
  unknownAction: { status: 404, error: 'unknown_action', message: 'No such action card on the board.' },
  carried: { status: 409, error: 'carried', message: 'The resident agreed to this action last session: record an outcome, not a decision.' },
  notCarried: { status: 409, error: 'not_carried', message: 'This action is new in this session: record a decision, not an outcome.' },
  outcomeNotAsked: {
    status: 409,
    error: 'outcome_not_asked',
    message: 'The resident declined this action last session, or wanted to think about it: no outcome is asked.',
  },
  notRemoved: { status: 404, error: 'not_removed', message: 'This action was not taken off the board in this session.' },
  closeRefused: { status: 409, error: 'close_refused', message: 'The close rule found open points; see problems.' },
  linksUnavailable: { status: 404, error: 'links_unavailable', message: 'The share links of this board were not kept.' },
  unknownSession: { status: 404, error: 'unknown_session', message: 'No such session of this board.' },
  unknownLanguage: { status: 400, error: 'unknown_language', message: 'No record in this language.' },
  alreadyFacilitator: { status: 409, error: 'already_facilitator', message: 'This e-mail address already is a facilitator of this case.' },
  unknownFacilitator: { status: 404, error: 'unknown_facilitator', message: 'No facilitator with this e-mail address on this case.' },
  lastFacilitator: { status: 409, error: 'last_facilitator', message: 'A case keeps at least one facilitator by account.' },
  unknownMember: { status: 404, error: 'unknown_member', message: 'No member with this id on this case.' },

  notFound: { status: 404, error: 'not_found', message: 'No such API path.' },
  methodNotAllowed: { status: 405, error: 'method_not_allowed', message: 'This method is not allowed on this path; see the Allow header.' },
  badRequest: { status: 400, error: 'bad_request', message: 'The request could not be read.' },
  internal: { status: 500, error: 'internal', message: 'Something went wrong on the server.' },
}
