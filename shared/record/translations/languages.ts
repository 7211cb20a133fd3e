/**
 * The record's languages by code, apart from their translations: checking a request's language
 * (shared/commands/board.ts) then loads no translation, on the server nor in the browser.
 */
export const RECORD_LANGUAGES = ['nl', 'en'] as const

export type RecordLanguage = (typeof RECORD_LANGUAGES)[number]

export const DEFAULT_LANGUAGE: RecordLanguage = 'nl'

export function isRecordLanguage(value: unknown): value is RecordLanguage {
  return typeof value === 'string' && (RECORD_LANGUAGES as readonly string[]).includes(value)
}
