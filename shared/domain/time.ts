/**
 * Dates and times as people read them: in the meeting's time zone (default Europe/Amsterdam), on
 * the screen, in the record, in her summary and in the calendar file alike. Moments are stored as
 * ISO 8601 in UTC; calendar days (`YYYY-MM-DD`: due dates, the follow-up date) have no zone.
 * Every formatter is built once per locale and zone: building an Intl.DateTimeFormat is slow.
 */

export const DEFAULT_TIME_ZONE = 'Europe/Amsterdam'

const formatters = new Map<string, Intl.DateTimeFormat>()

/** One cached Intl.DateTimeFormat per locale, zone and options. */
export function cachedFormatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`
  let formatter = formatters.get(key)
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat(locale, options)
    formatters.set(key, formatter)
  }
  return formatter
}

/** Whether the runtime knows this IANA time zone ("Europe/Amsterdam"). */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value === '') return false
  try {
    cachedFormatter('en-GB', { timeZone: value })
    return true
  } catch {
    return false
  }
}

/** A zone that is safe to format with: the given one when known, else the default. */
export function safeTimeZone(value: unknown): string {
  return isTimeZone(value) ? value : DEFAULT_TIME_ZONE
}

export interface LocalMoment {
  /** The calendar day in that zone, `YYYY-MM-DD`. */
  date: string
  /** The wall-clock time in that zone, `HH:MM` (24 hours). */
  time: string
  /** Seconds, `SS`. */
  seconds: string
}

/** A moment (ISO 8601) as a wall-clock day and time in `timeZone`; null for an invalid moment. */
export function localMoment(iso: string, timeZone: string): LocalMoment | null {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return null
  const parts = cachedFormatter('en-GB', {
    timeZone: safeTimeZone(timeZone),
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date)
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '00'
  return {
    date: `${part('year')}-${part('month')}-${part('day')}`,
    time: `${part('hour')}:${part('minute')}`,
    seconds: part('second'),
  }
}

/** Today's calendar day in `timeZone`, `YYYY-MM-DD`. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return localMoment(now.toISOString(), timeZone)!.date
}

/** The locale Intl uses for one of our language codes. */
function intlLocale(language: string): string {
  return language === 'nl' ? 'nl-NL' : 'en-GB'
}

/** "12 december 2026" for a calendar day `YYYY-MM-DD`; anything else is returned as is. */
export function formatCalendarDate(isoDate: string, language: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) return isoDate
  const date = new Date(`${isoDate}T00:00:00Z`)
  if (Number.isNaN(date.getTime())) return isoDate
  // A calendar day has no zone: format the UTC midnight of that day in UTC.
  return cachedFormatter(intlLocale(language), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date)
}

/** "29 nov 2026, 14:05" for a moment, in the meeting's zone. */
export function formatMoment(iso: string, language: string, timeZone: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return cachedFormatter(intlLocale(language), { dateStyle: 'medium', timeStyle: 'short', timeZone: safeTimeZone(timeZone) }).format(date)
}
