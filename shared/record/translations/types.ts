/**
 * The words of the session record and the resident's summary, one file per language
 * (nl.ts, en.ts); the registry is index.ts. Only strings: placeholders are written `{name}` and
 * filled by `fill()` in index.ts, so a translator edits text and nothing else.
 */
import type { LifeDomainKey } from '../../domain/lifeDomains'
import type { Decision, Outcome } from '../../domain/meeting'
import type { ParticipantRole } from '../../domain/roles'

export interface RecordTranslation {
  /** The language code (`?lang=`), e.g. `nl`. */
  code: string
  /** The language's own name, e.g. `Nederlands`. */
  languageName: string
  /** January to December, for dates written out ("30 maart 2026"). */
  months: [string, string, string, string, string, string, string, string, string, string, string, string]
  /** How a date is written: `{day}`, `{month}` (name), `{year}`. */
  dateFormat: string
  /** How a moment is written: `{date}`, `{time}` (HH:MM, UTC). */
  dateTimeFormat: string
  domains: Record<LifeDomainKey, { professional: string; plain: string }>
  scores: Record<1 | 2 | 3 | 4 | 5, string>
  roles: Record<ParticipantRole | 'server', string>
  decisions: Record<Decision, string>
  outcomes: Record<Outcome, string>
  record: {
    /** `{resident}`: the resident's name. */
    title: string
    titleWithoutResident: string
    /** `{n}` the session number. */
    sessionFirst: string
    sessionFollowUp: string
    concept: string
    conceptNotice: string
    finalNotice: string
    /** `{page}`, `{pages}`. */
    pageOf: string
    generatedAt: string
    date: string
    startedAt: string
    closedAt: string
    notClosed: string
    facilitator: string
    noFacilitator: string
    participants: string
    noParticipants: string
    atTable: string
    remote: string
    domains: string
    noDomains: string
    score: string
    noScore: string
    strengths: string
    worries: string
    residentWords: string
    agencies: string
    noAgencies: string
    office: string
    person: string
    contact: string
    /** Label of "at the table" / "not at the table". */
    presence: string
    canDo: string
    cannotDo: string
    involvedIn: string
    actions: string
    noActions: string
    action: string
    domain: string
    owner: string
    noOwner: string
    ownerAbsent: string
    dueDate: string
    noDueDate: string
    decision: string
    noDecision: string
    teachBack: string
    recordedBy: string
    /** `{name}`, `{role}`, `{at}`. */
    recordedByLine: string
    note: string
    carried: string
    followUpDate: string
    noFollowUpDate: string
    missing: string
    nobodyMissing: string
    /** `{domain}`: a domain with worries or a low score that nobody covers. */
    uncoveredDomain: string
    becauseWorries: string
    becauseLowScore: string
    /** `{person}`, `{organisation}`, `{action}`. */
    absentOwner: string
    picture: string
    noPicture: string
    pictureInPdf: string
    pictureSketch: string
    plannedVsDone: string
    /** `{n}`: the earlier session's number. */
    plannedIn: string
    planned: string
    done: string
    /** Label of what became of a carried action. */
    outcome: string
    noOutcome: string
    outcomeWords: string
    pastSessions: string
    /** `{n}`, `{date}`. */
    pastSession: string
    invalidCards: string
    empty: string
  }
  summary: {
    /** `{resident}`. */
    title: string
    titleWithoutResident: string
    agreed: string
    nothingAgreed: string
    helpers: string
    noHelpers: string
    nextMeeting: string
    noNextMeeting: string
    /** `{date}`. */
    nextMeetingOn: string
    nextMeetingWhat: string
    declined: string
    thinking: string
    /** `{date}`. */
    before: string
    /** `{person}`. */
    who: string
    helpsWith: string
    /** `{n}`: how many more there are. */
    more: string
    /** `{sections}`: the headings that did not fit on the page. */
    rest: string
    concept: string
    conceptNotice: string
  }
  calendar: {
    /** `{resident}`. */
    followUpSummary: string
    followUpSummaryWithoutResident: string
    followUpDescription: string
    /** `{action}`, `{owner}`. */
    actionSummary: string
    conceptPrefix: string
  }
}
