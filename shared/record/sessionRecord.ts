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
import { lifeDomain, type PictogramKey, type LifeDomainKey } from '../domain/lifeDomains'
import type { Decision, DecisionEntry, MeetingState, Outcome, OutcomeEntry, PastSession } from '../domain/meeting'
import { whoIsMissing } from '../domain/missingAtTable'
import { resolveOwner, type ResolvedOwner } from '../domain/owners'
import type { ParticipantRole } from '../domain/roles'
import { currentDecision, currentOutcome, decisionHistory, type MeetingSnapshot } from '../domain/snapshot'
import { fill, translationFor, type RecordTranslation } from './translations/index'

export const RECORD_SCHEMA_VERSION = 1

export type RecordStatus = 'concept' | 'final'

export interface RecordPerson {
  name: string
  organisation: string
}

export interface RecordParticipant extends RecordPerson {
  role: ParticipantRole
  roleLabel: string
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
  /** Carried over from the previous session (it then has an outcome, not a new decision). */
  carried: boolean
  /** What became of a carried action in this session, or null. */
  outcome: RecordOutcome | null
}

export type RecordMissing =
  | { kind: 'uncoveredDomain'; domainId: string; domain: string; because: Array<'worries' | 'lowScore'> }
  | { kind: 'absentOwner'; actionId: string; action: string; person: string; organisation: string }

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
  const definition = lifeDomain(card.props.domain)
  const names = t.domains[card.props.domain]
  const custom = card.props.domain === 'anders' ? card.props.customName.trim() : ''
  return {
    id,
    name: custom || names.professional,
    plainName: custom || names.plain,
    pictogram: definition.pictogram,
  }
}

function domainRefs(snapshot: MeetingSnapshot, t: RecordTranslation, ids: string[]): RecordDomainRef[] {
  return ids.map((id) => domainRef(snapshot, t, id)).filter((ref): ref is RecordDomainRef => ref !== null)
}

function owner(resolved: ResolvedOwner | null): RecordOwner | null {
  if (!resolved) return null
  return { person: resolved.person, organisation: resolved.organisation, present: resolved.present, kind: resolved.kind }
}

function recorder(t: RecordTranslation, by: DecisionEntry['recordedBy']): RecordRecorder {
  return { name: by.name, role: by.role, roleLabel: t.roles[by.role] ?? by.role }
}

function decision(t: RecordTranslation, entry: DecisionEntry | null): RecordDecision | null {
  if (!entry) return null
  return {
    decision: entry.decision,
    label: t.decisions[entry.decision],
    residentWords: entry.residentWords,
    teachBack: entry.teachBack,
    recordedBy: recorder(t, entry.recordedBy),
    at: entry.at,
    sessionNumber: entry.sessionNumber ?? 1,
  }
}

function outcome(t: RecordTranslation, entry: OutcomeEntry | null): RecordOutcome | null {
  if (!entry) return null
  return {
    outcome: entry.outcome,
    label: t.outcomes[entry.outcome],
    residentWords: entry.residentWords,
    recordedBy: recorder(t, entry.recordedBy),
    at: entry.at,
    sessionNumber: entry.sessionNumber,
  }
}

/** The latest decision on an action taken before `sessionNumber`. */
function decisionBefore(decisions: DecisionEntry[], actionId: string, sessionNumber: number): DecisionEntry | null {
  return currentDecision(
    decisions.filter((entry) => (entry.sessionNumber ?? 1) < sessionNumber),
    actionId,
  )
}

function plannedVsDone(snapshot: MeetingSnapshot, t: RecordTranslation, previous: MeetingSnapshot | null): RecordPlannedVsDone[] {
  const session = snapshot.info.sessionNumber
  if (session <= 1) return []
  const order = new Map(snapshot.actions.map((action, index) => [action.id, index]))
  const carried = [...snapshot.info.carriedActionIds].sort(
    (a, b) => (order.get(a) ?? Number.MAX_SAFE_INTEGER) - (order.get(b) ?? Number.MAX_SAFE_INTEGER),
  )
  return carried.map((actionId) => {
    const now = snapshot.actions.find((action) => action.id === actionId)
    const then = previous?.actions.find((action) => action.id === actionId)
    const done = outcome(t, currentOutcome(snapshot.outcomes, actionId, session))
    if (previous && then) {
      return {
        actionId,
        what: then.props.what,
        plannedInSession: previous.info.sessionNumber,
        plannedSource: 'previousSession' as const,
        planned: {
          decision: decision(t, currentDecision(previous.decisions, actionId)),
          owner: owner(resolveOwner(previous, then.props)),
          dueDate: nonEmpty(then.props.dueDate),
        },
        done,
      }
    }
    return {
      actionId,
      what: now?.props.what ?? '',
      plannedInSession: session - 1,
      plannedSource: 'thisBoard' as const,
      planned: {
        decision: decision(t, decisionBefore(snapshot.decisions, actionId, session)),
        owner: now ? owner(resolveOwner(snapshot, now.props)) : null,
        dueDate: now ? nonEmpty(now.props.dueDate) : null,
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

  const participants: RecordParticipant[] = snapshot.participants.map((p) => ({
    name: p.name,
    organisation: p.organisation,
    role: p.role,
    roleLabel: t.roles[p.role],
    atTable: p.atTable,
    joinedAt: p.joinedAt,
  }))

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

  const actions: RecordAction[] = snapshot.actions.map((card) => {
    const history = decisionHistory(snapshot.decisions, card.id)
    return {
      id: card.id,
      what: card.props.what,
      note: card.props.note,
      domains: domainRefs(snapshot, t, card.props.domainIds),
      owner: owner(resolveOwner(snapshot, card.props)),
      dueDate: nonEmpty(card.props.dueDate),
      decision: decision(t, currentDecision(snapshot.decisions, card.id)),
      earlierDecisions: history.slice(0, -1).map((entry) => decision(t, entry)!),
      carried: carried.has(card.id),
      outcome: carried.has(card.id) ? outcome(t, currentOutcome(snapshot.outcomes, card.id, info.sessionNumber)) : null,
    }
  })

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
      facilitators: participants.filter((p) => p.role === 'gespreksleider').map((p) => ({ name: p.name, organisation: p.organisation })),
      pastSessions: info.pastSessions.map((s) => ({ number: s.number, startedAt: s.startedAt, closedAt: s.closedAt, followUpDate: s.followUpDate })),
    },
    participants,
    domains,
    agencies,
    actions,
    missingAtTable,
    plannedVsDone: plannedVsDone(snapshot, t, context.previous ?? null),
    picture: { stored: context.pictureStored === true },
    invalidCards: snapshot.invalidCards.map((c) => ({ id: c.id, reason: c.reason })),
  }
}

/** The translation a record was built in (for its renderers). */
export function recordTranslation(record: SessionRecord): RecordTranslation {
  return translationFor(record.lang)
}

/** Actions the resident agreed to (not carried over), in board order. */
export function agreedActions(record: SessionRecord): RecordAction[] {
  return record.actions.filter((a) => !a.carried && a.decision?.decision === 'agreed')
}
