import { describe, expect, it } from 'vitest'
import { loadOnce } from '../../client/ui/loadOnce'

describe('loadOnce (the parts downloaded when first used)', () => {
  it('downloads once, however often it is asked, and remembers the result', async () => {
    let calls = 0
    const part = loadOnce(async () => ++calls)
    expect(part.current()).toBeNull()
    const [a, b] = await Promise.all([part.start(), part.start()])
    expect([a, b, calls, part.current()]).toEqual([1, 1, 1, 1])
    expect(await part.start()).toBe(1)
    expect(calls).toBe(1)
  })

  it('tries again after a failed download', async () => {
    let calls = 0
    const part = loadOnce(async () => {
      calls++
      if (calls === 1) throw new Error('network down')
      return 'part'
    })
    await expect(part.start()).rejects.toThrow('network down')
    expect(part.current()).toBeNull()
    expect(await part.start()).toBe('part')
    expect([calls, part.current()]).toEqual([2, 'part'])
  })
})
