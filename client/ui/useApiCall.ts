import { useCallback, useState } from 'react'
import type { FieldError } from '../../shared/domain/validation'
import type { RefusalCode } from '../../shared/commands/refusals'
import { useLanguage } from '../i18n/language'
import { failureText, fieldErrorsOf, problemAt, refusalOf } from './apiErrors'

/**
 * Runs a call to our API with a busy flag and a plain-language error in the chosen language: our
 * own words for the server's `reason`, else `fallback`; `problemAt(field)` says a field's own
 * problem (the server's `fieldErrors`). The words follow a change of language. Resolves true when
 * the call succeeded.
 */
export function useApiCall(fallback: string) {
  const { strings } = useLanguage()
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<{ error: unknown } | null>(null)
  const run = useCallback(async (call: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true)
    setFailure(null)
    try {
      await call()
      return true
    } catch (error) {
      setFailure({ error })
      return false
    } finally {
      setBusy(false)
    }
  }, [])
  const reset = useCallback(() => setFailure(null), [])
  const fieldErrors: FieldError[] = failure ? fieldErrorsOf(failure.error) : []
  return {
    busy,
    error: failure ? failureText(strings, failure.error, fallback) : null,
    /** The server's refusal code, or null. */
    reason: (failure ? refusalOf(failure.error) : null) as RefusalCode | null,
    fieldErrors,
    problemAt: (field: string) => problemAt(strings, fieldErrors, field),
    run,
    reset,
  }
}
