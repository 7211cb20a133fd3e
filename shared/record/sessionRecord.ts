/**
 * The session record (verslag): everything a closed meeting agreed, as one typed, JSON-ready
 * value built from the meeting snapshot. Built with the shared rules (resolveOwner, whoIsMissing,
 * currentDecision, currentOutcome), never with rules of its own, so the record says exactly what
 * the board and the close rule said. The same snapshot gives the same record, for everyone and
 * at any time; only `generatedAt` differs between two builds.
 *
 * Every renderer (Markdown, ICS, the PDFs, the resident's summary) works on this value. Its JSON
 * form is versioned (`schemaVersion`) and described in docs/record-schema.json and docs/record.md.
 */
import { CARD_DEFAULTS, type ActionCardProps, type OwnerKind } from '../domain/cards'
import { decisionThisSession, offBoardDecidedActions, offBoardWhat, previousDecision, questionFor, type ActionQuestion, type OffBoardAction } from '../domain/followUp'
import { lifeDomain, lifeDomainCardNames, type PictogramKey, type LifeDomainKey } from '../domain/lifeDomains'
import {
  decisionIsOutdated,
  type AgreedTerms,
  type Decision,
  type DecisionEntry,
  type MeetingState,
  type Outcome,
  type OutcomeEntry,
  type Participant,
  type PastSession,
} from '../domain/meeting'
import { whoIsMissing } from '../domain/missingAtTable'
import { resolveOwner } from '../domain/owners'
import type { ParticipantRole } from '../domain/roles'
import { currentDecision, currentOutcome, decisionHistory, isCarried, type MeetingSnapshot } from '../domain/snapshot'
import { safeTimeZone } from '../domain/time'
import { fill, translationFor, type RecordTranslation } from './translations/index'

export const RECORD_SCHEMA_VERSION = 1

export type RecordStatus = 'concept' | 'final'

export interface RecordPerson {
  name: string
  organisation: string
}

export interface RecordParticipant extends RecordPerson {
  /** From the kind of link they joined with where it matters (facilitator, resident), else as they said. */
  role: ParticipantRole
  roleLabel: string
  /** How to reach them (phone or e-mail) as they gave it; '' when not given. */
  contact: string
  /** At the table (true) or joined remotely (false). */
  atTable: boolean
  joinedAt: string
}

export interface RecordDomain {
  id: string
  key: LifeDomainKey
  /** The professional name (ZRM), or the facilitator's own name for an "Anders" domain. */
  name: string
  /** The plain word for the resident. */
  plainName: string
  pictogram: PictogramKey
  score: 1 | 2 | 3 | 4 | 5 | null
  scoreLabel: string | null
  strengths: string
  worries: string
  residentWords: string
}

export interface RecordDomainRef {
  id: string
  name: string
  plainName: string
  pictogram: PictogramKey
}

export interface RecordAgency {
  id: string
  person: string
  organisation: string
  office: string
  contact: string
  atTable: boolean
  canDo: string
  cannotDo: string
  domains: RecordDomainRef[]
}

export interface RecordOwner {
  person: string
  organisation: string
  /** At the table (or joined remotely); false for an agency that was not at the table. */
  present: boolean
  kind: 'participant' | 'agency'
  /** How the resident reaches them: the agency card's contact, or the participant's own; '' when none. */
  contact: string
}

export interface RecordRecorder {
  name: string
  role: ParticipantRole | 'server'
  roleLabel: string
}

export interface RecordDecision {
  decision: Decision
  label: string
  residentWords: string
  teachBack: string
  recordedBy: RecordRecorder
  at: string
  sessionNumber: number
}

export interface RecordOutcome {
  outcome: Outcome
  label: string
  residentWords: string
  recordedBy: RecordRecorder
  at: string
  sessionNumber: number
}

/** Who took a decided action's card off the board, and when. */
export interface RecordRemoval {
  by: RecordRecorder
  at: string
  sessionNumber: number
}

/**
 * What holds for an action now, in one word: her decision (`agreed`, `declined`, `thinking`), or
 * for an action she agreed to last time what became of it (an `Outcome`, or `outcomePending`),
 * or what is still open (`undecided`; `decideAgain`: carried over to be decided anew, no new
 * decision yet; `askAgain`: the action changed after she decided). Headings, labels and icons
 * of every rendering follow this, so none says more than happened.
 */
export type RecordActionStatus = Decision | Outcome | 'undecided' | 'decideAgain' | 'askAgain' | 'outcomePending'

export interface RecordAction {
  id: string
  what: string
  note: string
  domains: RecordDomainRef[]
  owner: RecordOwner | null
  /** `YYYY-MM-DD`, or null when none is set. */
  dueDate: string | null
  /** The decision that counts (the last one), or null. */
  decision: RecordDecision | null
  /** Earlier decisions on this action, oldest first: disagreement is recorded, not smoothed. */
  earlierDecisions: RecordDecision[]
  /** Carried over from the previous session. */
  carried: boolean
  /** What became of a carried action in this session, or null. */
  outcome: RecordOutcome | null
  /** What this session asks about it (shared/domain/followUp.ts): her decision, an outcome, or nothing. */
  asked: ActionQuestion
  /** What holds now; see RecordActionStatus. */
  status: RecordActionStatus
  /** `status` in the record's language. */
  statusLabel: string
  /** False: she decided on it, and its card is no longer on the board. */
  onBoard: boolean
  /** Who took the card off the board and when; null while it is on the board, or when nobody noted it. */
  removed: RecordRemoval | null
}

export type RecordMissing =
  | { kind: 'uncoveredDomain'; domainId: string; domain: string; because: Array<'worries' | 'lowScore'> }
  | { kind: 'absentOwner'; actionId: string; action: string; person: string; organisation: string }

/** Only for the actions she agreed to last time: nothing else had a plan to be done. */
export interface RecordPlannedVsDone {
  actionId: string
  what: string
  /** The session in which it was planned. */
  plannedInSession: number
  /** Where the plan was read: the archived previous session, or (without one) this board. */
  plannedSource: 'previousSession' | 'thisBoard'
  planned: {
    decision: RecordDecision | null
    owner: RecordOwner | null
    dueDate: string | null
  }
  /** The outcome recorded in this session, or null when it was not discussed (yet). */
  done: RecordOutcome | null
}

export interface SessionRecord {
  schemaVersion: typeof RECORD_SCHEMA_VERSION
  /** `concept` while the meeting is not closed (a draft export), `final` after closing. */
  status: RecordStatus
  /** The language of the labels in this record (`…Label`, `title`, domain names). */
  lang: string
  generatedAt: string
  boardId: string
  meeting: {
    title: string
    residentName: string
    sessionNumber: number
    sessionLabel: string
    state: MeetingState
    startedAt: string
    closedAt: string | null
    /** The follow-up meeting `YYYY-MM-DD`, or null when none is set. */
    followUpDate: string | null
    /** The facilitator confirmed the follow-up date (always so once closed); until then it is a proposal. */
    followUpConfirmed: boolean
    /** The IANA time zone every time of this record is read in (its moments are stored in UTC). */
    timeZone: string
    /** Those who held the facilitator link (older entries without a link kind: role gespreksleider). */
    facilitators: RecordPerson[]
    pastSessions: PastSession[]
  }
  participants: RecordParticipant[]
  domains: RecordDomain[]
  agencies: RecordAgency[]
  actions: RecordAction[]
  missingAtTable: RecordMissing[]
  /** For a follow-up session: each carried action, planned (last time) against done (now). */
  plannedVsDone: RecordPlannedVsDone[]
  picture: { stored: boolean }
  /** Cards on the board whose data could not be read; left out of everything above. */
  invalidCards: Array<{ id: string; reason: string }>
}

export interface SessionRecordContext {
  boardId: string
  /** A draft (the meeting is not closed): status `concept`. */
  draft: boolean
  /** Default: now. */
  generatedAt?: string
  /** The snapshot of the previous session, for "planned vs done" in a follow-up. */
  previous?: MeetingSnapshot | null
  /** Language of the labels; default Dutch. */
  lang?: string
  /** Whether a picture of the board is stored with this session. */
  pictureStored?: boolean
}

function nonEmpty(value: string): string | null {
  return value.trim() === '' ? null : value
}

function domainRef(snapshot: MeetingSnapshot, t: RecordTranslation, id: string): RecordDomainRef | null {
  const card = snapshot.domains.find((d) => d.id === id)
  if (!card) return null
  const names = lifeDomainCardNames(card.props, t.domains)
  return {
    id,
    name: names.professional,
    plainName: names.plain,
    pictogram: lifeDomain(card.props.domain).pictogram,
  }
}

function domainRefs(snapshot: MeetingSnapshot, t: RecordTranslation, ids: string[]): RecordDomainRef[] {
  return ids.map((id) => domainRef(snapshot, t, id)).filter((ref): ref is RecordDomainRef => ref !== null)
}

function owner(snapshot: MeetingSnapshot, props: ActionCardProps | null): RecordOwner | null {
  const resolved = props ? resolveOwner(snapshot, props) : null
  if (!resolved) return null
  return {
    person: resolved.person,
    organisation: resolved.organisation,
    present: resolved.present,
    kind: resolved.kind,
    contact: resolved.contact,
  }
}

/**
 * The role that counts: the kind of link decides it where it matters (the facilitator link's
 * holder is the gespreksleider, the resident link's the bewoner), whatever was typed; entries
 * from before links were told apart keep their role.
 */
function linkRole(p: Participant): ParticipantRole {
  if (p.access === 'facilitator') return 'gespreksleider'
  if (p.access === 'resident') return 'bewoner'
  return p.role
}

function isFacilitator(p: Participant): boolean {
  return p.access === 'facilitator' || (p.access === undefined && p.role === 'gespreksleider')
}

type Recorded = DecisionEntry['recordedBy']

/** Who recorded something, with the role of their link when their entry knows it. */
function recorder(snapshot: MeetingSnapshot, t: RecordTranslation, by: Recorded): RecordRecorder {
  const entry = snapshot.participants.find((p) => p.userId === by.userId)
  const role = entry?.access !== undefined ? linkRole(entry) : by.role
  return { name: by.name, role, roleLabel: t.roles[role] ?? role }
}

function decision(snapshot: MeetingSnapshot, t: RecordTranslation, entry: DecisionEntry | null): RecordDecision | null {
  if (!entry) return null
  return {
    decision: entry.decision,
    label: t.decisions[entry.decision],
    residentWords: entry.residentWords,
    teachBack: entry.teachBack,
    recordedBy: recorder(snapshot, t, entry.recordedBy),
    at: entry.at,
    sessionNumber: entry.sessionNumber ?? 1,
  }
}

function outcome(snapshot: MeetingSnapshot, t: RecordTranslation, entry: OutcomeEntry | null): RecordOutcome | null {
  if (!entry) return null
  return {
    outcome: entry.outcome,
    label: t.outcomes[entry.outcome],
    residentWords: entry.residentWords,
    recordedBy: recorder(snapshot, t, entry.recordedBy),
    at: entry.at,
    sessionNumber: entry.sessionNumber,
  }
}

/**
 * What holds for an action (see RecordActionStatus), by what the session asks about it:
 * - an outcome (she agreed last time): the outcome, or that it was not discussed yet;
 * - nothing (she declined last time, not proposed anew): her decision stands;
 * - her decision: the one taken in this session for a carried action (else it is still to be
 *   decided again), her last one for a new action — unless the action changed since.
 * `terms`: the action as it is (or last was) on the board, to see whether it changed.
 */
function statusOf(
  snapshot: MeetingSnapshot,
  actionId: string,
  asked: ActionQuestion,
  terms: AgreedTerms | null,
): RecordActionStatus {
  if (asked === 'outcome') return currentOutcome(snapshot.outcomes, actionId, snapshot.info.sessionNumber)?.outcome ?? 'outcomePending'
  const last = currentDecision(snapshot.decisions, actionId)
  if (asked === 'none') return last?.decision ?? 'undecided'
  const carried = isCarried(snapshot, actionId)
  const decided = carried ? decisionThisSession(snapshot, actionId) : last
  if (decided === null) return carried ? 'decideAgain' : 'undecided'
  if (terms !== null && decisionIsOutdated(decided, terms)) return 'askAgain'
  return decided.decision
}

export function statusLabel(t: RecordTranslation, status: RecordActionStatus): string {
  if (status === 'agreed' || status === 'declined' || status === 'thinking') return t.decisions[status]
  if (status === 'undecided' || status === 'decideAgain' || status === 'askAgain' || status === 'outcomePending') return t.actionStatus[status]
  return t.outcomes[status]
}

/** Props that resolveOwner can read, from what she decided on (for a card no longer on the board). */
function propsFromTerms(terms: AgreedTerms): ActionCardProps {
  return { ...CARD_DEFAULTS.action(), ...terms, ownerKind: terms.ownerKind as OwnerKind }
}

/** The action's data as it is on the board, or as it last was there, or as she decided on it. */
function actionProps(snapshot: MeetingSnapshot, offBoard: Map<string, OffBoardAction>, actionId: string): ActionCardProps | null {
  const card = snapshot.actions.find((a) => a.id === actionId)
  if (card) return card.props
  const item = offBoard.get(actionId)
  if (!item) return null
  if (item.props) return item.props
  return item.decision.agreedTo ? propsFromTerms(item.decision.agreedTo) : null
}

/**
 * Planned against done, for the actions she agreed to last time (the ones this session asks an
 * outcome for). What she declined had no plan to be done, and what she wanted to think about is
 * decided again: both are on the action list with what holds for them, not here.
 */
function plannedVsDone(
  snapshot: MeetingSnapshot,
  t: RecordTranslation,
  previous: MeetingSnapshot | null,
  offBoard: Map<string, OffBoardAction>,
): RecordPlannedVsDone[] {
  const session = snapshot.info.sessionNumber
  if (session <= 1) return []
  const order = new Map(snapshot.actions.map((action, index) => [action.id, index]))
  const agreedBefore = snapshot.info.carriedActionIds
    .filter((actionId) => questionFor(snapshot, actionId) === 'outcome')
    .sort((a, b) => (order.get(a) ?? Number.MAX_SAFE_INTEGER) - (order.get(b) ?? Number.MAX_SAFE_INTEGER))
  return agreedBefore.map((actionId) => {
    const then = previous?.actions.find((action) => action.id === actionId)
    const done = outcome(snapshot, t, currentOutcome(snapshot.outcomes, actionId, session))
    if (previous && then) {
      return {
        actionId,
        what: then.props.what,
        plannedInSession: previous.info.sessionNumber,
        plannedSource: 'previousSession' as const,
        planned: {
          decision: decision(previous, t, currentDecision(previous.decisions, actionId)),
          owner: owner(previous, then.props),
          dueDate: nonEmpty(then.props.dueDate),
        },
        done,
      }
    }
    const now = actionProps(snapshot, offBoard, actionId)
    return {
      actionId,
      what: now?.what ?? '',
      plannedInSession: session - 1,
      plannedSource: 'thisBoard' as const,
      planned: {
        decision: decision(snapshot, t, previousDecision(snapshot, actionId)),
        owner: owner(snapshot, now),
        dueDate: now ? nonEmpty(now.dueDate) : null,
      },
      done,
    }
  })
}

export function buildSessionRecord(snapshot: MeetingSnapshot, context: SessionRecordContext): SessionRecord {
  const t = translationFor(context.lang)
  const { info } = snapshot
  const residentName = snapshot.resident?.props.name.trim() ?? ''
  const carried = new Set(info.carriedActionIds)

  const timeZone = safeTimeZone(info.timeZone)
  const participants: RecordParticipant[] = snapshot.participants.map((p) => ({
    name: p.name,
    organisation: p.organisation,
    role: linkRole(p),
    roleLabel: t.roles[linkRole(p)],
    contact: p.contact?.trim() ?? '',
    atTable: p.atTable,
    joinedAt: p.joinedAt,
  }))
  const facilitators = snapshot.participants.filter(isFacilitator).map((p) => ({ name: p.name, organisation: p.organisation }))

  const domains: RecordDomain[] = snapshot.domains.map((card) => {
    const ref = domainRef(snapshot, t, card.id)!
    return {
      id: card.id,
      key: card.props.domain,
      name: ref.name,
      plainName: ref.plainName,
      pictogram: ref.pictogram,
      score: card.props.score,
      scoreLabel: card.props.score === null ? null : t.scores[card.props.score],
      strengths: card.props.strengths,
      worries: card.props.worries,
      residentWords: card.props.residentWords,
    }
  })

  const agencies: RecordAgency[] = snapshot.agencies.map((card) => ({
    id: card.id,
    person: card.props.person,
    organisation: card.props.organisation,
    office: card.props.office,
    contact: card.props.contact,
    atTable: card.props.atTable,
    canDo: card.props.canDo,
    cannotDo: card.props.cannotDo,
    domains: domainRefs(snapshot, t, card.props.domainIds),
  }))

  // Every action she decided on is in the record, also when its card left the board: those come
  // after the cards on the board, in the order she decided on them.
  const offBoardItems = offBoardDecidedActions(snapshot)
  const offBoard = new Map(offBoardItems.map((item) => [item.actionId, item]))
  const actionRecord = (id: string, what: string, props: ActionCardProps | null, asked: ActionQuestion, removed: RecordRemoval | null): RecordAction => {
    const history = decisionHistory(snapshot.decisions, id)
    // Off the board, what she said stands as she said it: the card's last edits asked her nothing.
    const status = statusOf(snapshot, id, asked, offBoard.has(id) ? null : props)
    return {
      id,
      what,
      note: props?.note ?? '',
      domains: domainRefs(snapshot, t, props?.domainIds ?? []),
      owner: owner(snapshot, props),
      dueDate: nonEmpty(props?.dueDate ?? ''),
      decision: decision(snapshot, t, history.at(-1) ?? null),
      earlierDecisions: history.slice(0, -1).map((entry) => decision(snapshot, t, entry)!),
      carried: carried.has(id),
      outcome: carried.has(id) ? outcome(snapshot, t, currentOutcome(snapshot.outcomes, id, info.sessionNumber)) : null,
      asked,
      status,
      statusLabel: statusLabel(t, status),
      onBoard: snapshot.actions.some((a) => a.id === id),
      removed,
    }
  }
  const onBoardActions = snapshot.actions.map((card) => actionRecord(card.id, card.props.what, card.props, questionFor(snapshot, card.id), null))
  const offBoardActions = offBoardItems.map((item) => {
    // Off the board, a session asks about it only what the close rule still asks (a carried
    // agreement's outcome); one decided on in an earlier session and not carried is history.
    const asked: ActionQuestion = carried.has(item.actionId)
      ? questionFor(snapshot, item.actionId)
      : (item.decision.sessionNumber ?? 1) === info.sessionNumber ? 'decision' : 'none'
    const removed = item.removal
      ? { by: recorder(snapshot, t, item.removal.removedBy), at: item.removal.at, sessionNumber: item.removal.sessionNumber }
      : null
    return actionRecord(item.actionId, offBoardWhat(item), actionProps(snapshot, offBoard, item.actionId), asked, removed)
  })
  const actions: RecordAction[] = [...onBoardActions, ...offBoardActions]

  const whatOf = (actionId: string) => snapshot.actions.find((a) => a.id === actionId)?.props.what ?? ''
  const missingAtTable: RecordMissing[] = whoIsMissing(snapshot).map((item) =>
    item.kind === 'uncoveredDomain'
      ? { kind: 'uncoveredDomain', domainId: item.domainId, domain: domainRef(snapshot, t, item.domainId)?.name ?? '', because: [...item.because] }
      : { kind: 'absentOwner', actionId: item.actionId, action: whatOf(item.actionId), person: item.person, organisation: item.organisation },
  )

  return {
    schemaVersion: RECORD_SCHEMA_VERSION,
    status: context.draft ? 'concept' : 'final',
    lang: t.code,
    generatedAt: context.generatedAt ?? new Date().toISOString(),
    boardId: context.boardId,
    meeting: {
      title: residentName ? fill(t.record.title, { resident: residentName }) : t.record.titleWithoutResident,
      residentName,
      sessionNumber: info.sessionNumber,
      sessionLabel: info.sessionNumber <= 1 ? t.record.sessionFirst : fill(t.record.sessionFollowUp, { n: info.sessionNumber }),
      state: info.state,
      startedAt: info.startedAt,
      closedAt: info.closedAt,
      followUpDate: nonEmpty(info.followUpDate),
      followUpConfirmed: info.followUpConfirmed || info.state === 'closed',
      timeZone,
      facilitators,
      pastSessions: info.pastSessions.map((s) => ({ number: s.number, startedAt: s.startedAt, closedAt: s.closedAt, followUpDate: s.followUpDate })),
    },
    participants,
    domains,
    agencies,
    actions,
    missingAtTable,
    plannedVsDone: plannedVsDone(snapshot, t, context.previous ?? null, offBoard),
    picture: { stored: context.pictureStored === true },
    invalidCards: snapshot.invalidCards.map((c) => ({ id: c.id, reason: c.reason })),
  }
}

/** The translation a record was built in (for its renderers). */
export function recordTranslation(record: SessionRecord): RecordTranslation {
  return translationFor(record.lang)
}

/**
 * Actions the resident agreed to in this session and that are on the board, in board order (a
 * carried agreement was in the calendar of the session it was agreed in).
 */
export function agreedActions(record: SessionRecord): RecordAction[] {
  return record.actions.filter((a) => a.onBoard && a.asked === 'decision' && a.status === 'agreed')
}

/** Actions she wants to think about, on the board: someone comes back to her about each. */
export function thinkingActions(record: SessionRecord): RecordAction[] {
  return record.actions.filter((a) => a.onBoard && a.status === 'thinking')
}
