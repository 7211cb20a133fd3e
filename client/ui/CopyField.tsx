/** A read-only link with a copy button, and a copy button for a link that must not be shown. */
import { useEffect, useRef, useState } from 'react'
import { useLanguageWith } from '../i18n/partStrings'
import { SHARE_STRINGS } from '../i18n/parts/share'
import { START_PAGE_STRINGS } from '../i18n/parts/startPage'

/**
 * Puts text on the clipboard. The Clipboard API exists only on https and localhost; a board
 * served over plain http in a local network falls back to the older copy command, through an
 * off-screen field that is gone again at once.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard) {
      await navigator.clipboard.writeText(text)
      return true
    }
  } catch {
    // Refused (no permission, not focused): try the old way.
  }
  const field = document.createElement('textarea')
  field.value = text
  field.setAttribute('readonly', '')
  field.setAttribute('aria-hidden', 'true')
  field.style.position = 'fixed'
  field.style.left = '-10000px'
  document.body.append(field)
  field.select()
  try {
    return document.execCommand('copy')
  } catch {
    return false
  } finally {
    field.remove()
  }
}

/** "Gekopieerd" (or that it failed) for two seconds after a copy. */
function useCopyStatus() {
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle')
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  useEffect(() => () => clearTimeout(timer.current), [])
  const copy = async (text: string) => {
    const ok = await copyText(text)
    setStatus(ok ? 'copied' : 'failed')
    clearTimeout(timer.current)
    timer.current = setTimeout(() => setStatus('idle'), ok ? 2000 : 6000)
  }
  return { status, copy }
}

interface Props {
  label: string
  help: string
  value: string
  testId: string
}

export function CopyField({ label, help, value, testId }: Props) {
  const { strings } = useLanguageWith(SHARE_STRINGS, START_PAGE_STRINGS)
  const { status, copy } = useCopyStatus()
  return (
    <div className="copy-field">
      <label>
        {label}
        <span className="copy-field__row">
          <input readOnly value={value} data-testid={testId} onFocus={(e) => e.currentTarget.select()} />
          <button type="button" className="button" onClick={() => void copy(value)}>
            {status === 'copied' ? strings.start.copied : strings.start.copy}
          </button>
        </span>
      </label>
      <small>{help}</small>
    </div>
  )
}

interface CopyButtonProps {
  label: string
  help: string
  /** The text to copy; null while it is not known yet (the button waits). */
  value: string | null
  testId: string
}

/**
 * Copies a secret without ever putting it on the screen: the facilitator's own link, on a dialog
 * that may be open on the TV at the table. Only the button and what happened are visible.
 */
export function CopyButton({ label, help, value, testId }: CopyButtonProps) {
  const { strings } = useLanguageWith(SHARE_STRINGS, START_PAGE_STRINGS)
  const { status, copy } = useCopyStatus()
  return (
    <div className="copy-field">
      <span className="copy-field__row">
        <button type="button" className="button" disabled={value === null} onClick={() => value !== null && void copy(value)}
          data-testid={testId} aria-describedby={`${testId}-help`}>
          {label}
        </button>
        <span role="status" className={status === 'failed' ? 'error' : 'copy-field__status'} data-testid={`${testId}-status`}>
          {status === 'copied' ? strings.share.copied : status === 'failed' ? strings.share.copyFailed : ''}
        </span>
      </span>
      <small id={`${testId}-help`}>{help}</small>
    </div>
  )
}
