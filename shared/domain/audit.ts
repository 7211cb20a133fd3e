/**
 * The access log of a case (issue 12): the names of the acts it records, and its CSV download.
 * Pure: the server writes the lines (server/audit/auditLog.ts `recordAudit`), this file only says
 * what they are called and how they are written out for a spreadsheet.
 */

/** The acts the access log records (`AuditEntry.action`). A board route's act is `command.<name>`. */
export const AUDIT_ACTIONS = {
  boardCreate: 'board.create',
  /** An authenticated sync connection, or boardInfo; a refused attempt too. */
  boardOpen: 'board.open',
  /** The board was deleted (the one line left after the case is forgotten). */
  boardDelete: 'board.delete',
  /** Retention removed the board (the one line left after the case is forgotten). */
  boardPurge: 'board.purge',
  exportDownload: 'export.download',
  /** Reading the access log itself. */
  auditRead: 'audit.read',
  signIn: 'auth.signIn',
  signOut: 'auth.signOut',
  sessionExpired: 'auth.sessionExpired',
  signInRefused: 'auth.signInRefused',
} as const

export type FixedAuditAction = (typeof AUDIT_ACTIONS)[keyof typeof AUDIT_ACTIONS]
export type CommandAuditAction = `command.${string}`
export type AuditAction = FixedAuditAction | CommandAuditAction

/** The act of a board route: `command.decide`, `command.deleteBoard`, … */
export function commandAction(commandName: string): CommandAuditAction {
  return `command.${commandName}`
}

export type AuditActorKind = 'account' | 'link' | 'system' | 'anonymous'
export type AuditResult = 'ok' | 'refused' | 'failed'

/** One line as the CSV writer needs it (the shape of shared/protocol.ts `AuditEntry`). */
export interface AuditLine {
  at: string
  actor: { kind: AuditActorKind; subject: string | null; name: string | null }
  access: string | null
  action: string
  object: { board: string | null; session: number | null }
  result: AuditResult
  reason: string | null
  origin: string
}

/** The CSV's columns, in order (the header row). */
export const AUDIT_CSV_COLUMNS = ['at', 'actor_kind', 'actor_subject', 'actor_name', 'access', 'action', 'board', 'session', 'result', 'reason', 'origin'] as const

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line break, quotes doubled.
 * A cell a spreadsheet would read as a formula (starting with = + - @, or a tab or carriage
 * return before one) gets a leading `'`, so a name like `=HYPERLINK(…)` stays text.
 */
export function csvCell(value: string | number | null): string {
  let text = value === null ? '' : String(value)
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** The note row of a CSV that holds only the newest lines (in the first column, the others empty). */
export function auditCsvTruncatedNote(newest: number): string {
  return `truncated: only the newest ${newest} lines; older lines are left out`
}

/**
 * The access log as CSV: a header row, then one row per line, CRLF line ends (RFC 4180). When the
 * answer holds only the newest lines (`truncatedTo`), a note row right after the header says so
 * (where the left-out older lines would be), with as many cells as every other row.
 */
export function auditCsv(lines: readonly AuditLine[], options: { truncatedTo?: number | null } = {}): string {
  const rows: string[] = [AUDIT_CSV_COLUMNS.join(',')]
  if (options.truncatedTo !== undefined && options.truncatedTo !== null) {
    rows.push([auditCsvTruncatedNote(options.truncatedTo), ...AUDIT_CSV_COLUMNS.slice(1).map(() => '')].map(csvCell).join(','))
  }
  for (const line of lines) {
    rows.push(
      [
        line.at,
        line.actor.kind,
        line.actor.subject,
        line.actor.name,
        line.access,
        line.action,
        line.object.board,
        line.object.session,
        line.result,
        line.reason,
        line.origin,
      ]
        .map(csvCell)
        .join(','),
    )
  }
  return `${rows.join('\r\n')}\r\n`
}
