import { useEffect } from 'react'

/** Asks the browser to confirm before closing or reloading a tab that holds unsent edits. */
export function useUnsentEditsWarning(unsent: boolean) {
  useEffect(() => {
    if (!unsent) return
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault()
      // Older browsers need a return value; the text itself is not shown by modern browsers.
      event.returnValue = ''
    }
    window.addEventListener('beforeunload', warn)
    return () => window.removeEventListener('beforeunload', warn)
  }, [unsent])
}
