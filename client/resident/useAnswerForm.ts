/**
 * What her decision form and her outcome form share: her words, whether she is changing an
 * answer she gave, and sending one answer (the words clear and the form folds once it is in).
 */
import { useState } from 'react'
import { useApiCall } from '../ui/useApiCall'

export function useAnswerForm(failedMessage: string) {
  const [changing, setChanging] = useState(false)
  const [words, setWords] = useState('')
  const { busy, error, problemAt, run } = useApiCall(failedMessage)
  const send = async (call: (words: string) => Promise<unknown>) => {
    const recorded = await run(() => call(words))
    if (recorded) {
      setWords('')
      setChanging(false)
    }
  }
  return { changing, setChanging, words, setWords, busy, error, problemAt, send }
}
