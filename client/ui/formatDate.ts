/**
 * The screen's dates, through the one formatter in shared/domain/time.ts, so the board, the
 * record and her summary never disagree (and formatters are built once per language and zone).
 */
import { formatCalendarDate, formatMoment, localMoment } from '../../shared/domain/time'
import type { Language } from '../i18n/strings'

/** "12 december 2026" for a `YYYY-MM-DD` date; the date is a calendar day, not a moment. */
export function formatDate(isoDate: string, language: Language): string {
  return formatCalendarDate(isoDate, language)
}

/**
 * "29 nov 2026, 14:05" for a moment, read in the meeting's time zone (`snapshot.info.timeZone`),
 * not the browser's: a remote participant abroad sees the same time as the record. The zone has no
 * default, so no screen can fall back to another zone than the record's.
 */
export function formatDateTime(iso: string, language: Language, timeZone: string): string {
  return formatMoment(iso, language, timeZone)
}

/**
 * "29 november 2026 14:05:09" for a line of a log, in the meeting's time zone: to the second, as
 * several acts often fall in one minute.
 */
export function formatLogMoment(iso: string, language: Language, timeZone: string): string {
  const moment = localMoment(iso, timeZone)
  return moment ? `${formatCalendarDate(moment.date, language)} ${moment.time}:${moment.seconds}` : iso
}
