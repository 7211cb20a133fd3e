/**
 * The meeting around the board: its state, its participants and the resident's decisions.
 * Only the server writes these (into the meeting document, see docs/ydoc-layout.md), after
 * checking who asks; clients read them live.
 */
import type { T } from '@tldraw/validate'
import { PARTICIPANT_ROLES, type ParticipantRole } from './roles'
import { isIsoDate } from './cards'
import {
  MAX_ACTION_ID_LENGTH,
  MAX_CONTACT_LENGTH,
  MAX_NAME_LENGTH,
  MAX_ORGANISATION_LENGTH,
  MAX_PARTICIPANT_KEY_LENGTH,
  MAX_USER_ID_LENGTH,
  MAX_WORDS,
  MIN_PARTICIPANT_KEY_LENGTH,
} from './limits'
import {
  body,
  boolean,
  cardId,
  fieldError,
  oneOf,
  optionalBoolean,
  optionalChecked,
  optionalSecret,
  text,
} from './validation'
import { DEFAULT_TIME_ZONE } from './time'

export const MEETING_STATES = ['open', 'locked', 'closed'] as const
export type MeetingState = (typeof MEETING_STATES)[number]

export interface MeetingInfo {
  state: MeetingState
  /** When the board was created (ISO 8601). */
  startedAt: string
  /** The follow-up meeting date `YYYY-MM-DD`; proposed four weeks after the start. */
  followUpDate: string
  /**
   * The facilitator confirmed `followUpDate` (by setting it). Until then it is only a proposal:
   * the meeting cannot close, and the resident's phone does not show it.
   */
  followUpConfirmed: boolean
  /** The IANA time zone in which everyone reads this meeting's dates and times. */
  timeZone: string
  /** The facilitator lets the resident record her own decisions from her phone. */
  residentMayDecide: boolean
  /** Set when the facilitator closes the meeting (ISO 8601). */
  closedAt: string | null
  /** 1 for the first meeting of a case, 2 for its first follow-up, and so on. */
  sessionNumber: number
  /** Actions carried over from the previous session: each needs an outcome before closing. */
  carriedActionIds: string[]
  /** The earlier sessions of this case, oldest first. */
  pastSessions: PastSession[]
}

/** A closed earlier session of the case; its record is archived on the server. */
export interface PastSession {
  number: number
  startedAt: string
  closedAt: string
  followUpDate: string
}

export const FOLLOW_UP_DEFAULT_DAYS = 28

/** The default follow-up date: four weeks after `startedAt`. */
export function defaultFollowUpDate(startedAt: string): string {
  const date = new Date(startedAt)
  date.setUTCDate(date.getUTCDate() + FOLLOW_UP_DEFAULT_DAYS)
  return date.toISOString().slice(0, 10)
}

export function newMeetingInfo(startedAt: string, timeZone: string = DEFAULT_TIME_ZONE): MeetingInfo {
  return {
    state: 'open',
    startedAt,
    followUpDate: defaultFollowUpDate(startedAt),
    followUpConfirmed: false,
    timeZone,
    residentMayDecide: false,
    closedAt: null,
    sessionNumber: 1,
    carriedActionIds: [],
    pastSessions: [],
  }
}

/**
 * The meeting info of the follow-up session that starts from a closed one: same case, same
 * board, every action carried over, open again. `actionIds` are the actions on the board now.
 * What each carried action asks of this session follows from her last decision (followUp.ts).
 */
export function followUpMeetingInfo(closed: MeetingInfo, actionIds: string[], startedAt: string): MeetingInfo {
  return {
    ...newMeetingInfo(startedAt, closed.timeZone),
    residentMayDecide: closed.residentMayDecide,
    sessionNumber: closed.sessionNumber + 1,
    carriedActionIds: actionIds,
    pastSessions: [
      ...closed.pastSessions,
      { number: closed.sessionNumber, startedAt: closed.startedAt, closedAt: closed.closedAt ?? startedAt, followUpDate: closed.followUpDate },
    ],
  }
}

/** A person who joined the board. Self-declared, like a name badge at the table. */
export interface Participant {
  userId: string
  name: string
  role: ParticipantRole
  organisation: string
  /** How the resident can reach this person (phone or e-mail); optional, absent in older entries. */
  contact?: string
  /** At the table (true) or joined remotely (false). */
  atTable: boolean
  joinedAt: string
  /** Which link they joined with; set by the server, so nobody can take over another kind's entry. */
  access?: 'facilitator' | 'participant' | 'resident'
  /** SHA-256 (hex) of the joining browser's own key; only that key may change the entry. */
  keyHash?: string
}

/**
 * Who may change the board now: nobody once the meeting is closed (it is the record), only the
 * facilitator while she has locked it, everyone otherwise. The server drops updates by this rule;
 * the UI turns read-only by it.
 */
export function mayEditBoard(access: 'facilitator' | 'participant' | 'resident', state: MeetingState): boolean {
  if (state === 'closed') return false
  if (state === 'locked') return access === 'facilitator'
  return true
}

/**
 * Who may record the resident's own answers (her decisions, and at a follow-up what became of an
 * action): the facilitator, and the resident herself from her phone once the facilitator allows
 * it. The server enforces this; the UI shows the buttons by the same rule.
 */
export function mayRecordResidentAnswers(access: 'facilitator' | 'participant' | 'resident', info: Pick<MeetingInfo, 'residentMayDecide'>): boolean {
  return access === 'facilitator' || (access === 'resident' && info.residentMayDecide)
}

export const DECISIONS = ['agreed', 'declined', 'thinking'] as const
/** wil ik / wil ik niet / wil ik over nadenken */
export type Decision = (typeof DECISIONS)[number]

export function isDecision(value: unknown): value is Decision {
  return typeof value === 'string' && (DECISIONS as readonly string[]).includes(value)
}

/** One recorded decision; the history of an action is every entry with its id, in order. */
export interface DecisionEntry {
  actionId: string
  decision: Decision
  /** What the resident said, in her own words. */
  residentWords: string
  /** "Said back in her own words" (teach-back), optional. */
  teachBack: string
  recordedBy: { userId: string; name: string; role: ParticipantRole | 'server' }
  /** The resident's name at the moment of recording. */
  residentName: string
  at: string
  /** The session it was recorded in (absent in entries of the first version: session 1). */
  sessionNumber?: number
  /**
   * The action as the resident heard it when she decided: what, who and when. If the card changes
   * afterwards, her decision no longer covers it (see `decisionIsOutdated`). Absent in entries of
   * the first version.
   */
  agreedTo?: AgreedTerms
}

/**
 * The actions she decided on, in any session: their cards belong to the record, and only the
 * facilitator may take them off the board (server/decidedCardGuard.ts; the board's own screen).
 */
export function decidedActionIds(decisions: DecisionEntry[]): Set<string> {
  return new Set(decisions.map((entry) => entry.actionId))
}

/** The parts of an action a resident's decision is about. */
export interface AgreedTerms {
  what: string
  ownerKind: string
  ownerId: string
  ownerPerson: string
  dueDate: string
}

export function agreedTermsOf(props: AgreedTerms): AgreedTerms {
  return { what: props.what.trim(), ownerKind: props.ownerKind, ownerId: props.ownerId, ownerPerson: props.ownerPerson.trim(), dueDate: props.dueDate }
}

/**
 * True when the action changed since the resident decided: for an action she agreed to, in what,
 * who or when; for one she declined or wants to think about, in what only (who does it does not
 * matter for something she does not want; who comes back to her about it may be settled after).
 */
export function decisionIsOutdated(entry: DecisionEntry, props: AgreedTerms): boolean {
  if (!entry.agreedTo) return false
  const now = agreedTermsOf(props)
  const keys: (keyof AgreedTerms)[] = entry.decision === 'agreed' ? ['what', 'ownerKind', 'ownerId', 'ownerPerson', 'dueDate'] : ['what']
  return keys.some((key) => now[key] !== entry.agreedTo![key])
}

export const OUTCOMES = ['done', 'partly', 'notDone', 'noLongerNeeded'] as const
/** gedaan / deels / niet gedaan / niet meer nodig */
export type Outcome = (typeof OUTCOMES)[number]

export function isOutcome(value: unknown): value is Outcome {
  return typeof value === 'string' && (OUTCOMES as readonly string[]).includes(value)
}

/** What became of a carried action, recorded at the follow-up meeting; append-only like decisions. */
export interface OutcomeEntry {
  actionId: string
  outcome: Outcome
  /** What the resident says about it, in her own words. */
  residentWords: string
  recordedBy: { userId: string; name: string; role: ParticipantRole | 'server' }
  sessionNumber: number
  at: string
}

/**
 * A decided action taken off the board (by the facilitator; anyone else's removal is undone by
 * the server). Append-only like decisions: her decision stays in every record, and the card and
 * its relation arrows are kept here so that "put back" can restore them exactly.
 */
export interface RemovalEntry {
  actionId: string
  removedBy: { userId: string; name: string; role: ParticipantRole | 'server' }
  at: string
  sessionNumber: number
  /** The tldraw shape record of the card as it last was on the board. */
  card: Record<string, unknown>
  /** Its relation arrows and their bindings (tldraw records), and its page if that went too. */
  related: Record<string, unknown>[]
}

// ---- What clients send: validators, and the types derived from them (shared/domain/validation.ts).

const recorder = body({ userId: text(MAX_USER_ID_LENGTH, { required: true }) })

const decisionFields = {
  actionId: cardId(MAX_ACTION_ID_LENGTH),
  decision: oneOf(DECISIONS),
  /** What the resident said, in her own words. */
  residentWords: text(MAX_WORDS),
  /** "Said back in her own words" (teach-back). */
  teachBack: text(MAX_WORDS),
}
/** A decision on an action, as a client sends it (without who records it). */
export const decisionRequest = body(decisionFields)
export type DecisionRequest = T.TypeOf<typeof decisionRequest>
/** `POST /api/boards/:id/decisions`: who records it must be a registered participant. */
export const recordDecisionRequest = body({ ...decisionFields, recordedBy: recorder })
export type RecordDecisionRequest = T.TypeOf<typeof recordDecisionRequest>

const outcomeFields = {
  actionId: cardId(MAX_ACTION_ID_LENGTH),
  outcome: oneOf(OUTCOMES),
  residentWords: text(MAX_WORDS),
}
/** What became of a carried action, as a client sends it (without who records it). */
export const outcomeRequest = body(outcomeFields)
export type OutcomeRequest = T.TypeOf<typeof outcomeRequest>
/** `POST /api/boards/:id/outcomes`. */
export const recordOutcomeRequest = body({ ...outcomeFields, recordedBy: recorder })
export type RecordOutcomeRequest = T.TypeOf<typeof recordOutcomeRequest>

/**
 * `POST /api/boards/:id/participants`: "this is me" (a name badge, not an account). `key` is the
 * browser's own random key: only that key may change the entry later.
 */
export const participantRequest = body({
  userId: text(MAX_USER_ID_LENGTH, { required: true }),
  name: text(MAX_NAME_LENGTH, { required: true }),
  role: oneOf(PARTICIPANT_ROLES),
  organisation: text(MAX_ORGANISATION_LENGTH),
  contact: text(MAX_CONTACT_LENGTH),
  atTable: boolean,
  key: optionalSecret(MIN_PARTICIPANT_KEY_LENGTH, MAX_PARTICIPANT_KEY_LENGTH),
})
export type ParticipantRequest = T.TypeOf<typeof participantRequest>

/** `PATCH /api/boards/:id/meeting`: what the facilitator may change; setting `followUpDate` confirms it. */
export const meetingSettingsRequest = body({
  /** `YYYY-MM-DD`, or `''` to clear it. */
  followUpDate: optionalChecked((value) => {
    if (typeof value !== 'string' || (value !== '' && !isIsoDate(value))) throw fieldError('notADate')
    return value
  }),
  residentMayDecide: optionalBoolean,
})
export type MeetingSettingsRequest = T.TypeOf<typeof meetingSettingsRequest>
