/**
 * Word wrap with measured widths, and cutting a text to a number of lines so that it visibly ends
 * in "… meer" instead of being clipped. A card draws exactly these lines (one element per line,
 * never wrapped again by the browser), so what the plan says fits is what the table sees.
 */
import type { Measure, Weight } from './textMeasure'

/** A piece of text in one weight: a label ("Kan niet:") is bold, what follows is not. */
export interface Run {
  text: string
  weight: Weight
}

export type Line = Run[]

export interface Fitted {
  lines: Line[]
  /** Some of the text is not on these lines; the last line ends in "…". */
  cut: boolean
  /** The last line carries the "meer" marker. */
  marker: boolean
}

/** The hyphen drawn where a word too long for a line is broken (U+2010, so tests can join it back). */
export const BREAK_HYPHEN = '\u2010'
export const ELLIPSIS = '…'
const TRAILING = new RegExp(`[${BREAK_HYPHEN},;:.\\-]+$`)

export interface FitOptions {
  width: number
  size: number
  maxLines: number
  measure: Measure
  /** Width of the "meer" marker (with its gap) at this size. */
  markerWidth: number
  /** Put the marker on the last line even when all of the text fits (something after it was left out). */
  forceMarker?: boolean
}

function words(runs: Run[]): Run[] {
  return runs.flatMap((run) => run.text.split(/\s+/).filter(Boolean).map((text) => ({ text, weight: run.weight })))
}

function lineWidth(line: Line, size: number, measure: Measure): number {
  if (line.length === 0) return 0
  const space = measure(' ', size, 400)
  return line.reduce((sum, word) => sum + measure(word.text, size, word.weight), 0) + space * (line.length - 1)
}

/** The longest start of `text` that fits `width` together with `suffix`; at least one character. */
function longestPrefix(text: string, suffix: string, width: number, size: number, weight: Weight, measure: Measure): string {
  const chars = Array.from(text)
  let n = chars.length
  while (n > 1 && measure(chars.slice(0, n).join('') + suffix, size, weight) > width) n--
  return chars.slice(0, n).join('')
}

const VOWEL = /[aeiouyàáâäèéêëìíîïòóôöùúûü]/i
const LETTER = /\p{L}/u

function isConsonant(word: string, i: number): boolean {
  const c = word[i]
  if (!LETTER.test(c) || VOWEL.test(c)) return false
  // Dutch "ij" is a vowel.
  return !(c.toLowerCase() === 'j' && i > 0 && word[i - 1].toLowerCase() === 'i')
}

function isVowel(word: string, i: number): boolean {
  return i >= 0 && i < word.length && LETTER.test(word[i]) && !isConsonant(word, i)
}

/** "ch" sounds as one consonant: never split, and a syllable may start with it. */
function isCh(word: string, i: number): boolean {
  return (word[i] + (word[i + 1] ?? '')).toLowerCase() === 'ch'
}

/** Never fewer letters than this on either side of a break: "Maats‐chapp…" reads as a typo. */
const MIN_PART = 3

/**
 * Parts Dutch compounds in this domain are made of. A break before one ("Kinderrechts|winkel",
 * "Vervolg|gesprek", "Maat|schappelijke") reads as two words, which is how the table reads it.
 */
const PARTS = [
  'winkel', 'gesprek', 'schappelijk', 'schap', 'zorg', 'team', 'praktijk', 'dienst', 'werk', 'hulp',
  'recht', 'coach', 'regeling', 'gezondheid', 'gebruik', 'belasting', 'verzoek', 'toeslag', 'huis',
  'beheer', 'budget', 'besteding', 'vesting', 'participatie', 'opleiding', 'nationaliteit', 'relatie',
  'netwerk', 'middelen', 'bijstand', 'schuld', 'inkomen', 'woning', 'ondersteun', 'steun', 'vrijwillig',
  'verwijzing', 'aanvraag', 'cursus', 'taal', 'stichting', 'gemeente', 'buurt', 'kinder', 'onderzoek',
  'therapeut', 'gezin', 'afspraak', 'afspraken', 'brieven', 'vervolg', 'activering',
]

/** Consonant clusters a Dutch syllable may start with, longest first ("ge|sprek", "Maat|schap"). */
const ONSETS = ['schr', 'sch', 'spr', 'str', 'spl', 'ch', 'pr', 'br', 'tr', 'dr', 'kr', 'gr', 'fr', 'vr', 'pl', 'bl', 'kl', 'gl', 'fl', 'sl', 'sp', 'st', 'sk', 'sm', 'sn', 'sw', 'zw', 'kn', 'tw', 'dw']

function startsPart(word: string, i: number): boolean {
  const rest = word.slice(i).toLowerCase()
  return PARTS.some((part) => rest.startsWith(part))
}

/**
 * Where a syllable starts, within the consonants between two vowels: before the last consonant
 * ("Huis|art|sen"), or before "ch"/"sch" the cluster ends in ("Maat|schap"); between two vowels
 * nowhere. Clusters like "pr" stay together only where the cluster has a consonant before them
 * ("Belas|ting", but "prak|tijk" and "April" are left to the parts list).
 */
function syllableStart(word: string, i: number): boolean {
  if (!isConsonant(word, i) || isCh(word, i - 1)) return false
  // The cluster around i: consonants from `from` to `to` (exclusive), vowels either side.
  let from = i
  while (from > 0 && isConsonant(word, from - 1)) from--
  let to = i
  while (to < word.length && isConsonant(word, to)) to++
  if (!isVowel(word, from - 1) || !isVowel(word, to)) return false
  const cluster = word.slice(from, to).toLowerCase()
  for (const onset of ['schr', 'sch', 'ch']) {
    if (cluster.length >= onset.length && cluster.endsWith(onset)) return i === to - onset.length
  }
  return i === to - 1
}

/**
 * How good a place to break a word is, before character `i`: after a hyphen it has (4); before a
 * part of a compound (3); where a syllable starts (2); between two other consonants (1); else
 * not at all (0). A rough rule of Dutch hyphenation, without a dictionary: good enough for a card
 * seen from across the room.
 */
function breakQuality(word: string, i: number): number {
  if (i < MIN_PART || word.length - i < MIN_PART) return 0
  if (word[i - 1] === '-') return 4
  if (isCh(word, i - 1) || !LETTER.test(word[i - 1]) || !LETTER.test(word[i])) return 0
  // Inside "sch" only when the part list says so (never "Maats|chappelijk").
  const inSch = word[i - 1].toLowerCase() === 's' && isCh(word, i)
  // "VluchtelingenWerk": a capital inside a word starts a part.
  if (startsPart(word, i) || (/\p{Lu}/u.test(word[i]) && /\p{Ll}/u.test(word[i - 1]))) return 3
  if (inSch) return 0
  if (syllableStart(word, i)) return 2
  if (ONSETS.some((onset) => word.slice(i - 1).toLowerCase().startsWith(onset))) return 0
  if (isConsonant(word, i - 1) && isConsonant(word, i)) return 1
  return 0
}

/**
 * Where to break a word too long for a line, at most `maxLength` characters in, not close to
 * either end: the latest of the best places, where a compound's part may start earlier on the
 * line than a mere syllable. Null when there is none.
 */
export function syllableBreak(word: string, maxLength: number): number | null {
  let best: number | null = null
  let bestScore = 0
  for (let i = Math.min(maxLength, word.length - MIN_PART); i >= MIN_PART; i--) {
    const quality = breakQuality(word, i)
    if (quality === 0) continue
    // A line filled less than 40 % (a part) or 60 % (a syllable) wastes more than it helps.
    const earliest = quality >= 3 ? maxLength * 0.4 : maxLength * 0.6
    if (i < earliest) continue
    const score = quality * 1000 + i
    if (score > bestScore) {
      best = i
      bestScore = score
    }
  }
  return best
}

/** How well `wrapRuns` broke a word: the quality of the place (0 where it broke wherever full). */
export function breakQualityAt(word: string, i: number): number {
  return breakQuality(word, i)
}

/**
 * Where a word must break to fill the line: as late as possible, never inside "ch", and leaving
 * at least three letters on either side where the word is long enough for that.
 */
function tightBreak(word: string, maxLength: number): number {
  const length = Array.from(word).length
  let at = Math.min(maxLength, length - 1)
  if (length >= 2 * MIN_PART) at = Math.min(at, length - MIN_PART)
  if (at > 1 && at < length && (word[at - 1] + word[at]).toLowerCase() === 'ch') at--
  return Math.max(1, at)
}

/**
 * Greedy wrap; a word wider than a line is broken with a hyphen, at a syllable-like place when
 * `syllables` is set, else wherever the line is full.
 */
export function wrapRuns(runs: Run[], width: number, size: number, measure: Measure, syllables = true): Line[] {
  // A card squeezed to nothing still gets lines, one character each: never an endless loop.
  width = Math.max(1, Number.isFinite(width) ? width : 1)
  const space = measure(' ', size, 400)
  const lines: Line[] = []
  let line: Line = []
  let used = 0
  for (const word of words(runs)) {
    let rest = word.text
    let w = measure(rest, size, word.weight)
    if (line.length > 0 && used + space + w <= width) {
      line.push({ text: rest, weight: word.weight })
      used += space + w
      continue
    }
    if (line.length > 0) lines.push(line)
    line = []
    used = 0
    // Never endless: every pass takes at least one character off `rest`.
    while (rest && w > width) {
      const full = longestPrefix(rest, BREAK_HYPHEN, width, size, word.weight, measure)
      const fullLength = Array.from(full).length
      const at = (syllables ? syllableBreak(rest, fullLength) : null) ?? tightBreak(rest, fullLength)
      const head = Array.from(rest).slice(0, Math.max(1, at)).join('')
      lines.push([{ text: head.endsWith('-') ? head : head + BREAK_HYPHEN, weight: word.weight }])
      rest = rest.slice(head.length)
      w = measure(rest, size, word.weight)
    }
    if (rest) {
      line = [{ text: rest, weight: word.weight }]
      used = w
    }
  }
  if (line.length > 0) lines.push(line)
  return lines
}

/**
 * The most words of a cut line that fit before the marker: with "…" where that keeps as many
 * words ("Financiën: schulden…"), else whole words and the marker alone ("1 – Acute meer" beats
 * "1 –… meer"); a single word too long is cut within, with "…". A broken word's hyphen and
 * trailing punctuation give way to the ellipsis ("advies;…" reads as a typo).
 */
function endWithEllipsis(line: Line, width: number, size: number, markerWidth: number, measure: Measure): Line {
  const withEllipsis = (words: Line): Line => {
    const last = words[words.length - 1]
    return [...words.slice(0, -1), { ...last, text: last.text.replace(TRAILING, '') + ELLIPSIS }]
  }
  const fits = (words: Line) => lineWidth(words, size, measure) + markerWidth <= width
  // Only complete words: a word broken with our hyphen continues on the next line.
  const whole = line[line.length - 1].text.endsWith(BREAK_HYPHEN) ? line.slice(0, -1) : line
  for (let n = line.length; n >= 1; n--) {
    if (fits(withEllipsis(line.slice(0, n)))) {
      const withoutEllipsis = Math.min(whole.length, maxWords(whole, fits))
      return withoutEllipsis > n ? whole.slice(0, withoutEllipsis) : withEllipsis(line.slice(0, n))
    }
  }
  const plain = maxWords(whole, fits)
  if (plain > 0) return whole.slice(0, plain)
  const word = line[0]
  const bare = word.text.replace(new RegExp(`${BREAK_HYPHEN}$`), '')
  return [{ ...word, text: longestPrefix(bare, ELLIPSIS, Math.max(0, width - markerWidth), size, word.weight, measure) + ELLIPSIS }]
}

function maxWords(words: Line, fits: (words: Line) => boolean): number {
  let n = words.length
  while (n > 0 && !fits(words.slice(0, n))) n--
  return n
}

/**
 * The text on at most `maxLines` lines. When it does not fit, the last line ends in "…" and the
 * marker: the text is never cut without saying so.
 */
export function fitRuns(runs: Run[], options: FitOptions): Fitted {
  const { width, size, maxLines, measure, markerWidth, forceMarker = false } = options
  // Breaking words at syllables reads better, unless it costs a line the text does not have.
  let all = wrapRuns(runs, width, size, measure)
  if (all.length > maxLines) {
    const tight = wrapRuns(runs, width, size, measure, false)
    if (tight.length < all.length) all = tight
  }
  if (maxLines < 1) return { lines: [], cut: all.length > 0, marker: false }
  if (all.length <= maxLines) {
    if (!forceMarker) return { lines: all, cut: false, marker: false }
    const last = all[all.length - 1] ?? []
    if (lineWidth(last, size, measure) + markerWidth <= width) return { lines: all, cut: false, marker: true }
    if (all.length < maxLines) return { lines: [...all, []], cut: false, marker: true }
  }
  const lines = all.slice(0, maxLines)
  lines[maxLines - 1] = endWithEllipsis(lines[maxLines - 1], width, size, markerWidth, measure)
  return { lines, cut: true, marker: true }
}

/** Plain text of lines, for tests and for the title attribute. */
export function linesText(lines: Line[]): string {
  return lines.map((line) => line.map((run) => run.text).join(' ')).join('\n')
}
