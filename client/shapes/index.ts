import { ActionShapeUtil } from './ActionShapeUtil'
import { AgencyShapeUtil } from './AgencyShapeUtil'
import { LifeDomainShapeUtil } from './LifeDomainShapeUtil'
import { ResidentShapeUtil } from './ResidentShapeUtil'

/** Our four card shapes, added to tldraw's defaults. */
export const cardShapeUtils = [ResidentShapeUtil, LifeDomainShapeUtil, AgencyShapeUtil, ActionShapeUtil]
