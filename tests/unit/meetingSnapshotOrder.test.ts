import { describe, expect, it } from 'vitest'
import type { MeetingSnapshot } from '../../shared/domain/snapshot'
import { sameReadingOrder } from '../../client/meeting/useMeetingSnapshot'

const card = (id: string, x: number, y: number) => ({ id, x, y, props: {} })
function snapshot(actions: Array<ReturnType<typeof card>>): MeetingSnapshot {
  return { resident: card('shape:r', 0, 0), domains: [], agencies: [], actions, participants: [], decisions: [], outcomes: [], removals: [], invalidCards: [] } as unknown as MeetingSnapshot
}

describe('a card moved while people drag', () => {
  it('keeps the snapshot when the reading order stayed the same', () => {
    expect(sameReadingOrder(snapshot([card('shape:a', 0, 0), card('shape:b', 0, 100)]), snapshot([card('shape:a', 40, 0), card('shape:b', 0, 90)]))).toBe(true)
  })

  it('renews it when a card moved past another', () => {
    expect(sameReadingOrder(snapshot([card('shape:a', 0, 0), card('shape:b', 0, 100)]), snapshot([card('shape:b', 0, 0), card('shape:a', 0, 100)]))).toBe(false)
  })
})
