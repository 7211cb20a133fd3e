/**
 * The session record downloads: `GET /api/boards/:id/sessions/:session/:file`, with `:file` one
 * of the record's formats and `:session` an archived session's number or `current` (the live
 * session: a concept until it is closed). Facilitator only (the `exportRecord` command).
 *
 * Only the route lives here. The work — the record builder and renderers of shared/record/,
 * and for the PDFs pdfkit, fontkit and the font files — is in server/export/ and is loaded with
 * `import()` at the first export request, not at every server start: most meetings export once,
 * at the end, and the PDF stack alone is several megabytes of memory. In the compiled server
 * (scripts/build-server.mjs) each `import()` is a chunk of its own, loaded on first use.
 */
import type { BoardHandler } from './http/handler'

/** GET /api/boards/:id/sessions/:session/:file */
export const exportSessionRecord: BoardHandler<'exportRecord'> = {
  loadsBoard: false,
  async run(call) {
    const { exportSession } = await import('./export/sessionExport')
    return exportSession(call)
  },
}
