/**
 * The resident's own summary, in plain language (B1 or simpler), in her own voice ("ik"): first
 * "what I agreed" (with who does it and how to reach them), "who helps me" and "when we meet
 * again", at most three points each, then what she declined (with her words) and what she is
 * still thinking about (with who comes back to her, and by when). Pure: the server prints it (server/export/residentSummaryPdf.ts)
 * and the client shows the same data on her phone. Every string in it is already in her
 * language, so a renderer only lays it out.
 */
import type { PictogramName } from '../domain/pictograms'
import type { MeetingSnapshot } from '../domain/snapshot'
import type { Outcome } from '../domain/meeting'
import { buildSessionRecord, recordTranslation, type RecordAction, type RecordActionStatus, type SessionRecord } from './sessionRecord'
import { fill, formatDate, formatLocalDate, type RecordTranslation } from './translations/index'

/** At most this many points per section: the resident reads three things first. */
export const SUMMARY_MAX_POINTS = 3

export interface SummaryItem {
  /** The action card, or the helper's `person|organisation`. */
  key: string
  pictogram: PictogramName
  /** The main line: what is agreed, or who helps. */
  text: string
  /** Smaller lines under it, each a full line to show as is: who does it, how to reach them, when, her words. */
  details: string[]
  /**
   * How to reach the person who helps her with this (or comes back to her about it): the agency
   * card's contact or the participant's own, as typed. Already written out in `details`
   * ("Telefoon of e-mail: …"); here for a renderer that wants to make it a link.
   */
  contact?: string
  /** Her own words about this action. Already written out in `details` ("Ik zei: “…”"). */
  words?: string
}

export interface SummarySection {
  heading: string
  items: SummaryItem[]
  /** How many more there are than shown (they are in the full record). */
  more: number
  /** "En nog 2. Die staan in het verslag." when `more` > 0, else null. */
  moreText: string | null
  /** What to say when there is nothing. */
  emptyText: string
}

export interface ResidentSummary {
  lang: string
  concept: boolean
  /** "Dit is nog niet klaar…" for a concept, else null. */
  conceptNotice: string | null
  conceptLabel: string
  title: string
  residentName: string
  /** The three sections she reads first, in this order. */
  agreed: SummarySection
  helpers: SummarySection
  /** The follow-up date, only once the facilitator confirmed it. */
  nextMeeting: SummarySection
  /** Then: what she does not want (with her words), and what she is still thinking about. */
  declined: SummarySection
  thinking: SummarySection
}

function section(t: RecordTranslation, heading: string, emptyText: string, all: SummaryItem[]): SummarySection {
  const more = Math.max(0, all.length - SUMMARY_MAX_POINTS)
  return {
    heading,
    items: all.slice(0, SUMMARY_MAX_POINTS),
    more,
    moreText: more > 0 ? fill(t.summary.more, { n: more }) : null,
    emptyText,
  }
}

/**
 * The topic's pictogram; without a domain, a tick only for what she agreed to (the board's
 * "action" pictogram is a tick) and the neutral dots for everything else.
 */
function pictogramOf(action: RecordAction, agreed: boolean): PictogramName {
  return action.domains[0]?.pictogram ?? (agreed ? 'action' : 'other')
}

/** Whether an action belongs in this session's summary (see residentSummaryFromRecord). */
function inThisSession(action: RecordAction, session: number): boolean {
  if (action.onBoard || action.carried || action.status === 'declined') return true
  return action.decision?.sessionNumber === session || action.removed?.sessionNumber === session
}

/** What she agreed to and still runs: someone helps her with it now. */
const RUNNING = new Set<RecordActionStatus>(['agreed', 'outcomePending', 'partly'])
/** What she agreed to last time and what became of it is said: after the running ones. */
const FINISHED = new Set<RecordActionStatus>(['notDone', 'done', 'noLongerNeeded'])
/** Finished and nothing more to do: only what it was and that it is done (or not needed). */
const CLOSED = new Set<RecordActionStatus>(['done', 'noLongerNeeded'])

interface Lines {
  details: string[]
  contact?: string
  words?: string
}

function contactLine(t: RecordTranslation, action: RecordAction, lines: Lines): void {
  const contact = action.owner?.contact.trim()
  if (!contact) return
  lines.details.push(fill(t.summary.contact, { contact }))
  lines.contact = contact
}

function wordsLine(t: RecordTranslation, action: RecordAction, lines: Lines): void {
  const words = action.decision?.residentWords.trim()
  if (!words) return
  lines.details.push(fill(t.summary.iSaid, { words }))
  lines.words = words
}

function removedLine(t: RecordTranslation, action: RecordAction, timeZone: string, lines: Lines): void {
  if (!action.removed) return
  lines.details.push(fill(t.summary.removed, { name: action.removed.by.name, date: formatLocalDate(t, action.removed.at, timeZone) }))
}

function domainLine(action: RecordAction, lines: Lines): void {
  if (action.domains.length) lines.details.push(action.domains.map((d) => d.plainName).join(', '))
}

function item(action: RecordAction, pictogram: PictogramName, lines: Lines): SummaryItem {
  const out: SummaryItem = { key: action.id, pictogram, text: action.what.trim(), details: lines.details }
  if (lines.contact) out.contact = lines.contact
  if (lines.words) out.words = lines.words
  return out
}

/** What I agreed to: what, who does it and how I reach them, by when. */
function agreedItem(t: RecordTranslation, action: RecordAction, timeZone: string): SummaryItem {
  const s = t.summary
  const lines: Lines = { details: [] }
  domainLine(action, lines)
  const person = action.owner?.person.trim()
  if (!CLOSED.has(action.status)) {
    if (person) lines.details.push(fill(s.who, { person }))
    contactLine(t, action, lines)
    if (action.dueDate) lines.details.push(fill(s.before, { date: formatDate(t, action.dueDate) }))
  }
  if (action.status === 'outcomePending') lines.details.push(s.agreedBefore)
  else if (action.status !== 'agreed' && action.status in s.outcomeNow) lines.details.push(s.outcomeNow[action.status as Outcome])
  removedLine(t, action, timeZone, lines)
  return item(action, pictogramOf(action, true), lines)
}

/** What I do not want, with what I said about it. */
function declinedItem(t: RecordTranslation, action: RecordAction, timeZone: string): SummaryItem {
  const lines: Lines = { details: [] }
  domainLine(action, lines)
  wordsLine(t, action, lines)
  removedLine(t, action, timeZone, lines)
  return item(action, pictogramOf(action, false), lines)
}

/** What I still think about: what I said, who comes back to me, how I reach them, by when. */
function thinkingItem(t: RecordTranslation, action: RecordAction, timeZone: string): SummaryItem {
  const s = t.summary
  const lines: Lines = { details: [] }
  wordsLine(t, action, lines)
  const person = action.owner?.person.trim()
  lines.details.push(person ? fill(s.comesBack, { person }) : s.nobodyComesBack)
  contactLine(t, action, lines)
  if (action.dueDate) lines.details.push(fill(s.comesBackBefore, { date: formatDate(t, action.dueDate) }))
  removedLine(t, action, timeZone, lines)
  return item(action, pictogramOf(action, false), lines)
}

/**
 * The summary from a built session record (its language and status). What she agreed to: what
 * she agreed to in this session and, in a follow-up, what she agreed to before — first what
 * still runs (not discussed yet, or partly done), then what became of the others (not done,
 * done, no longer needed). What she declined stays, with her words, in every later summary.
 * What she still thinks about: her "thinking" now, or carried over and not decided again yet.
 * Actions taken off the board are in it as she decided on them, saying who took them off.
 */
export function residentSummaryFromRecord(record: SessionRecord): ResidentSummary {
  const t = recordTranslation(record)
  const s = t.summary
  const zone = record.meeting.timeZone
  const actions = record.actions.filter((a) => inThisSession(a, record.meeting.sessionNumber))
  const running = actions.filter((a) => RUNNING.has(a.status))
  const finished = actions.filter((a) => FINISHED.has(a.status))
  const agreed = [...running, ...finished]
  const declined = actions.filter((a) => a.status === 'declined')
  const thinking = actions.filter((a) => a.status === 'thinking' || (a.status === 'decideAgain' && a.decision?.decision === 'thinking'))

  // Who helps me: each owner of what I agreed to once, with what they help with and how to reach
  // them — for what still runs, and for what was not done (she may need to call them about it).
  const helpers = new Map<string, { item: SummaryItem; topics: string[] }>()
  for (const action of [...running, ...finished.filter((a) => a.status === 'notDone')]) {
    const owner = action.owner
    if (!owner || owner.person.trim() === '') continue
    const key = `${owner.person.trim()}|${owner.organisation.trim()}`
    let helper = helpers.get(key)
    if (!helper) {
      const text = owner.organisation.trim() ? `${owner.person.trim()} (${owner.organisation.trim()})` : owner.person.trim()
      helper = { item: { key, pictogram: pictogramOf(action, true), text, details: [] }, topics: [] }
      helpers.set(key, helper)
    }
    const topic = action.domains[0]?.plainName ?? action.what.trim()
    if (!helper.topics.includes(topic)) helper.topics.push(topic)
    if (owner.contact.trim() && helper.item.contact === undefined) helper.item.contact = owner.contact.trim()
  }
  const helperItems = [...helpers.values()].map(({ item: helper, topics }) => ({
    ...helper,
    details: [
      ...topics.map((topic) => `${s.helpsWith}: ${topic}`),
      ...(helper.contact ? [fill(s.contact, { contact: helper.contact })] : []),
    ],
  }))

  // Her phone and her page show the next meeting only once the facilitator confirmed it.
  const { followUpDate, followUpConfirmed } = record.meeting
  const nextMeetingItems: SummaryItem[] =
    followUpDate && followUpConfirmed
      ? [{ key: 'follow-up', pictogram: 'clock', text: fill(s.nextMeetingOn, { date: formatDate(t, followUpDate) }), details: [s.nextMeetingWhat] }]
      : []

  const concept = record.status === 'concept'
  return {
    lang: record.lang,
    concept,
    conceptNotice: concept ? s.conceptNotice : null,
    conceptLabel: s.concept,
    title: record.meeting.residentName ? fill(s.title, { resident: record.meeting.residentName }) : s.titleWithoutResident,
    residentName: record.meeting.residentName,
    agreed: section(t, s.agreed, s.nothingAgreed, agreed.map((a) => agreedItem(t, a, zone))),
    helpers: section(t, s.helpers, running.length === 0 && finished.length > 0 ? s.noHelpersNow : s.noHelpers, helperItems),
    nextMeeting: section(t, s.nextMeeting, s.noNextMeeting, nextMeetingItems),
    declined: section(t, s.declined, '', declined.map((a) => declinedItem(t, a, zone))),
    thinking: section(t, s.thinking, '', thinking.map((a) => thinkingItem(t, a, zone))),
  }
}

/** The summary straight from a meeting snapshot (what the resident's phone shows). */
export function buildResidentSummary(
  snapshot: MeetingSnapshot,
  options: { lang?: string; draft?: boolean } = {},
): ResidentSummary {
  const record = buildSessionRecord(snapshot, {
    boardId: '',
    draft: options.draft ?? snapshot.info.state !== 'closed',
    generatedAt: snapshot.info.closedAt ?? snapshot.info.startedAt,
    lang: options.lang,
  })
  return residentSummaryFromRecord(record)
}
