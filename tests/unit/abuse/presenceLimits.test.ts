import { describe, expect, it } from 'vitest'
import { PRESENCE_MAX_CHARS, PRESENCE_MAX_DEPTH, presenceProblem } from '../../../server/presenceLimits'

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth)

describe('presence limits', () => {
  it('passes an ordinary tldraw presence with an identity', () => {
    const state = {
      identity: { userId: 'u1', name: 'Fatima [gemeente]', access: 'facilitator', color: '#e03131' },
      presence: { camera: { x: 1, y: 2, z: 1 }, selectedShapeIds: ['shape:a'], scribbles: [{ points: [{ x: 1, y: 2, z: 0.5 }] }], meta: {} },
    }
    expect(presenceProblem(JSON.stringify(state))).toBeNull()
  })

  it('refuses nesting deeper than the limit, however small the text', () => {
    expect(presenceProblem(nested(PRESENCE_MAX_DEPTH))).toBeNull()
    expect(presenceProblem(nested(PRESENCE_MAX_DEPTH + 1))).toBe('tooDeep')
    // The attack seen: about 200 KB of [[[[…]]]]; refused as too deep before its size is even needed.
    expect(presenceProblem(nested(100_000).slice(0, PRESENCE_MAX_CHARS))).toBe('tooDeep')
  })

  it('does not count brackets inside strings, also after an escaped quote', () => {
    const name = `"${'['.repeat(40)}\\"${'{'.repeat(40)}"`
    expect(presenceProblem(`{"name":${name}}`)).toBeNull()
  })

  it('refuses a state larger than the limit', () => {
    expect(presenceProblem(JSON.stringify({ name: 'x'.repeat(PRESENCE_MAX_CHARS) }))).toBe('tooLarge')
  })
})
