/**
 * The one idiom for checking what a client sends: `@tldraw/validate` validators, one per field,
 * gathered into a request body with `body({...})`. Unlike `T.object`, a body names every problem
 * at once, as `{ field, code }` pairs (`FieldError`), so a form can show each at its own field in
 * its own words; and it hands back a clean copy (trimmed text, defaults filled in, unknown fields
 * dropped). The request types are derived from the validators (`BodyValue`, `BodyInput`), never
 * written out a second time.
 *
 * Pure: no DOM, no Node.
 */
import { T } from '@tldraw/validate'

/** What can be wrong with one field. */
export const FIELD_ERROR_CODES = [
  /** The body (or a nested object) is not a JSON object. */
  'notAnObject',
  /** Required and absent, or only white space. */
  'missing',
  'notText',
  /** Longer than its limit (`limit`, from shared/domain/limits.ts). */
  'tooLong',
  /** Shorter than its limit (`limit`). */
  'tooShort',
  /** Not one of the allowed values. */
  'notOneOf',
  'notABoolean',
  /** Not a calendar date `YYYY-MM-DD`. */
  'notADate',
  /** Not the id of a card on the board (`shape:…`). */
  'notACard',
  /** Not an SVG image. */
  'notSvg',
  /** Not a PNG image, as base64 text. */
  'notPng',
  /** Not an e-mail address (name@domain). */
  'notAnEmail',
] as const
export type FieldErrorCode = (typeof FIELD_ERROR_CODES)[number]

/** One problem with one field; `field` is a dotted path (`recordedBy.userId`), `''` for the body itself. */
export interface FieldError {
  field: string
  code: FieldErrorCode
  /** For `tooLong` and `tooShort`: the limit. */
  limit?: number
}

/** Thrown by the field validators below: the raw message is the code. */
class FieldProblem extends T.ValidationError {
  constructor(
    readonly code: FieldErrorCode,
    readonly limit?: number,
  ) {
    super(code)
  }
}

/** Thrown by a body: every problem of every field. */
export class BodyProblems extends T.ValidationError {
  constructor(readonly fieldErrors: FieldError[]) {
    super(fieldErrors.map((e) => `${e.field || '(body)'}: ${e.code}`).join('; '))
  }
}

/**
 * A field of a body. `optional` fields may be left out by the client (`BodyInput` makes them
 * optional); the validator still decides what the server gets then (a default, or undefined).
 */
export class Field<Out, Optional extends boolean = boolean> extends T.Validator<Out> {
  constructor(
    validate: (value: unknown) => Out,
    readonly isOptional: Optional,
  ) {
    // Fields hand back a clean value (trimmed text), not the same one: skip tldraw's same-value check.
    super(validate, undefined, true)
  }
}

const absent = (value: unknown) => value === undefined || value === null

/**
 * Text, trimmed, at most `max` characters (counted before trimming, as a form's `maxLength`).
 * Required text must not be empty; optional text left out is `''`.
 */
export function text(max: number, options: { required: true; min?: number }): Field<string, false>
export function text(max: number, options?: { required?: false; min?: number }): Field<string, true>
export function text(max: number, options: { required?: boolean; min?: number } = {}): Field<string, boolean> {
  const required = options.required === true
  return new Field((value) => {
    if (absent(value)) {
      if (required) throw new FieldProblem('missing')
      return ''
    }
    if (typeof value !== 'string') throw new FieldProblem('notText')
    if (value.length > max) throw new FieldProblem('tooLong', max)
    const trimmed = value.trim()
    if (required && trimmed === '') throw new FieldProblem('missing')
    if (options.min !== undefined && value.length < options.min) throw new FieldProblem('tooShort', options.min)
    return trimmed
  }, !required)
}

/** Optional text that stays undefined when left out (e.g. a secret that must not be trimmed or defaulted). */
export function optionalSecret(min: number, max: number): Field<string | undefined, true> {
  return new Field((value) => {
    if (absent(value)) return undefined
    if (typeof value !== 'string') throw new FieldProblem('notText')
    if (value.length > max) throw new FieldProblem('tooLong', max)
    if (value.length < min) throw new FieldProblem('tooShort', min)
    return value
  }, true)
}

/** One of `values`. */
export function oneOf<const V extends readonly string[]>(values: V): Field<V[number], false> {
  return new Field((value) => {
    if (typeof value !== 'string' || !values.includes(value)) throw new FieldProblem(absent(value) ? 'missing' : 'notOneOf')
    return value as V[number]
  }, false)
}

/** true or false, required. */
export const boolean: Field<boolean, false> = new Field((value) => {
  if (typeof value !== 'boolean') throw new FieldProblem(absent(value) ? 'missing' : 'notABoolean')
  return value
}, false)

/** true or false, or left out (undefined). `null` is not "left out": it is refused. */
export const optionalBoolean: Field<boolean | undefined, true> = new Field((value) => {
  if (value === undefined) return undefined
  if (typeof value !== 'boolean') throw new FieldProblem('notABoolean')
  return value
}, true)

/** A field checked by `check` (which throws a `fieldError`), or left out (undefined). */
export function optionalChecked<Out>(check: (value: unknown) => Out): Field<Out | undefined, true> {
  return new Field((value) => (value === undefined ? undefined : check(value)), true)
}

/** For a custom field check: throw this. */
export function fieldError(code: FieldErrorCode, limit?: number): T.ValidationError {
  return new FieldProblem(code, limit)
}

/** The id of a card on the board: required text `shape:…`. */
export function cardId(max: number): Field<string, false> {
  const id = text(max, { required: true })
  return new Field((value) => {
    const checked = id.validate(value)
    if (!checked.startsWith('shape:')) throw new FieldProblem('notACard')
    return checked
  }, false)
}

// biome-ignore lint/suspicious/noExplicitAny: a field of any value type (a validator's type is invariant).
type Fields = Record<string, Field<any>>

/** What the server gets from a body: every field, validated (a field that may be undefined is left out then). */
export type BodyValue<F extends Fields> = Simplify<
  { [K in keyof F as undefined extends T.TypeOf<F[K]> ? never : K]: T.TypeOf<F[K]> } & {
    [K in keyof F as undefined extends T.TypeOf<F[K]> ? K : never]?: Exclude<T.TypeOf<F[K]>, undefined>
  }
>
/** What a client sends: optional fields may be left out. */
export type BodyInput<F extends Fields> = Simplify<
  { [K in keyof F as F[K] extends Field<any, true> ? never : K]: InputOf<F[K]> } & {
    [K in keyof F as F[K] extends Field<any, true> ? K : never]?: Exclude<InputOf<F[K]>, undefined>
  }
>
type InputOf<V> = V extends Body<infer Inner> ? BodyInput<Inner> : V extends T.Validatable<infer Out> ? Out : never
type Simplify<O> = { [K in keyof O]: O[K] } & {}

/**
 * A request body (or an object inside one): every field is checked, every problem named. Fields
 * the body does not know are dropped; fields whose value is undefined are left out.
 */
export class Body<F extends Fields> extends Field<BodyValue<F>, false> {
  constructor(readonly fields: F) {
    super((input) => {
      if (typeof input !== 'object' || input === null || Array.isArray(input)) {
        throw new BodyProblems([{ field: '', code: 'notAnObject' }])
      }
      const source = input as Record<string, unknown>
      const out: Record<string, unknown> = {}
      const errors: FieldError[] = []
      for (const [key, field] of Object.entries(fields)) {
        const value = Object.prototype.hasOwnProperty.call(source, key) ? source[key] : undefined
        try {
          // A nested body that is left out is checked as empty, so its required fields are named.
          const checked = field instanceof Body && absent(value) ? field.validate({}) : field.validate(value)
          if (checked !== undefined) out[key] = checked
        } catch (err) {
          errors.push(...prefixed(key, err))
        }
      }
      if (errors.length > 0) throw new BodyProblems(errors)
      return out as BodyValue<F>
    }, false)
  }
}

function prefixed(key: string, err: unknown): FieldError[] {
  if (err instanceof BodyProblems) {
    return err.fieldErrors.map((e) => ({ ...e, field: e.field === '' ? key : `${key}.${e.field}` }))
  }
  if (err instanceof FieldProblem) return [{ field: key, code: err.code, ...(err.limit !== undefined ? { limit: err.limit } : {}) }]
  // A plain tldraw validator's error: name the field, as "not one of" what it takes.
  return [{ field: key, code: 'notOneOf' }]
}

export function body<F extends Fields>(fields: F): Body<F> {
  return new Body(fields)
}

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; fieldErrors: FieldError[] }

/** Runs a body validator without throwing. */
export function validateBody<V>(validator: T.Validatable<V>, input: unknown): ValidationResult<V> {
  try {
    return { ok: true, value: validator.validate(input) }
  } catch (err) {
    if (err instanceof BodyProblems) return { ok: false, fieldErrors: err.fieldErrors }
    throw err
  }
}

/** A field error as one plain English line, for developers and logs (`errors` of an API answer). */
export function describeFieldError(error: FieldError): string {
  const field = error.field === '' ? 'the body' : error.field
  switch (error.code) {
    case 'notAnObject':
      return `${field} is not a JSON object`
    case 'missing':
      return `${field} is missing`
    case 'notText':
      return `${field} must be text`
    case 'tooLong':
      return `${field} is too long (at most ${error.limit} characters)`
    case 'tooShort':
      return `${field} is too short (at least ${error.limit} characters)`
    case 'notOneOf':
      return `${field} is not one of the allowed values`
    case 'notABoolean':
      return `${field} must be true or false`
    case 'notADate':
      return `${field} must be a date (YYYY-MM-DD)`
    case 'notACard':
      return `${field} is not a card id (shape:…)`
    case 'notSvg':
      return `${field} is not an SVG image`
    case 'notPng':
      return `${field} is not a PNG image in base64`
    case 'notAnEmail':
      return `${field} is not an e-mail address`
  }
}

/** A required e-mail address, trimmed and lowercased (how facilitators by account are matched). */
export function email(max: number): Field<string, false> {
  const required = text(max, { required: true })
  return new Field((value) => {
    const address = required.validate(value).trim().toLowerCase()
    if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) return address
    throw fieldError('notAnEmail')
  }, false)
}
