/** Registers our four card shapes with tldraw's type system. */
import type { TLShape } from 'tldraw'
import type {
  ActionCardProps,
  AgencyCardProps,
  LifeDomainCardProps,
  ResidentCardProps,
} from '../../shared/domain/cards'

declare module '@tldraw/tlschema' {
  interface TLGlobalShapePropsMap {
    resident: ResidentCardProps
    'life-domain': LifeDomainCardProps
    agency: AgencyCardProps
    action: ActionCardProps
  }
}

export type ResidentShape = TLShape<'resident'>
export type LifeDomainShape = TLShape<'life-domain'>
export type AgencyShape = TLShape<'agency'>
export type ActionShape = TLShape<'action'>
export type CardShape = ResidentShape | LifeDomainShape | AgencyShape | ActionShape

export const CARD_SHAPE_TYPES = ['resident', 'life-domain', 'agency', 'action'] as const

export function isCardShape(shape: TLShape | null | undefined): shape is CardShape {
  return !!shape && (CARD_SHAPE_TYPES as readonly string[]).includes(shape.type)
}
