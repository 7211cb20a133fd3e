/**
 * The session record downloads: `GET /api/boards/:id/sessions/:n/<file>` with `<file>` one of
 * record.pdf, record.md, record.json, record.ics, summary.pdf, and `:n` an archived session's
 * number or `current` (the live session: a concept until it is closed). Facilitator only.
 *
 * The record is built on the server from its own copies of the documents — the live ones
 * (withLoadedBoard) or the snapshots archived at the close — with the shared builder
 * (shared/record/), so the same session gives the same record to everyone, at any time.
 * `?lang=en` chooses the language (default nl); it is the only part of a query string the
 * server reads, and it is not logged.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import * as Y from 'yjs'
import { readMeetingSnapshot, type MeetingSnapshot } from '../shared/domain/snapshot'
import { renderIcs } from '../shared/record/ics'
import { renderMarkdown } from '../shared/record/markdown'
import { residentSummaryFromRecord } from '../shared/record/residentSummary'
import { buildSessionRecord } from '../shared/record/sessionRecord'
import { DEFAULT_LANGUAGE, isRecordLanguage, RECORD_LANGUAGES, translationFor } from '../shared/record/translations/index'
import type { ApiRequest, HttpContext } from './apiSupport'
import { authorise, forbidden, HttpError, withLoadedBoard } from './apiSupport'
import type { BoardSketch } from './export/boardSketch'
import type { ArchivedSession, BoardRecord } from './storage'
import { boardRef, log } from './log'

export const EXPORT_FILES = ['record.pdf', 'record.md', 'record.json', 'record.ics', 'summary.pdf'] as const
export type ExportFile = (typeof EXPORT_FILES)[number]

/** The route's path pattern (after `/api/boards/:id`): session and file are captured. */
export const EXPORT_PATH = `/sessions/([^/]+)/(${EXPORT_FILES.map((f) => f.replace('.', '\\.')).join('|')})`

interface SessionSource {
  number: number
  snapshot: MeetingSnapshot
  previous: MeetingSnapshot | null
  draft: boolean
  picturePng: Uint8Array | null
}

function unknownSession(): HttpError {
  return new HttpError(404, 'unknown_session', 'Dit gesprek bestaat niet (meer) bij dit bord.')
}

/** Both archived documents, read into fresh docs and freed again. */
export function archivedSnapshot(session: ArchivedSession): MeetingSnapshot {
  const boardDoc = new Y.Doc()
  const meetingDoc = new Y.Doc()
  try {
    Y.applyUpdateV2(boardDoc, session.boardSnapshot)
    Y.applyUpdateV2(meetingDoc, session.meetingSnapshot)
    return readMeetingSnapshot(boardDoc, meetingDoc)
  } finally {
    boardDoc.destroy()
    meetingDoc.destroy()
  }
}

function previousSnapshot(ctx: HttpContext, boardId: string, number: number): MeetingSnapshot | null {
  if (number <= 1) return null
  const previous = ctx.store.readSession(boardId, number - 1)
  return previous ? archivedSnapshot(previous) : null
}

/** The live session, from the server's own copies of both documents. */
function liveSession(ctx: HttpContext, record: BoardRecord): SessionSource {
  const snapshot = withLoadedBoard(ctx, record, (board) => readMeetingSnapshot(board.board.doc, board.meeting.doc))
  const { sessionNumber, state } = snapshot.info
  const closed = state === 'closed'
  const archived = closed ? ctx.store.readSession(record.id, sessionNumber) : undefined
  return {
    number: sessionNumber,
    snapshot,
    previous: previousSnapshot(ctx, record.id, sessionNumber),
    draft: !closed,
    picturePng: archived?.picturePng ?? null,
  }
}

function resolveSession(ctx: HttpContext, record: BoardRecord, rawSession: string): SessionSource {
  if (rawSession === 'current') return liveSession(ctx, record)
  if (!/^[1-9]\d{0,5}$/.test(rawSession)) throw unknownSession()
  const number = Number(rawSession)
  const archived = ctx.store.readSession(record.id, number)
  if (archived) {
    return {
      number,
      snapshot: archivedSnapshot(archived),
      previous: previousSnapshot(ctx, record.id, number),
      draft: false,
      picturePng: archived.picturePng,
    }
  }
  // The live session by its number: a concept while open, final once closed.
  const live = ctx.boards.meetingInfo(record)
  if (live.sessionNumber === number) return liveSession(ctx, record)
  throw unknownSession()
}

function requestedLanguage(req: IncomingMessage): string {
  const query = (req.url ?? '').split('#')[0].split('?')[1] ?? ''
  const lang = new URLSearchParams(query).get('lang')
  if (lang === null || lang === '') return DEFAULT_LANGUAGE
  if (!isRecordLanguage(lang)) {
    throw new HttpError(400, 'unknown_language', `Deze taal is er niet. Kies uit: ${RECORD_LANGUAGES.join(', ')}.`)
  }
  return lang
}

function fileName(file: ExportFile, number: number, lang: string): string {
  const suffix = lang === DEFAULT_LANGUAGE ? '' : `-${lang}`
  switch (file) {
    case 'record.pdf':
      return `verslag-gesprek-${number}${suffix}.pdf`
    case 'record.md':
      return `verslag-gesprek-${number}${suffix}.md`
    case 'record.json':
      return `verslag-gesprek-${number}${suffix}.json`
    case 'record.ics':
      return `afspraken-gesprek-${number}${suffix}.ics`
    case 'summary.pdf':
      return `samenvatting-gesprek-${number}${suffix}.pdf`
  }
}

const CONTENT_TYPES: Record<ExportFile, string> = {
  'record.pdf': 'application/pdf',
  'record.md': 'text/markdown; charset=utf-8',
  'record.json': 'application/json; charset=utf-8',
  'record.ics': 'text/calendar; charset=utf-8',
  'summary.pdf': 'application/pdf',
}

function sendDownload(res: ServerResponse, file: ExportFile, name: string, body: Buffer | string): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body
  res.writeHead(200, {
    'Content-Type': CONTENT_TYPES[file],
    'Content-Length': bytes.length,
    // Numbers only: no names of people in a file name (it ends up in download lists and mails).
    'Content-Disposition': `attachment; filename="${name}"`,
    'Cache-Control': 'no-store',
  })
  res.end(bytes)
}

/** GET /api/boards/:id/sessions/:n/(record.pdf|record.md|record.json|record.ics|summary.pdf) */
export async function exportSessionRecord({ ctx, req, res, params }: ApiRequest): Promise<void> {
  const { record: board, access } = authorise(ctx, req, params[0])
  if (access !== 'facilitator') {
    throw forbidden(board, access, 'export', 'Alleen de gespreksleider mag het verslag downloaden.')
  }
  const file = params[2] as ExportFile
  const lang = requestedLanguage(req)
  const session = resolveSession(ctx, board, params[1])
  const record = buildSessionRecord(session.snapshot, {
    boardId: board.id,
    draft: session.draft,
    previous: session.previous,
    lang,
    pictureStored: session.picturePng !== null,
  })

  let body: Buffer | string
  switch (file) {
    case 'record.json':
      body = JSON.stringify(record, null, 2) + '\n'
      break
    case 'record.md':
      body = renderMarkdown(record)
      break
    case 'record.ics':
      body = renderIcs(record)
      break
    case 'record.pdf': {
      // The PDF library and its fonts load on the first PDF, not with every server start (the
      // sketch draws with them too).
      const [{ renderRecordPdf }, { boardSketch }, { statusMark }] = await Promise.all([
        import('./export/recordPdf'),
        import('./export/boardSketch'),
        import('./export/pdfSupport'),
      ])
      // The sketch marks each action card with what holds for it, as the record says.
      const marks = new Map(record.actions.map((a) => [a.id, statusMark(a.status)]))
      const sketch: BoardSketch | null = session.picturePng ? null : boardSketch(session.snapshot, translationFor(lang), marks)
      body = await renderRecordPdf({ record, picturePng: session.picturePng, sketch })
      break
    }
    case 'summary.pdf':
      const { renderResidentSummaryPdf } = await import('./export/residentSummaryPdf')
      body = await renderResidentSummaryPdf(residentSummaryFromRecord(record))
      break
  }
  log('info', 'record_exported', { board: boardRef(board.id), format: file, session: session.number, status: record.status, lang })
  sendDownload(res, file, fileName(file, session.number, lang), body)
}
