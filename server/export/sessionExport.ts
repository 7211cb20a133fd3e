/**
 * The session record downloads, built: the work behind `GET /api/boards/:id/sessions/:session/:file`
 * (the route's handler, server/exportRoutes.ts, loads this module on the first export request —
 * the record builders and renderers are not part of the server's start).
 *
 * The record is built on the server from its own copies of the documents — the live ones
 * (withLoadedBoard) or the snapshots archived at the close — with the shared builder
 * (shared/record/), so the same session gives the same record to everyone, at any time.
 * `?lang=en` chooses the language (default nl); it is the only part of a query string the
 * server reads, and it is not logged.
 */
import type { IncomingMessage } from 'node:http'
import * as Y from 'yjs'
import { COMMANDS } from '../../shared/commands/index'
import type { ExportFile } from '../../shared/commands/board'
import type { MeetingSnapshot } from '../../shared/domain/snapshot'
import { readMeetingSnapshot } from '../../shared/ydoc/snapshot'
import { renderIcs } from '../../shared/record/ics'
import { renderMarkdown } from '../../shared/record/markdown'
import { residentSummaryFromRecord } from '../../shared/record/residentSummary'
import { buildSessionRecord, type SessionRecord } from '../../shared/record/sessionRecord'
import { DEFAULT_LANGUAGE, translationFor } from '../../shared/record/translations/index'
import type { HttpContext } from '../apiSupport'
import { refuse, withLoadedBoard } from '../apiSupport'
import type { BoardCall, FileReply } from '../http/handler'
import type { ArchivedSession, BoardRecord } from '../storage/boardStorage'
import { boardRef, log } from '../log'

const { exportRecord } = COMMANDS

interface SessionSource {
  number: number
  snapshot: MeetingSnapshot
  draft: boolean
  picturePng: Uint8Array | null
  previous: MeetingSnapshot | null
}

interface ExportFormat {
  contentType: string
  /** The download's name before `-<lang>` (other than the default) and the extension. */
  baseName: string
  extension: string
  render(record: SessionRecord, session: SessionSource, lang: string): Promise<Buffer | string> | Buffer | string
}

/** Every format of the record, in one table: its file, content type, name and renderer. */
export const EXPORT_FORMATS: Record<ExportFile, ExportFormat> = {
  'record.pdf': {
    contentType: 'application/pdf',
    baseName: 'verslag-gesprek',
    extension: 'pdf',
    async render(record, session, lang) {
      // The PDF library and its fonts load on the first PDF, not with every server start (the
      // sketch draws with them too).
      const [{ renderRecordPdf }, { boardSketch }, { statusMark }] = await Promise.all([
        import('./recordPdf'),
        import('./boardSketch'),
        import('./pdfSupport'),
      ])
      // The sketch marks each action card with what holds for it, as the record says.
      const marks = new Map(record.actions.map((a) => [a.id, statusMark(a.status)]))
      const sketch = session.picturePng ? null : boardSketch(session.snapshot, translationFor(lang), marks)
      return renderRecordPdf({ record, picturePng: session.picturePng, sketch })
    },
  },
  'record.md': { contentType: 'text/markdown; charset=utf-8', baseName: 'verslag-gesprek', extension: 'md', render: (record) => renderMarkdown(record) },
  'record.json': {
    contentType: 'application/json; charset=utf-8',
    baseName: 'verslag-gesprek',
    extension: 'json',
    render: (record) => JSON.stringify(record, null, 2) + '\n',
  },
  'record.ics': { contentType: 'text/calendar; charset=utf-8', baseName: 'afspraken-gesprek', extension: 'ics', render: (record) => renderIcs(record) },
  'summary.pdf': {
    contentType: 'application/pdf',
    baseName: 'samenvatting-gesprek',
    extension: 'pdf',
    async render(record) {
      const { renderResidentSummaryPdf } = await import('./residentSummaryPdf')
      return renderResidentSummaryPdf(residentSummaryFromRecord(record))
    },
  },
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

async function previousSnapshot(ctx: HttpContext, boardId: string, number: number): Promise<MeetingSnapshot | null> {
  if (number <= 1) return null
  const previous = await ctx.storage.readSession(boardId, number - 1)
  return previous ? archivedSnapshot(previous) : null
}

/** The live session, from the server's own copies of both documents. */
async function liveSession(ctx: HttpContext, record: BoardRecord): Promise<SessionSource> {
  const snapshot = await withLoadedBoard(ctx, record, (board) => readMeetingSnapshot(board.board.doc, board.meeting.doc))
  const { sessionNumber, state } = snapshot.info
  const closed = state === 'closed'
  const archived = closed ? await ctx.storage.readSession(record.id, sessionNumber) : undefined
  return {
    number: sessionNumber,
    snapshot,
    previous: await previousSnapshot(ctx, record.id, sessionNumber),
    draft: !closed,
    picturePng: archived?.picturePng ?? null,
  }
}

async function resolveSession(ctx: HttpContext, record: BoardRecord, rawSession: string, liveNumber: number): Promise<SessionSource> {
  const wanted = exportRecord.session(rawSession)
  if (wanted === 'unknownSession') throw refuse('unknownSession')
  if (wanted === 'current') return liveSession(ctx, record)
  const archived = await ctx.storage.readSession(record.id, wanted)
  if (archived) {
    return {
      number: wanted,
      snapshot: archivedSnapshot(archived),
      previous: await previousSnapshot(ctx, record.id, wanted),
      draft: false,
      picturePng: archived.picturePng,
    }
  }
  // The live session by its number: a concept while open, final once closed.
  if (liveNumber === wanted) return liveSession(ctx, record)
  throw refuse('unknownSession')
}

function requestedLanguage(req: IncomingMessage): string {
  const query = (req.url ?? '').split('#')[0].split('?')[1] ?? ''
  const lang = new URLSearchParams(query).get('lang')
  const refusal = exportRecord.checkLanguage(lang)
  if (refusal !== null) throw refuse(refusal)
  return lang || DEFAULT_LANGUAGE
}

/** GET /api/boards/:id/sessions/:session/:file, after the route's checks (see server/exportRoutes.ts). */
export async function exportSession({ ctx, req, record: board, meeting, params }: BoardCall<'exportRecord'>): Promise<FileReply> {
  const file = params.file as ExportFile
  const format = EXPORT_FORMATS[file]
  const lang = requestedLanguage(req)
  const session = await resolveSession(ctx, board, params.session, meeting.sessionNumber)
  const record = buildSessionRecord(session.snapshot, {
    boardId: board.id,
    draft: session.draft,
    previous: session.previous,
    lang,
    pictureStored: session.picturePng !== null,
  })
  const body = await format.render(record, session, lang)
  log('info', 'record_exported', { board: boardRef(board.id), format: file, session: session.number, status: record.status, lang })
  const suffix = lang === DEFAULT_LANGUAGE ? '' : `-${lang}`
  return {
    download: true,
    contentType: format.contentType,
    fileName: `${format.baseName}-${session.number}${suffix}.${format.extension}`,
    bytes: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
  }
}
