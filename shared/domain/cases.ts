/**
 * "Mijn gesprekken" (issue 12): what the list of a professional's cases shows of each — computed
 * from the meeting snapshot, purely, so the server's `GET /api/cases` and a test ask the same
 * function — and the order of the list.
 */
import type { MeetingState } from './meeting'
import { currentDecision, type MeetingSnapshot } from './snapshot'

/** What the list shows of one case, from its meeting (shared/protocol.ts `CaseSummary` adds id, url, role, lastChange). */
export interface CaseFacts {
  residentName: string
  state: MeetingState
  sessionNumber: number
  nextFollowUp: string | null
  openAgreedActions: number
  /** The meeting's IANA time zone: the list shows `lastChange` in it, as every time of the meeting. */
  timeZone: string
}

/**
 * The agreed follow-up date: the date the facilitator confirmed for the next meeting (a closed
 * session always has one; an open session once it was set). Null while it is only a proposal — in
 * a follow-up meeting under way that means the meeting it was agreed for is happening now.
 */
export function nextFollowUp(snapshot: Pick<MeetingSnapshot, 'info'>): string | null {
  return snapshot.info.followUpConfirmed ? snapshot.info.followUpDate : null
}

/**
 * Actions she agreed to ("wil ik") whose outcome is not yet recorded: on the board or carried
 * over, her latest decision on it is `agreed`, and no outcome was recorded in a session after
 * that decision's.
 */
export function openAgreedActions(snapshot: Pick<MeetingSnapshot, 'info' | 'actions' | 'decisions' | 'outcomes'>): number {
  const actionIds = new Set<string>([...snapshot.actions.map((action) => action.id), ...snapshot.info.carriedActionIds])
  let open = 0
  for (const actionId of actionIds) {
    const decision = currentDecision(snapshot.decisions, actionId)
    if (decision === null || decision.decision !== 'agreed') continue
    const decidedIn = decision.sessionNumber ?? 1
    const outcomeAfter = snapshot.outcomes.some((entry) => entry.actionId === actionId && entry.sessionNumber > decidedIn)
    if (!outcomeAfter) open++
  }
  return open
}

/** Everything the list shows of a case that its meeting tells. */
export function caseFactsOf(snapshot: MeetingSnapshot): CaseFacts {
  return {
    residentName: snapshot.resident?.props.name.trim() ?? '',
    state: snapshot.info.state,
    sessionNumber: snapshot.info.sessionNumber,
    nextFollowUp: nextFollowUp(snapshot),
    openAgreedActions: openAgreedActions(snapshot),
    timeZone: snapshot.info.timeZone,
  }
}

/**
 * The order of "Mijn gesprekken": by the next follow-up date, soonest first (`YYYY-MM-DD` sorts
 * as text), cases without one last; then by the last change, newest first (ISO 8601 sorts as
 * text); then by id, so the order is stable.
 */
export function compareCases(
  a: { nextFollowUp: string | null; lastChange: string; id: string },
  b: { nextFollowUp: string | null; lastChange: string; id: string },
): number {
  if (a.nextFollowUp !== b.nextFollowUp) {
    if (a.nextFollowUp === null) return 1
    if (b.nextFollowUp === null) return -1
    return a.nextFollowUp < b.nextFollowUp ? -1 : 1
  }
  if (a.lastChange !== b.lastChange) return a.lastChange > b.lastChange ? -1 : 1
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/** The list in its order (a new array). */
export function sortCases<C extends { nextFollowUp: string | null; lastChange: string; id: string }>(cases: readonly C[]): C[] {
  return [...cases].sort(compareCases)
}

/**
 * The newest time the meeting itself records (ISO 8601): its start, its close, the newest
 * decision, outcome, removal or joining. Canvas edits carry no time; the server adds the access
 * log's newest change to this (server/cases/casesRoute.ts).
 */
export function meetingLastChange(snapshot: Pick<MeetingSnapshot, 'info' | 'decisions' | 'outcomes' | 'removals' | 'participants'>): string {
  let newest = snapshot.info.startedAt
  const consider = (at: string | null | undefined) => {
    if (typeof at === 'string' && at > newest) newest = at
  }
  consider(snapshot.info.closedAt)
  for (const entry of snapshot.decisions) consider(entry.at)
  for (const entry of snapshot.outcomes) consider(entry.at)
  for (const entry of snapshot.removals) consider(entry.at)
  for (const entry of snapshot.participants) consider(entry.joinedAt)
  return newest
}
