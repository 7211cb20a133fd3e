/**
 * The resident's own summary, in plain language (B1 or simpler): first "what I agreed", "who
 * helps me" and "when we meet again", at most three points each, then what she declined and what
 * she is still thinking about. Pure: the server prints it (server/export/residentSummaryPdf.ts)
 * and the client shows the same data on her phone. Every string in it is already in her
 * language, so a renderer only lays it out.
 */
import type { PictogramName } from '../domain/pictograms'
import type { MeetingSnapshot } from '../domain/snapshot'
import { buildSessionRecord, recordTranslation, type RecordAction, type SessionRecord } from './sessionRecord'
import { fill, formatDate, type RecordTranslation } from './translations/index'

/** At most this many points per section: the resident reads three things first. */
export const SUMMARY_MAX_POINTS = 3

export interface SummaryItem {
  /** The action card, or the helper's `person|organisation`. */
  key: string
  pictogram: PictogramName
  /** The main line: what is agreed, or who helps. */
  text: string
  /** Smaller lines under it: who does it, when, with what. */
  details: string[]
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
  nextMeeting: SummarySection
  /** Then: what she does not want, and what she is still thinking about. */
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

function pictogramOf(action: RecordAction): PictogramName {
  return action.domains[0]?.pictogram ?? 'action'
}

function actionItem(t: RecordTranslation, action: RecordAction, withOwner: boolean): SummaryItem {
  const details: string[] = []
  if (action.domains.length) details.push(action.domains.map((d) => d.plainName).join(', '))
  if (withOwner && action.owner && action.owner.person.trim()) details.push(fill(t.summary.who, { person: action.owner.person.trim() }))
  if (withOwner && action.dueDate) details.push(fill(t.summary.before, { date: formatDate(t, action.dueDate) }))
  return { key: action.id, pictogram: pictogramOf(action), text: action.what.trim(), details }
}

/** The summary from a built session record (its language and status). */
export function residentSummaryFromRecord(record: SessionRecord): ResidentSummary {
  const t = recordTranslation(record)
  const s = t.summary
  const current = record.actions.filter((a) => !a.carried)
  const withDecision = (decision: string) => current.filter((a) => a.decision?.decision === decision)
  const agreed = withDecision('agreed')

  const helpers = new Map<string, SummaryItem>()
  for (const action of agreed) {
    const owner = action.owner
    if (!owner || owner.person.trim() === '') continue
    const key = `${owner.person.trim()}|${owner.organisation.trim()}`
    let item = helpers.get(key)
    if (!item) {
      item = {
        key,
        pictogram: pictogramOf(action),
        text: owner.organisation.trim() ? `${owner.person.trim()} (${owner.organisation.trim()})` : owner.person.trim(),
        details: [],
      }
      helpers.set(key, item)
    }
    const topic = action.domains[0]?.plainName ?? action.what.trim()
    const line = `${s.helpsWith}: ${topic}`
    if (!item.details.includes(line)) item.details.push(line)
  }

  const followUp = record.meeting.followUpDate
  const nextMeetingItems: SummaryItem[] = followUp
    ? [{ key: 'follow-up', pictogram: 'clock', text: fill(s.nextMeetingOn, { date: formatDate(t, followUp) }), details: [s.nextMeetingWhat] }]
    : []

  const concept = record.status === 'concept'
  return {
    lang: record.lang,
    concept,
    conceptNotice: concept ? s.conceptNotice : null,
    conceptLabel: s.concept,
    title: record.meeting.residentName ? fill(s.title, { resident: record.meeting.residentName }) : s.titleWithoutResident,
    residentName: record.meeting.residentName,
    agreed: section(t, s.agreed, s.nothingAgreed, agreed.map((a) => actionItem(t, a, true))),
    helpers: section(t, s.helpers, s.noHelpers, [...helpers.values()]),
    nextMeeting: section(t, s.nextMeeting, s.noNextMeeting, nextMeetingItems),
    declined: section(t, s.declined, '', withDecision('declined').map((a) => actionItem(t, a, false))),
    thinking: section(t, s.thinking, '', withDecision('thinking').map((a) => actionItem(t, a, false))),
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
