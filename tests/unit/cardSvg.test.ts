import { describe, expect, it } from 'vitest'
import { wrap } from '../../client/shapes/cardSvg'

describe('word wrap for exported cards', () => {
  it('wraps at word boundaries within the width', () => {
    const lines = wrap('Advocaat voor de nationaliteit van de kinderen', 200, 20, 5)
    expect(lines.length).toBeGreaterThan(1)
    expect(lines.join(' ')).toBe('Advocaat voor de nationaliteit van de kinderen')
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(Math.floor(200 / 11))
  })
  it('ends with an ellipsis when the text does not fit in the lines allowed', () => {
    const lines = wrap('een twee drie vier vijf zes zeven acht negen tien elf twaalf', 100, 20, 2)
    expect(lines).toHaveLength(2)
    expect(lines[1].endsWith('…')).toBe(true)
  })
  it('keeps a short text as it is', () => {
    expect(wrap('Financiën', 280, 23, 2)).toEqual(['Financiën'])
  })
})
