/**
 * Every limit of what people type and send, in one place: the server's validators refuse what
 * goes beyond them, and forms and hints read the same numbers (`maxLength`, "at most 60
 * characters"). Lengths are in UTF-16 code units, as `String.length` and `maxLength` count.
 */

/** A person's name on the join screen and in the meeting. */
export const MAX_NAME_LENGTH = 60
/** The organisation a person joins for. */
export const MAX_ORGANISATION_LENGTH = 80
/** How the resident can reach a person (phone or e-mail). */
export const MAX_CONTACT_LENGTH = 120
/** A browser's own user id for a board. */
export const MAX_USER_ID_LENGTH = 100
/** A browser's own random key for its participant entry. */
export const MIN_PARTICIPANT_KEY_LENGTH = 16
export const MAX_PARTICIPANT_KEY_LENGTH = 200
/** The resident's own words, and the teach-back, with a decision or an outcome. */
export const MAX_WORDS = 2000
/** The id of an action card (`shape:…`). */
export const MAX_ACTION_ID_LENGTH = 200
/** A card's short text fields (a name, a title, who does it): single-line inputs. */
export const MAX_SHORT_TEXT = 200
/** A card's long text fields (what she wants, what an action is): text areas. */
export const MAX_LONG_TEXT = 2000

/** An e-mail address (a co-facilitator's, issue 12). */
export const MAX_EMAIL_LENGTH = 254

/** The largest request body of the HTTP API … */
export const MAX_BODY_BYTES = 64 * 1024
/** … except the close, which may carry a picture of the whole board. */
export const CLOSE_MAX_BODY_BYTES = 8 * 1024 * 1024

/** All of them, for a form or a hint that wants to look one up by name. */
export const LIMITS = {
  name: MAX_NAME_LENGTH,
  organisation: MAX_ORGANISATION_LENGTH,
  contact: MAX_CONTACT_LENGTH,
  userId: MAX_USER_ID_LENGTH,
  participantKeyMin: MIN_PARTICIPANT_KEY_LENGTH,
  participantKeyMax: MAX_PARTICIPANT_KEY_LENGTH,
  words: MAX_WORDS,
  actionId: MAX_ACTION_ID_LENGTH,
  shortText: MAX_SHORT_TEXT,
  email: MAX_EMAIL_LENGTH,
  longText: MAX_LONG_TEXT,
  bodyBytes: MAX_BODY_BYTES,
  closeBodyBytes: CLOSE_MAX_BODY_BYTES,
} as const
