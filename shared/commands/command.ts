/**
 * What every command is: one act of the meeting, with who may do it (the kind of link), when
 * (the meeting's state), and — in its own file — the checks it makes and the change it makes.
 * Modelled on Excalidraw's actions: one object per act with its predicate, its effect and an
 * i18n key for its label. The server runs a command after checking `who` (403), the body
 * (400) and `when` (409), in that order; a button asks `canRun` the same questions.
 */
import { mayEditBoard, mayRecordResidentAnswers, type MeetingInfo } from '../domain/meeting'
import type { Access } from '../protocol'
import type { RefusalCode } from './refusals'

export type { Access }
/** The three kinds of link, in the order tables list them. */
export const ACCESS_KINDS: readonly Access[] = ['facilitator', 'participant', 'resident']

/** What `who` and `when` look at: the meeting as every client has it. */
export type MeetingView = Pick<MeetingInfo, 'state' | 'residentMayDecide'>

/** Refusals of `who`: the wrong kind of link (HTTP 403). */
export type WhoRefusal = Extract<RefusalCode, 'facilitatorOnly' | 'residentNotAllowed'>
/** Refusals of `when`: the meeting is in the wrong state (HTTP 409). */
export type WhenRefusal = Extract<RefusalCode, 'meetingClosed' | 'meetingLocked' | 'meetingNotClosed'>

export interface Command<Name extends string = string> {
  name: Name
  /**
   * The key of its label in the client's strings: `commands.<name>` (client/i18n/strings.ts, a
   * table typed by `CommandName`, so a new command has no button until it has words).
   */
  labelKey: `commands.${Name}`
  /** Whether it changes the meeting (or the board); reading commands change nothing. */
  changes: boolean
  /** Who may: null, or why not. */
  who(access: Access, meeting: MeetingView): WhoRefusal | null
  /** In which state: null, or why not. */
  when(access: Access, meeting: MeetingView): WhenRefusal | null
}

/**
 * May `access` run `command` on this meeting now, and if not, why? The same answer the server
 * gives (its `reason`), before it looks at what was sent.
 */
export function canRun(command: Pick<Command, 'who' | 'when'>, access: Access, meeting: MeetingView): WhoRefusal | WhenRefusal | null {
  return command.who(access, meeting) ?? command.when(access, meeting)
}

export function command<const Name extends string>(name: Name, rules: Omit<Command<Name>, 'name' | 'labelKey'>): Command<Name> {
  return { name, labelKey: `commands.${name}`, ...rules }
}

// ---- Who: the kinds of link.

/** Any of the board's three links. */
export function anyone(): null {
  return null
}

/** The facilitator's link only. */
export function facilitatorOnly(access: Access): WhoRefusal | null {
  return access === 'facilitator' ? null : 'facilitatorOnly'
}

/**
 * Her own answers (decisions, outcomes): the facilitator records them, and the resident herself
 * from her phone once the facilitator allows it (`residentMayDecide`).
 */
export function facilitatorOrAllowedResident(access: Access, meeting: MeetingView): WhoRefusal | null {
  if (mayRecordResidentAnswers(access, meeting)) return null
  return access === 'resident' ? 'residentNotAllowed' : 'facilitatorOnly'
}

// ---- When: the meeting's states.

/** In every state (reading, deleting). */
export function anyState(): null {
  return null
}

/**
 * Closed means no answers: a closed meeting is the record, nothing about it changes any more —
 * not its participants, decisions, outcomes, settings, lock or board. The one rule for that.
 */
export function whileNotClosed(_access: Access, meeting: MeetingView): WhenRefusal | null {
  return meeting.state === 'closed' ? 'meetingClosed' : null
}

/** Only once the meeting is closed (a follow-up starts from a closed session). */
export function onlyClosed(_access: Access, meeting: MeetingView): WhenRefusal | null {
  return meeting.state === 'closed' ? null : 'meetingNotClosed'
}

/** Editing the board: everyone while open, only the facilitator while locked, nobody once closed. */
export function whileEditable(access: Access, meeting: MeetingView): WhenRefusal | null {
  if (mayEditBoard(access, meeting.state)) return null
  return whileNotClosed(access, meeting) ?? 'meetingLocked'
}
