import { describe, expect, it } from 'vitest'
import { estimateWidth } from '../../../client/shapes/textMeasure'
import { BREAK_HYPHEN, ELLIPSIS, fitRuns, linesText, wrapRuns, type Run } from '../../../client/shapes/wrapText'

const plain = (text: string): Run[] => [{ text, weight: 400 }]
// 10 px per character at size 20 (estimate: 0.5 em), so a width of 100 holds 10 characters.
const options = { size: 20, measure: estimateWidth, markerWidth: 0 }

describe('wrapping a card text with measured widths', () => {
  it('wraps at spaces within the width and keeps every word', () => {
    const lines = wrapRuns(plain('Alleen advies; geen aanvraag of procedure voeren'), 100, 20, estimateWidth)
    for (const line of linesText(lines).split('\n')) expect(line.length).toBeLessThanOrEqual(10)
    expect(linesText(lines).replace(/\n/g, ' ')).toBe('Alleen advies; geen aanvraag of procedure voeren')
  })

  it('breaks a word longer than a line with a hyphen, between consonants where it can', () => {
    const lines = linesText(wrapRuns(plain('Kinderrechtswinkel'), 130, 20, estimateWidth)).split('\n')
    expect(lines).toEqual([`Kinderrechts${BREAK_HYPHEN}`, 'winkel'])
    expect(lines.join('').replace(new RegExp(BREAK_HYPHEN, 'g'), '')).toBe('Kinderrechtswinkel')
    // Where it must, anywhere but inside "ch".
    const tight = linesText(wrapRuns(plain('Kinderrechtswinkel'), 100, 20, estimateWidth, false)).split('\n')
    for (const line of tight) expect(line.endsWith(`c${BREAK_HYPHEN}`)).toBe(false)
  })

  it('ends for any width, even none or less than none (a card resized to a sliver)', () => {
    for (const width of [-500, -1, 0, 0.5, 1, 3]) {
      const lines = wrapRuns(plain('Kinderrechtswinkel advies'), width, 20, estimateWidth)
      expect(lines.length).toBeLessThanOrEqual('Kinderrechtswinkeladvies'.length)
      expect(lines.every((line) => line.every((run) => run.text.length > 0))).toBe(true)
    }
    expect(fitRuns(plain('Kinderrechtswinkel'), { ...options, width: -40, maxLines: 2 }).lines.length).toBeLessThanOrEqual(2)
  })

  it('breaks a long Dutch word where it reads as two words, never leaving fewer than three letters', () => {
    const at = (word: string, width: number) => linesText(wrapRuns([{ text: word, weight: 700 }], width, 20, estimateWidth)).split('\n')
    expect(at('Maatschappelijke', 130)).toEqual([`Maatschappe${BREAK_HYPHEN}`, 'lijke'])
    expect(at('Maatschappelijke', 100)[0]).toBe(`Maat${BREAK_HYPHEN}`)
    expect(at('Huisartsenpraktijk', 130)).toEqual([`Huisartsen${BREAK_HYPHEN}`, 'praktijk'])
    expect(at('Kinderrechtswinkel', 130)).toEqual([`Kinder${BREAK_HYPHEN}`, 'rechtswinkel'])
    expect(at('Vervolggesprek', 130)).toEqual([`Vervolg${BREAK_HYPHEN}`, 'gesprek'])
    expect(at('Belastingdienst', 130)).toEqual([`Belasting${BREAK_HYPHEN}`, 'dienst'])
    for (const word of ['Maatschappelijke', 'Huisartsenpraktijk', 'Kinderrechtswinkel', 'Vervolggesprek', 'Cliëntondersteuning', 'Tijdsbesteding']) {
      for (const width of [60, 80, 100, 130, 180]) {
        const lines = at(word, width)
        expect(lines.join('').replace(new RegExp(BREAK_HYPHEN, 'g'), '')).toBe(word)
        if (lines.length > 1) for (const line of lines) expect(line.replace(BREAK_HYPHEN, '').length, `${word} at ${width}: ${lines}`).toBeGreaterThanOrEqual(3)
      }
    }
  })

  it('breaks after a hyphen the word already has, without adding one', () => {
    const lines = linesText(wrapRuns(plain('Hadžić-Begović'), 90, 20, estimateWidth)).split('\n')
    expect(lines).toEqual(['Hadžić-', 'Begović'])
  })

  it('keeps a label bold and the text plain', () => {
    const lines = wrapRuns([{ text: 'Kan niet:', weight: 700 }, { text: 'procederen', weight: 400 }], 400, 20, estimateWidth)
    expect(lines).toEqual([[{ text: 'Kan', weight: 700 }, { text: 'niet:', weight: 700 }, { text: 'procederen', weight: 400 }]])
  })
})

describe('fitting a text to a number of lines', () => {
  it('keeps a text that fits whole, without a marker', () => {
    expect(fitRuns(plain('Financiën'), { ...options, width: 100, maxLines: 1 })).toMatchObject({ cut: false, marker: false })
  })

  it('ends a text that does not fit in "…" and the marker, never silently', () => {
    const fitted = fitRuns(plain('een twee drie vier vijf zes zeven acht negen tien'), { ...options, width: 100, maxLines: 2, markerWidth: 30 })
    expect(fitted.cut).toBe(true)
    expect(fitted.marker).toBe(true)
    expect(fitted.lines).toHaveLength(2)
    const last = linesText([fitted.lines[1]])
    // Room for the marker is kept on the last line.
    expect(estimateWidth(last, 20, 400) + 30).toBeLessThanOrEqual(100)
    expect(last.endsWith(ELLIPSIS)).toBe(true)
    expect(linesText(fitted.lines)).not.toContain('tien')
  })

  it('prefers whole words before the marker to half a word with "…"', () => {
    // "1 – Acute…" needs 10 characters; "1 – Acute" 9: with the marker only the latter fits.
    const fitted = fitRuns(plain('1 – Acute problematiek'), { ...options, width: 160, maxLines: 1, markerWidth: 70 })
    expect(linesText(fitted.lines)).toBe('1 – Acute')
    expect(fitted).toMatchObject({ cut: true, marker: true })
  })

  it('drops punctuation and a broken word\'s hyphen before the ellipsis', () => {
    const fitted = fitRuns(plain('Alleen advies; geen aanvraag'), { ...options, width: 150, maxLines: 1 })
    expect(linesText(fitted.lines)).toBe(`Alleen advies${ELLIPSIS}`)
  })

  it('puts the marker after a whole text when something after it was left out', () => {
    const fitted = fitRuns(plain('Karin Bos'), { ...options, width: 200, maxLines: 1, markerWidth: 50, forceMarker: true })
    expect(fitted).toMatchObject({ cut: false, marker: true })
    expect(linesText(fitted.lines)).toBe('Karin Bos')
  })
})
