/**
 * A modal dialog rendered at the top of the page (a portal), so it covers the canvas and
 * tldraw's own panels; Escape closes it when it may be closed.
 */
import { useEffect, type ReactNode } from 'react'
import { createPortal } from 'react-dom'

interface Props {
  labelledBy: string
  onClose?(): void
  wide?: boolean
  /** Wider still, for a table (the access log). */
  extraWide?: boolean
  testId?: string
  children: ReactNode
  /** Render as a form (the start dialog submits). */
  onSubmit?(event: React.FormEvent): void
}

export function Dialog({ labelledBy, onClose, wide, extraWide, testId, children, onSubmit }: Props) {
  useEffect(() => {
    if (!onClose) return
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onClose])
  const className = `dialog${wide ? ' dialog--wide' : ''}${extraWide ? ' dialog--extra-wide' : ''}`
  const common = { className, role: 'dialog', 'aria-modal': true, 'aria-labelledby': labelledBy, 'data-testid': testId }
  return createPortal(
    <div className="dialog-backdrop">
      {onSubmit ? (
        <form {...common} onSubmit={onSubmit} noValidate>{children}</form>
      ) : (
        <section {...common}>{children}</section>
      )}
    </div>,
    document.body,
  )
}
