import { createShapeValidator } from '@tldraw/tlschema'
import { describe, expect, it } from 'vitest'
import { actionCardProps, CARD_TYPES } from '../../../shared/domain/cards'
import { actionRecord } from '../../../shared/ydoc/decidedCards'
import { addAction, newBoardDoc } from '../../helpers/domainFixtures'
import { readAllRecords } from '../../../shared/ydoc/layout'

/** tldraw's own validator of the same record: what every screen runs. */
const tldrawsOwn = createShapeValidator(CARD_TYPES.action, actionCardProps)

function accepts(validator: { validate(value: unknown): unknown }, value: unknown): boolean {
  try {
    validator.validate(value)
    return true
  } catch {
    return false
  }
}

describe("the server's action record validator", () => {
  const doc = newBoardDoc()
  addAction(doc, 'shape:act-1', { what: 'Budgetcoach inzetten', domainIds: [] })
  const card = readAllRecords(doc).get('shape:act-1') as Record<string, unknown>

  // Each variant breaks one field the way a faulty or hostile client could.
  const variants: Array<[string, Record<string, unknown>]> = [
    ['the card as the client draws it', card],
    ['an id without the shape prefix', { ...card, id: 'page:act-1' }],
    ['another type', { ...card, type: 'geo' }],
    ['another typeName', { ...card, typeName: 'binding' }],
    ['x not a number', { ...card, x: '12' }],
    ['x not finite', { ...card, x: Number.POSITIVE_INFINITY }],
    ['rotation missing', { ...card, rotation: undefined }],
    ['a broken index', { ...card, index: '' }],
    ['a parent that is neither page nor shape', { ...card, parentId: 'binding:x' }],
    ['a parent shape', { ...card, parentId: 'shape:frame' }],
    ['isLocked not a boolean', { ...card, isLocked: 'no' }],
    ['opacity above 1', { ...card, opacity: 2 }],
    ['opacity below 0', { ...card, opacity: -0.1 }],
    ['props with an unknown key', { ...card, props: { ...(card.props as object), extra: 1 } }],
    ['props missing a key', { ...card, props: {} }],
    ['meta that is not JSON', { ...card, meta: { f: () => 1 } }],
    ['an extra field', { ...card, extra: true }],
  ]

  it.each(variants)('agrees with tldraw 5.1.1 on %s', (_name, record) => {
    expect(accepts(actionRecord, record)).toBe(accepts(tldrawsOwn, record))
  })

  it('accepts the real card and refuses a broken one (the comparison is not vacuous)', () => {
    expect(accepts(actionRecord, card)).toBe(true)
    expect(accepts(actionRecord, { ...card, opacity: 2 })).toBe(false)
  })
})
