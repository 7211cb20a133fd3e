/**
 * Archiving a closed session: both documents as they are at the close, plus the picture of the
 * board as the facilitator's browser rendered it (tldraw export), sent as the optional body of
 * `POST /api/boards/:id/close`. The server cannot render tldraw itself, so it keeps the picture
 * it is given — after checking that it is an SVG or a PNG at all.
 */
import * as Y from 'yjs'
import type { LoadedBoard } from './boards'
import type { BoardStore } from './storage'
import { HttpError, parseJsonBody } from './apiSupport'

/** Room for a PNG of a full board plus its SVG; every other route keeps MAX_BODY_BYTES. */
export const CLOSE_MAX_BODY_BYTES = 8 * 1024 * 1024

/** What the close request may carry; both null when it sent none. */
export interface ClosePicture {
  pictureSvg: string | null
  picturePng: Uint8Array | null
}

const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/
const PNG_DATA_URL_PREFIX = 'data:image/png;base64,'

function badPicture(detail: string): HttpError {
  return new HttpError(400, 'invalid_picture', `De afbeelding van het bord is niet bruikbaar: ${detail}.`)
}

/** An empty body (closing without a picture) is fine; anything else must be the object above. */
export function parseClosePicture(body: Buffer): ClosePicture {
  if (body.length === 0) return { pictureSvg: null, picturePng: null }
  const input = parseJsonBody(body)
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw badPicture('het verzoek is geen object')
  }
  const { pictureSvg, picturePng } = input as Record<string, unknown>
  return { pictureSvg: readSvg(pictureSvg), picturePng: readPng(picturePng) }
}

function readSvg(value: unknown): string | null {
  if (value === undefined || value === null) return null
  if (typeof value !== 'string' || !startsWithSvgElement(value)) throw badPicture('pictureSvg is geen SVG-afbeelding')
  return value
}

/** After an optional BOM, whitespace, XML declaration and doctype comes `<svg`. No regex: linear. */
function startsWithSvgElement(text: string): boolean {
  let rest = text.replace(/^\uFEFF/, '').trimStart()
  for (const [open, close] of [['<?xml', '?>'], ['<!DOCTYPE', '>']]) {
    if (rest.slice(0, open.length).toUpperCase() !== open.toUpperCase()) continue
    const end = rest.indexOf(close)
    if (end < 0) return false
    rest = rest.slice(end + close.length).trimStart()
  }
  return /^<svg[\s>/]/.test(rest)
}

function readPng(value: unknown): Uint8Array | null {
  if (value === undefined || value === null) return null
  if (typeof value !== 'string') throw badPicture('picturePng is geen PNG-afbeelding')
  // A data URL (what a browser's FileReader gives) is accepted too.
  const base64 = (value.startsWith(PNG_DATA_URL_PREFIX) ? value.slice(PNG_DATA_URL_PREFIX.length) : value).replace(/\s+/g, '')
  // Buffer.from skips characters it does not know; check strictly so garbage is not half-read.
  if (base64.length % 4 !== 0 || !BASE64.test(base64)) throw badPicture('picturePng is geen geldige base64-tekst')
  const bytes = new Uint8Array(Buffer.from(base64, 'base64'))
  const signed = bytes.length > PNG_SIGNATURE.length && PNG_SIGNATURE.every((byte, i) => bytes[i] === byte)
  if (!signed) throw badPicture('picturePng is geen PNG-afbeelding')
  return bytes
}

/** For the log: which pictures came (`svg`, `png`, `svg,png`) or `none` — never their content. */
export function pictureKinds(picture: ClosePicture): string {
  const kinds = [picture.pictureSvg !== null ? 'svg' : null, picture.picturePng !== null ? 'png' : null]
  return kinds.filter((kind) => kind !== null).join(',') || 'none'
}

/**
 * Archives the board's current session, which must just have closed. Called inside the
 * transaction that stored the close, so the archive and the close are committed together.
 */
export function archiveClosedSession(store: BoardStore, board: LoadedBoard, picture: ClosePicture): void {
  const info = board.meetingInfo()
  if (info.state !== 'closed' || info.closedAt === null) throw new Error('only a closed session is archived')
  store.archiveSession(board.id, {
    number: info.sessionNumber,
    startedAt: info.startedAt,
    closedAt: info.closedAt,
    boardSnapshot: Y.encodeStateAsUpdateV2(board.board.doc),
    meetingSnapshot: Y.encodeStateAsUpdateV2(board.meeting.doc),
    pictureSvg: picture.pictureSvg,
    picturePng: picture.picturePng,
  })
}
