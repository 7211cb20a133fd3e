/**
 * What to say when the server refused: our own words for its `reason` and for each of its
 * `fieldErrors`, in the chosen language. The server's `message` is English for developers and
 * is never shown.
 */
import { isRefusalCode, type RefusalCode } from '../../shared/commands/refusals'
import type { FieldError } from '../../shared/domain/validation'
import { ApiFailure } from '../api'
import type { Strings } from '../i18n/strings'

/** Fills in `{limit}` ("Te lang: hoogstens {limit} tekens"). */
export function withLimit(template: string, limit: number | undefined): string {
  return template.replace('{limit}', limit === undefined ? '' : String(limit))
}

/** One field's problem in words. */
export function fieldErrorText(strings: Strings, error: FieldError): string {
  return withLimit(strings.fieldErrors[error.code], error.limit)
}

/** Why a call failed: null for anything but a refusal of our server (then the caller's fallback counts). */
export function refusalOf(failure: unknown): RefusalCode | null {
  return failure instanceof ApiFailure && isRefusalCode(failure.reason) ? failure.reason : null
}

/**
 * One sentence for a failed call: the refusal's words; "no connection" when the server could not
 * be reached; else `fallback` (an answer that is not ours, or no answer at all).
 */
export function failureText(strings: Strings, failure: unknown, fallback: string): string {
  const refusal = refusalOf(failure)
  if (refusal !== null) return strings.refusals[refusal]
  if (failure instanceof ApiFailure && failure.status === 0) return strings.errors.network
  return fallback
}

/** The field errors of a failed call (`invalid`), empty for anything else. */
export function fieldErrorsOf(failure: unknown): FieldError[] {
  return failure instanceof ApiFailure ? failure.fieldErrors : []
}

/** The words for the first problem of `field` (or of a field inside it, `recordedBy.userId`), or null. */
export function problemAt(strings: Strings, errors: readonly FieldError[], field: string): string | null {
  const error = errors.find((e) => e.field === field || e.field.startsWith(`${field}.`))
  return error ? fieldErrorText(strings, error) : null
}
