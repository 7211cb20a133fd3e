import { useCallback, useState } from 'react'
import { ApiFailure } from '../api'

/**
 * Runs a call to our API with a busy flag and a plain-language error: the server's own message
 * when it sent one, else `fallback`. Resolves true when the call succeeded.
 */
export function useApiCall(fallback: string) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const run = useCallback(
    async (call: () => Promise<unknown>): Promise<boolean> => {
      setBusy(true)
      setError(null)
      try {
        await call()
        return true
      } catch (e) {
        setError(e instanceof ApiFailure && e.body ? e.body.message : fallback)
        return false
      } finally {
        setBusy(false)
      }
    },
    [fallback],
  )
  return { busy, error, run }
}
