/** Labelled form controls for the side panel: large, keyboard-friendly, with plain-language hints. */
import { useId, type ReactNode } from 'react'
import { MAX_LONG_TEXT, MAX_SHORT_TEXT } from '../../shared/domain/limits'

interface Common {
  label: string
  problem?: string | null
  hint?: string
  disabled?: boolean
}

function Frame({ id, label, problem: rawProblem, hint, disabled, children }: Common & { id: string; children: ReactNode }) {
  // A read-only record has nothing left to fix: no red messages on it.
  const problem = disabled ? null : rawProblem
  return (
    <div className={`field${problem ? ' field--problem' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && <small id={`${id}-hint`}>{hint}</small>}
      {problem && <small className="field__problem" id={`${id}-problem`} role="status">{problem}</small>}
    </div>
  )
}

function describedBy(id: string, hint?: string, problem?: string | null) {
  return [hint ? `${id}-hint` : '', problem ? `${id}-problem` : ''].filter(Boolean).join(' ') || undefined
}

export function TextField(props: Common & { value: string; onChange(value: string): void; long?: boolean; testId?: string }) {
  const id = useId()
  const shared = {
    id,
    value: props.value,
    disabled: props.disabled,
    'aria-invalid': !!props.problem,
    'aria-describedby': describedBy(id, props.hint, props.problem),
    'data-testid': props.testId,
  }
  return (
    <Frame id={id} {...props}>
      {props.long ? (
        <textarea {...shared} rows={3} maxLength={MAX_LONG_TEXT} onChange={(e) => props.onChange(e.target.value)} />
      ) : (
        <input {...shared} maxLength={MAX_SHORT_TEXT} onChange={(e) => props.onChange(e.target.value)} />
      )}
    </Frame>
  )
}

export function DateField(props: Common & { value: string; onChange(value: string): void; testId?: string }) {
  const id = useId()
  return (
    <Frame id={id} {...props}>
      <input
        id={id}
        type="date"
        value={props.value}
        disabled={props.disabled}
        aria-invalid={!!props.problem}
        aria-describedby={describedBy(id, props.hint, props.problem)}
        data-testid={props.testId}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </Frame>
  )
}

export function SelectField<V extends string>(
  props: Common & { value: V; options: Array<{ value: V; label: string }>; onChange(value: V): void; testId?: string },
) {
  const id = useId()
  return (
    <Frame id={id} {...props}>
      <select
        id={id}
        value={props.value}
        disabled={props.disabled}
        aria-invalid={!!props.problem}
        aria-describedby={describedBy(id, props.hint, props.problem)}
        data-testid={props.testId}
        onChange={(e) => props.onChange(e.target.value as V)}
      >
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>{option.label}</option>
        ))}
      </select>
    </Frame>
  )
}

export function CheckboxList(
  props: Common & { values: string[]; options: Array<{ value: string; label: string }>; onChange(values: string[]): void },
) {
  return (
    <fieldset className="field field--checkboxes" disabled={props.disabled}>
      <legend>{props.label}</legend>
      {props.options.map((option) => (
        <label key={option.value}>
          <input
            type="checkbox"
            checked={props.values.includes(option.value)}
            onChange={(e) =>
              props.onChange(e.target.checked ? [...props.values, option.value] : props.values.filter((v) => v !== option.value))
            }
          />{' '}
          {option.label}
        </label>
      ))}
      {props.hint && <small>{props.hint}</small>}
      {props.problem && <small className="field__problem" role="status">{props.problem}</small>}
    </fieldset>
  )
}

/** A switch; `hint` says why it is disabled (or what it does), `problem` why the last change was refused. */
export function Toggle(props: Common & { checked: boolean; onChange(checked: boolean): void; testId?: string }) {
  const id = useId()
  return (
    <div className={props.problem ? 'field--problem' : undefined}>
      <label className="field field--toggle" title={props.disabled ? props.hint : undefined}>
        <input type="checkbox" checked={props.checked} disabled={props.disabled} data-testid={props.testId}
          aria-invalid={!!props.problem} aria-describedby={describedBy(id, props.hint, props.problem)}
          onChange={(e) => props.onChange(e.target.checked)} />{' '}
        {props.label}
      </label>
      {props.hint && <small id={`${id}-hint`}>{props.hint}</small>}
      {props.problem && <small className="field__problem" id={`${id}-problem`} role="alert">{props.problem}</small>}
    </div>
  )
}

/**
 * Her own words (or a teach-back): a text area as long as the shared limit allows, with the
 * server's problem for this field beside it (`aria-describedby`).
 */
export function WordsField(props: {
  label: string
  value: string
  onChange(value: string): void
  maxLength: number
  problem?: string | null
  hint?: string
  rows?: number
  testId?: string
}) {
  const id = useId()
  return (
    <div className={`field${props.problem ? ' field--problem' : ''}`}>
      <label htmlFor={id}>{props.label}</label>
      <textarea
        id={id}
        rows={props.rows ?? 2}
        maxLength={props.maxLength}
        value={props.value}
        aria-invalid={!!props.problem}
        aria-describedby={describedBy(id, props.hint, props.problem)}
        data-testid={props.testId}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {props.hint && <small id={`${id}-hint`}>{props.hint}</small>}
      {props.problem && <small className="field__problem" id={`${id}-problem`} role="alert">{props.problem}</small>}
    </div>
  )
}
