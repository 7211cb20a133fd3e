/**
 * The facilitator's acts on the meeting itself: its settings, the lock, the close, the follow-up
 * and putting back an action she took off the board.
 */
import type { CloseProblem } from '../domain/closeRule'
import { closeProblems } from '../domain/closeRule'
import { removedThisSession } from '../domain/followUp'
import type { MeetingInfo, MeetingSettingsRequest, RemovalEntry } from '../domain/meeting'
import { followUpMeetingInfo } from '../domain/meeting'
import type { MeetingSnapshot } from '../domain/snapshot'
import { MAX_ACTION_ID_LENGTH } from '../domain/limits'
import { body, cardId, fieldError, optionalChecked, type Field } from '../domain/validation'
import { command, facilitatorOnly, onlyClosed, whileNotClosed } from './command'

export const meetingSettings = {
  ...command('meetingSettings', { changes: true, who: facilitatorOnly, when: whileNotClosed }),
  /** Setting the follow-up date is the facilitator confirming it; clearing it takes that back. */
  change(request: MeetingSettingsRequest): Partial<MeetingInfo> {
    const changes: Partial<MeetingInfo> = {}
    if (request.followUpDate !== undefined) {
      changes.followUpDate = request.followUpDate
      changes.followUpConfirmed = request.followUpDate !== ''
    }
    if (request.residentMayDecide !== undefined) changes.residentMayDecide = request.residentMayDecide
    return changes
  },
}

/** Locking a locked board is fine: the change is then nothing (null). */
export const lock = {
  ...command('lock', { changes: true, who: facilitatorOnly, when: whileNotClosed }),
  change(info: Pick<MeetingInfo, 'state'>): Partial<MeetingInfo> | null {
    return info.state === 'locked' ? null : { state: 'locked' }
  },
}

export const unlock = {
  ...command('unlock', { changes: true, who: facilitatorOnly, when: whileNotClosed }),
  change(info: Pick<MeetingInfo, 'state'>): Partial<MeetingInfo> | null {
    return info.state === 'open' ? null : { state: 'open' }
  },
}

// ---- The close and its picture.

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/
const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
export const PNG_DATA_URL_PREFIX = 'data:image/png;base64,'

/** The base64 text of a `picturePng` (a data URL prefix and white space removed). */
export function pngBase64Of(value: string): string {
  return (value.startsWith(PNG_DATA_URL_PREFIX) ? value.slice(PNG_DATA_URL_PREFIX.length) : value).replace(/\s+/g, '')
}

/** Strict base64 whose bytes start with the PNG signature (and go on after it). */
function isPngBase64(base64: string): boolean {
  if (base64.length % 4 !== 0 || !BASE64.test(base64)) return false
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0
  if ((base64.length / 4) * 3 - padding <= PNG_SIGNATURE.length) return false
  // The first 12 characters are the first 9 bytes.
  const bytes: number[] = []
  for (let i = 0; i < 12; i += 4) {
    const n = [0, 1, 2, 3].reduce((acc, k) => (acc << 6) | Math.max(0, BASE64_ALPHABET.indexOf(base64[i + k])), 0)
    bytes.push((n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff)
  }
  return PNG_SIGNATURE.every((byte, i) => bytes[i] === byte)
}

/** After an optional BOM, white space, XML declaration and doctype comes `<svg`. No regex over the whole: linear. */
function startsWithSvgElement(value: string): boolean {
  let rest = value.replace(/^\uFEFF/, '').trimStart()
  for (const [open, close] of [['<?xml', '?>'], ['<!DOCTYPE', '>']]) {
    if (rest.slice(0, open.length).toUpperCase() !== open.toUpperCase()) continue
    const end = rest.indexOf(close)
    if (end < 0) return false
    rest = rest.slice(end + close.length).trimStart()
  }
  return /^<svg[\s>/]/.test(rest)
}

const picturePng: Field<string | undefined, true> = optionalChecked((value) => {
  if (value === null) return undefined
  if (typeof value !== 'string' || !isPngBase64(pngBase64Of(value))) throw fieldError('notPng')
  return value
})
/** Sent by earlier clients; checked, never kept. */
const pictureSvg: Field<string | undefined, true> = optionalChecked((value) => {
  if (value === null) return undefined
  if (typeof value !== 'string' || !startsWithSvgElement(value)) throw fieldError('notSvg')
  return value
})

/**
 * `POST …/close`: nothing, or the board as the facilitator's browser rendered it (tldraw export):
 * `picturePng`, base64 (a `data:image/png;base64,` prefix is allowed).
 */
export const closeRequest = body({ picturePng, pictureSvg })

export const close = {
  ...command('close', { changes: true, who: facilitatorOnly, when: whileNotClosed }),
  /** The one close rule (shared/domain/closeRule.ts), on the server's own copies of both documents. */
  check(snapshot: MeetingSnapshot): { refusal: 'closeRefused'; problems: CloseProblem[] } | null {
    const problems = closeProblems(snapshot)
    return problems.length > 0 ? { refusal: 'closeRefused', problems } : null
  },
  change(closedAt: string): Partial<MeetingInfo> {
    return { state: 'closed', closedAt }
  },
}

/**
 * The next session of the same case starts from the board as it was closed: every card stays,
 * every action on it is carried over and needs an outcome (or a new decision) before this
 * session can close.
 */
export const followUp = {
  ...command('followUp', { changes: true, who: facilitatorOnly, when: onlyClosed }),
  change(snapshot: MeetingSnapshot, startedAt: string): MeetingInfo {
    return followUpMeetingInfo(
      snapshot.info,
      snapshot.actions.map((action) => action.id),
      startedAt,
    )
  },
}

/** `POST …/restore-action`. */
export const restoreActionRequest = body({ actionId: cardId(MAX_ACTION_ID_LENGTH) })

/** Puts a decided action she took off the board in this session back, exactly as it last was. */
export const restoreAction = {
  ...command('restoreAction', { changes: true, who: facilitatorOnly, when: whileNotClosed }),
  check(snapshot: MeetingSnapshot, actionId: string): 'notRemoved' | null {
    return removalOf(snapshot, actionId) === null ? 'notRemoved' : null
  },
  /** The card and its relation arrows to write back. Only after `check`. */
  change(snapshot: MeetingSnapshot, actionId: string): Pick<RemovalEntry, 'card' | 'related'> {
    const { card, related } = removalOf(snapshot, actionId)!
    return { card, related }
  },
}

function removalOf(snapshot: MeetingSnapshot, actionId: string): RemovalEntry | null {
  return removedThisSession(snapshot).find((item) => item.actionId === actionId)?.removal ?? null
}
