/**
 * The registry of record languages. Adding a language is adding one file beside this one (copy
 * en.ts, translate the strings), its code in languages.ts and one line in TRANSLATIONS below (the
 * compiler holds the two lists to each other).
 */
import { localMoment } from '../../domain/time'
import { en } from './en'
import { DEFAULT_LANGUAGE, isRecordLanguage, type RecordLanguage } from './languages'
import { nl } from './nl'
import type { RecordTranslation } from './types'

export type { RecordTranslation } from './types'
export { DEFAULT_LANGUAGE, isRecordLanguage, RECORD_LANGUAGES } from './languages'

export const TRANSLATIONS: Readonly<Record<RecordLanguage, RecordTranslation>> = { nl, en }

/** The translation for a language code; the default (Dutch) for anything unknown or absent. */
export function translationFor(lang: string | null | undefined): RecordTranslation {
  return isRecordLanguage(lang) ? TRANSLATIONS[lang] : TRANSLATIONS[DEFAULT_LANGUAGE]
}

/** Fills `{name}` placeholders; unknown placeholders stay as written. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (Object.hasOwn(values, key) ? String(values[key]) : whole))
}

/** A calendar date `YYYY-MM-DD` written out ("30 maart 2026"); anything else is returned as is. */
export function formatDate(t: RecordTranslation, isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate)
  if (!match) return isoDate
  const month = t.months[Number(match[2]) - 1]
  if (month === undefined) return isoDate
  return fill(t.dateFormat, { day: Number(match[3]), month, year: match[1] })
}

/**
 * A moment (ISO 8601, stored in UTC) written out as people there read it: the day and the
 * wall-clock time in the meeting's time zone ("31 maart 2026, 01:30 uur" for 23:30 UTC in
 * Europe/Amsterdam summer time). The zone conversion is the shared one (shared/domain/time.ts).
 */
export function formatDateTime(t: RecordTranslation, iso: string, timeZone: string): string {
  const local = localMoment(iso, timeZone)
  if (local === null) return iso
  return fill(t.dateTimeFormat, { date: formatDate(t, local.date), time: local.time })
}

/** The calendar day of a moment in the meeting's time zone, written out ("31 maart 2026"). */
export function formatLocalDate(t: RecordTranslation, iso: string, timeZone: string): string {
  const local = localMoment(iso, timeZone)
  return local === null ? iso : formatDate(t, local.date)
}
