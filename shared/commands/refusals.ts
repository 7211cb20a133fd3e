/**
 * Every reason the server (or a command asked by the client) can give for not doing something.
 * The HTTP API sends it as `reason` in every error answer; the client shows its own words for it
 * (client/i18n), never the server's `message`. Pure: no imports.
 */
export const REFUSAL_CODES = [
  // Which board, with which link (before anything of the board is used).
  /** No board with this id (also after it was deleted). */
  'unknownBoard',
  /** No token, or not one of this board's. */
  'unauthorized',
  /** Creating a board needs the server's admin key. */
  'adminKeyRequired',
  /** With sign-in on (issue 12): this needs a signed-in professional (no session, or it ended). */
  'signInRequired',
  /** A request that relies on the session cookie came from another site (its `Origin`). */
  'crossOrigin',
  /** This exists only when sign-in is configured (OIDC_ISSUER). */
  'signInOff',

  // Who may (the command's `who`).
  /** Only the facilitator's link may do this. */
  'facilitatorOnly',
  /** The resident's link may record her answers only while the facilitator allows it (`residentMayDecide`). */
  'residentNotAllowed',
  /** This participant entry was made with another kind of link. */
  'otherLink',
  /** This participant entry belongs to another browser (another key). */
  'otherDevice',
  /** Recording under the name of someone who joined with another kind of link. */
  'notOwnName',

  // In which meeting state (the command's `when`).
  /** The meeting is closed: it is the record, nothing changes any more. */
  'meetingClosed',
  /** The meeting is locked: only the facilitator changes the board. */
  'meetingLocked',
  /** Only a closed meeting can have a follow-up. */
  'meetingNotClosed',

  // What was sent.
  /** The body is not JSON (also an empty body where one is needed). */
  'badJson',
  /** The body did not pass the command's validator: `fieldErrors` says where. */
  'invalid',
  /** The picture sent with the close is not an image (`fieldErrors` says which). */
  'invalidPicture',
  /** The request body is too large. */
  'bodyTooLarge',
  /** The request has a body that does not say `Content-Type: application/json`. */
  'notJson',
  /** The body holds a key (`__proto__`, `constructor`, `prototype`) that could reach an object's prototype. */
  'forbiddenKey',
  /** Too many boards created from this address in the last hour (`BOARD_CREATE_PER_HOUR`). */
  'tooManyBoards',
  /** Too many sign-in requests from this address in the last minute (`SIGN_IN_PER_MINUTE`). */
  'tooManySignIns',

  // The command's own checks.
  /** The participant link cannot take the facilitator's or the resident's role. */
  'roleNeedsLink',
  /** Whoever records this has not joined the board. */
  'unknownParticipant',
  /** No such action card on the board. */
  'unknownAction',
  /** She agreed to this action last session: it takes an outcome now, not a decision. */
  'carried',
  /** An action of this session takes a decision, not an outcome. */
  'notCarried',
  /** She declined this action last time, or wanted to think about it: no outcome is asked. */
  'outcomeNotAsked',
  /** This action was not taken off the board in this session. */
  'notRemoved',
  /** The close rule found open points (`problems`). */
  'closeRefused',
  /** The board's share links were not kept. */
  'linksUnavailable',
  /** No such session of this case. */
  'unknownSession',
  /** No record in this language. */
  'unknownLanguage',
  /** This e-mail address already is one of the case's facilitators. */
  'alreadyFacilitator',
  /** No facilitator with this e-mail address on this case. */
  'unknownFacilitator',
  /** A case keeps at least one facilitator by account. */
  'lastFacilitator',
  /** No member (access by account) with this id on this case. */
  'unknownMember',

  // The HTTP layer.
  /** No such API path. */
  'notFound',
  /** Known path, other method. */
  'methodNotAllowed',
  /** A request the server cannot read at all (e.g. a bad path). */
  'badRequest',
  /** Something went wrong on the server. */
  'internal',
] as const

export type RefusalCode = (typeof REFUSAL_CODES)[number]

export function isRefusalCode(value: unknown): value is RefusalCode {
  return typeof value === 'string' && (REFUSAL_CODES as readonly string[]).includes(value)
}
