/** A read-only link with a copy button. */
import { useState } from 'react'
import { useLanguage } from '../i18n/language'

interface Props {
  label: string
  help: string
  value: string
  testId: string
}

export function CopyField({ label, help, value, testId }: Props) {
  const { strings } = useLanguage()
  const [copied, setCopied] = useState(false)
  const copy = async () => {
    await navigator.clipboard?.writeText(value).catch(() => undefined)
    setCopied(true)
    setTimeout(() => setCopied(false), 2000)
  }
  return (
    <div className="copy-field">
      <label>
        {label}
        <span className="copy-field__row">
          <input readOnly value={value} data-testid={testId} onFocus={(e) => e.currentTarget.select()} />
          <button type="button" className="button" onClick={() => void copy()}>
            {copied ? strings.start.copied : strings.start.copy}
          </button>
        </span>
      </label>
      <small>{help}</small>
    </div>
  )
}
