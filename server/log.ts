/**
 * Structured logging: one JSON object per line on stdout, `{"time","level","event",...fields}`.
 *
 * Privacy rules (the board holds personal data of residents):
 * - never log tokens, request URLs with query strings, or board content;
 * - log board ids only through `boardRef()` (first 6 characters), enough to correlate lines.
 */
export type LogLevel = 'info' | 'warn' | 'error'
export type LogFields = Record<string, string | number | boolean | null | undefined>

export function log(level: LogLevel, event: string, fields: LogFields = {}): void {
  const line = JSON.stringify({ time: new Date().toISOString(), level, event, ...fields })
  process.stdout.write(line + '\n')
}

/** The loggable form of a board id. */
export function boardRef(boardId: string): string {
  return boardId.slice(0, 6)
}

/** A short, content-free description of an error for the log. */
export function errorText(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err)
  return text.slice(0, 200)
}
