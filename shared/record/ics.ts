/**
 * The session record's dates as an iCalendar file (RFC 5545), written by hand: one all-day
 * VEVENT for the follow-up meeting, one per action agreed in this session with a due date, and
 * one per action she wants to think about, on the day someone comes back to her about it. No
 * tokens, no links, no board id in it: UIDs are hashes of the board id and the card id, stable
 * across exports (a calendar that imports the file twice updates its events instead of doubling
 * them).
 *
 * Time zones: every event is a calendar day (`VALUE=DATE`), which has no zone and so falls on
 * the same day in every calendar; the only moment, DTSTAMP, is written in UTC with `Z`, as RFC
 * 5545 requires. So no VTIMEZONE is needed, and no time is ever shifted.
 */
import { ownerText } from './markdown'
import { agreedActions, recordTranslation, thinkingActions, type SessionRecord } from './sessionRecord'
import { fill } from './translations/index'

export const ICS_PRODUCT_ID = '-//Tafelbord//Verslag//NL'
const UID_DOMAIN = 'tafelbord'

/** Escapes a TEXT value (RFC 5545 §3.3.11). */
export function escapeIcsText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n?|\n/g, '\\n')
}

/**
 * The length of one character (a code point) in UTF-8, counted here so shared/ needs no
 * TextEncoder (neither a DOM nor a Node API). A lone surrogate counts 3, as TextEncoder writes
 * it as U+FFFD.
 */
function utf8Length(char: string): number {
  const code = char.codePointAt(0) ?? 0
  return code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4
}

/** Folds a content line at 75 octets (§3.1), never inside a UTF-8 character. */
export function foldIcsLine(line: string): string {
  let total = 0
  for (const char of line) total += utf8Length(char)
  if (total <= 75) return line
  const parts: string[] = []
  let current = ''
  let size = 0
  for (const char of line) {
    const bytes = utf8Length(char)
    const limit = parts.length === 0 ? 75 : 74 // continuation lines start with one space
    if (size + bytes > limit) {
      parts.push(current)
      current = ''
      size = 0
    }
    current += char
    size += bytes
  }
  parts.push(current)
  return parts.join('\r\n ')
}

/** cyrb53: a small, well-spread 53-bit string hash; two seeds give a 106-bit id. */
function cyrb53(text: string, seed: number): string {
  let h1 = 0xdeadbeef ^ seed
  let h2 = 0x41c6ce57 ^ seed
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ ch, 2654435761)
    h2 = Math.imul(h2 ^ ch, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0')
}

/** A stable UID that does not reveal the board id. */
export function icsUid(boardId: string, item: string): string {
  const key = `${boardId}\u0000${item}`
  return `${cyrb53(key, 1)}${cyrb53(key, 2)}@${UID_DOMAIN}`
}

function icsDate(isoDate: string): string {
  return isoDate.replace(/-/g, '')
}

function nextDay(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`)
  date.setUTCDate(date.getUTCDate() + 1)
  return date.toISOString().slice(0, 10)
}

/** A moment as an RFC 5545 UTC date-time (`20260330T233000Z`). */
export function icsDateTime(iso: string): string {
  const date = new Date(iso)
  const text = Number.isNaN(date.getTime()) ? new Date(0).toISOString() : date.toISOString()
  return `${text.slice(0, 19).replace(/[-:]/g, '')}Z`
}

interface CalendarEvent {
  uid: string
  date: string
  summary: string
  description: string
}

export function renderIcs(record: SessionRecord): string {
  const t = recordTranslation(record)
  const concept = record.status === 'concept'
  const prefix = concept ? t.calendar.conceptPrefix : ''
  const events: CalendarEvent[] = []
  if (record.meeting.followUpDate) {
    events.push({
      uid: icsUid(record.boardId, `session-${record.meeting.sessionNumber}-follow-up`),
      date: record.meeting.followUpDate,
      summary:
        prefix +
        (record.meeting.residentName
          ? fill(t.calendar.followUpSummary, { resident: record.meeting.residentName })
          : t.calendar.followUpSummaryWithoutResident),
      description: t.calendar.followUpDescription,
    })
  }
  for (const action of agreedActions(record)) {
    if (!action.dueDate) continue
    const owner = ownerText(t, action.owner)
    const domains = action.domains.map((d) => d.name).join(', ')
    events.push({
      uid: icsUid(record.boardId, `action-${action.id}`),
      date: action.dueDate,
      summary: prefix + fill(t.calendar.actionSummary, { action: action.what.trim(), owner }),
      description: [
        `${t.record.action}: ${action.what.trim()}`,
        `${t.record.owner}: ${owner}`,
        domains ? `${t.record.domain}: ${domains}` : '',
        action.decision?.residentWords.trim() ? `${t.record.residentWords}: “${action.decision.residentWords.trim()}”` : '',
      ]
        .filter(Boolean)
        .join('\n'),
    })
  }
  // Who comes back to her, by when: a promise with a date, like an agreed action.
  for (const action of thinkingActions(record)) {
    if (!action.dueDate) continue
    const owner = ownerText(t, action.owner)
    const values = { resident: record.meeting.residentName, action: action.what.trim(), owner }
    events.push({
      uid: icsUid(record.boardId, `thinking-${action.id}`),
      date: action.dueDate,
      summary: prefix + fill(record.meeting.residentName ? t.calendar.thinkingSummary : t.calendar.thinkingSummaryWithoutResident, values),
      description: [
        `${t.record.action}: ${action.what.trim()}`,
        `${t.record.ownerThinking}: ${owner}`,
        action.decision?.residentWords.trim() ? `${t.record.residentWords}: “${action.decision.residentWords.trim()}”` : '',
      ]
        .filter(Boolean)
        .join('\n'),
    })
  }

  const stamp = icsDateTime(record.meeting.closedAt ?? record.generatedAt)
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${ICS_PRODUCT_ID}`, 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH']
  for (const event of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${event.uid}`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${icsDate(event.date)}`,
      `DTEND;VALUE=DATE:${icsDate(nextDay(event.date))}`,
      `SUMMARY:${escapeIcsText(event.summary)}`,
      `DESCRIPTION:${escapeIcsText(event.description)}`,
      `STATUS:${concept ? 'TENTATIVE' : 'CONFIRMED'}`,
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    )
  }
  lines.push('END:VCALENDAR')
  return lines.map(foldIcsLine).join('\r\n') + '\r\n'
}
