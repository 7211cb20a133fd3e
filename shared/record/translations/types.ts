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
  /** How a moment is written: `{date}`, `{time}` (HH:MM, in the meeting's time zone). */
  dateTimeFormat: string
  domains: Record<LifeDomainKey, { professional: string; plain: string }>
  scores: Record<1 | 2 | 3 | 4 | 5, string>
  roles: Record<ParticipantRole | 'server', string>
  decisions: Record<Decision, string>
  outcomes: Record<Outcome, string>
  /**
   * What holds for an action beyond her plain decision or its outcome (those use `decisions` and
   * `outcomes`): the record's label for it, never a word that claims more than happened.
   */
  actionStatus: {
    /** No decision yet. */
    undecided: string
    /** Carried over to be decided again (she wanted to think, or it was proposed anew): no new decision yet. */
    decideAgain: string
    /** The action changed after she decided: she has to be asked again. */
    askAgain: string
    /** She agreed last time; what became of it has not been discussed yet. */
    outcomePending: string
  }
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
    /** The meeting's time zone, `{zone}`: every time in the record is in it. */
    timeZone: string
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
    /** Owner and due date of an agreed action (who does it, by when). */
    owner: string
    /** … of an action she wants to think about: who comes back to her, by when. */
    ownerThinking: string
    /** … of an action she declined or did not decide on yet: only proposed. */
    ownerProposed: string
    noOwner: string
    ownerAbsent: string
    dueDate: string
    dueDateThinking: string
    dueDateProposed: string
    noDueDate: string
    decision: string
    /** Her decision taken in an earlier session, `{n}`. */
    decisionInSession: string
    noDecision: string
    teachBack: string
    recordedBy: string
    /** `{name}`, `{role}`, `{at}`. */
    recordedByLine: string
    note: string
    carried: string
    /** `{name}`, `{role}`, `{at}`: the decided action's card is no longer on the board. */
    removedLine: string
    /** The card is no longer on the board and nobody noted who took it off. */
    notOnBoard: string
    followUpDate: string
    noFollowUpDate: string
    /** After the follow-up date while the facilitator has not confirmed it. */
    followUpNotConfirmed: string
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
    /** Follow-up: what she agreed to last time, and what became of it. */
    plannedVsDone: string
    /** `{n}`: the earlier session's number. */
    plannedIn: string
    /** Heading of the plan (neutral: it says nothing about what was done). */
    planned: string
    /** Heading of what became of it (neutral: the outcome's own label says what). */
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
    /** Nobody helps with an agreement now: what was agreed is done or no longer needed. */
    noHelpersNow: string
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
    /** `{contact}`: how to reach the person who helps or comes back to her. */
    contact: string
    /** `{words}`: her own words about an action. */
    iSaid: string
    /** `{person}`: who comes back to her about what she is thinking about. */
    comesBack: string
    /** `{date}`: by when they come back to her. */
    comesBackBefore: string
    /** Nobody named yet to come back to her. */
    nobodyComesBack: string
    /** A carried agreement whose outcome is not discussed yet. */
    agreedBefore: string
    /** What became of a carried agreement, as one sentence in her voice. */
    outcomeNow: Record<Outcome, string>
    /** `{name}`, `{date}`: a decided action taken off the board. */
    removed: string
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
    /** `{resident}`, `{action}`, `{owner}`: someone comes back to her about what she is thinking about. */
    thinkingSummary: string
    /** `{action}`, `{owner}`. */
    thinkingSummaryWithoutResident: string
    conceptPrefix: string
  }
}
