/**
 * The four cards of a case meeting, as tldraw shapes on the board. Their props are the card's
 * data; these validators are the single definition, used by the client's shape utils (tldraw
 * validates every record with them) and by the server when it reads a board (close rule, record).
 */
import { T } from '@tldraw/validate'
import { LIFE_DOMAIN_KEYS, type LifeDomainKey } from './lifeDomains'
import { MAX_LONG_TEXT, MAX_SHORT_TEXT } from './limits'

export const CARD_TYPES = {
  resident: 'resident',
  domain: 'life-domain',
  agency: 'agency',
  action: 'action',
} as const
export type CardType = (typeof CARD_TYPES)[keyof typeof CARD_TYPES]

const shortText = T.string.check((value) => {
  if (value.length > MAX_SHORT_TEXT) throw new Error(`at most ${MAX_SHORT_TEXT} characters`)
})
const longText = T.string.check((value) => {
  if (value.length > MAX_LONG_TEXT) throw new Error(`at most ${MAX_LONG_TEXT} characters`)
})
const shapeIdList = T.arrayOf(T.string.check((value) => {
  if (!value.startsWith('shape:')) throw new Error('not a shape id')
}))
/** A calendar date `YYYY-MM-DD`, or '' when not set. */
export const ISO_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/
export function isIsoDate(value: string): boolean {
  if (!ISO_DATE_PATTERN.test(value)) return false
  const date = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value
}
const optionalDate = T.string.check((value) => {
  if (value !== '' && !isIsoDate(value)) throw new Error('not a date (YYYY-MM-DD)')
})
const size = { w: T.nonZeroNumber, h: T.nonZeroNumber }

export const residentCardProps = {
  ...size,
  name: shortText,
}
export interface ResidentCardProps {
  w: number
  h: number
  name: string
}

export const lifeDomainCardProps = {
  ...size,
  domain: T.literalEnum(...LIFE_DOMAIN_KEYS),
  /** The name of an "Anders" domain; ignored for the standard domains. */
  customName: shortText,
  score: T.nullable(T.literalEnum(1, 2, 3, 4, 5)),
  strengths: longText,
  worries: longText,
  residentWords: longText,
}
export interface LifeDomainCardProps {
  w: number
  h: number
  domain: LifeDomainKey
  customName: string
  score: 1 | 2 | 3 | 4 | 5 | null
  strengths: string
  worries: string
  residentWords: string
}

export const agencyCardProps = {
  ...size,
  /** Who: the contact person. */
  person: shortText,
  organisation: shortText,
  /** Which office or team exactly ("Werk & Inkomen, team Noord"). */
  office: shortText,
  contact: shortText,
  atTable: T.boolean,
  canDo: longText,
  cannotDo: longText,
  /** The life domain cards this agency is involved in. */
  domainIds: shapeIdList,
}
export interface AgencyCardProps {
  w: number
  h: number
  person: string
  organisation: string
  office: string
  contact: string
  atTable: boolean
  canDo: string
  cannotDo: string
  domainIds: string[]
}

export const OWNER_KINDS = ['none', 'participant', 'agency'] as const
export type OwnerKind = (typeof OWNER_KINDS)[number]

export const actionCardProps = {
  ...size,
  what: longText,
  domainIds: shapeIdList,
  /** Who does it: a participant (by user id) or an agency card (by shape id) with a person. */
  ownerKind: T.literalEnum(...OWNER_KINDS),
  ownerId: shortText,
  /** The person at the agency, when the owner is an agency. */
  ownerPerson: shortText,
  dueDate: optionalDate,
  note: longText,
}
export interface ActionCardProps {
  w: number
  h: number
  what: string
  domainIds: string[]
  ownerKind: OwnerKind
  ownerId: string
  ownerPerson: string
  dueDate: string
  note: string
}

/** Default props of new cards. */
export const CARD_DEFAULTS = {
  resident: (): ResidentCardProps => ({ w: 260, h: 180, name: '' }),
  domain: (domain: LifeDomainKey): LifeDomainCardProps => ({
    w: 280, h: 170, domain, customName: '', score: null, strengths: '', worries: '', residentWords: '',
  }),
  agency: (): AgencyCardProps => ({
    w: 280, h: 170, person: '', organisation: '', office: '', contact: '', atTable: true, canDo: '', cannotDo: '', domainIds: [],
  }),
  action: (): ActionCardProps => ({
    w: 320, h: 230, what: '', domainIds: [], ownerKind: 'none', ownerId: '', ownerPerson: '', dueDate: '', note: '',
  }),
}

const validators = {
  [CARD_TYPES.resident]: T.object(residentCardProps),
  [CARD_TYPES.domain]: T.object(lifeDomainCardProps),
  [CARD_TYPES.agency]: T.object(agencyCardProps),
  [CARD_TYPES.action]: T.object(actionCardProps),
}

/** Validates a card's props; throws a ValidationError naming the bad field. */
export function validateCardProps(type: typeof CARD_TYPES.resident, props: unknown): ResidentCardProps
export function validateCardProps(type: typeof CARD_TYPES.domain, props: unknown): LifeDomainCardProps
export function validateCardProps(type: typeof CARD_TYPES.agency, props: unknown): AgencyCardProps
export function validateCardProps(type: typeof CARD_TYPES.action, props: unknown): ActionCardProps
export function validateCardProps(type: CardType, props: unknown): unknown {
  return validators[type].validate(props)
}
