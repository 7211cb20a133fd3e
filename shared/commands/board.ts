/**
 * Acts on the board as a whole: looking at it, its share links, its sessions and their records,
 * deleting it, and editing its canvas (over the sync endpoint, not HTTP).
 */
import { isRecordLanguage } from '../record/translations/languages'
import { anyone, anyState, command, facilitatorOnly, whileEditable } from './command'

/** `GET /api/boards/:id`: what this link may do, and the meeting's state. */
export const boardInfo = command('boardInfo', { changes: false, who: anyone, when: anyState })

/** `GET …/links`: the three links again, for the share dialog on any device. */
export const links = command('links', { changes: false, who: facilitatorOnly, when: anyState })

/** `GET …/sessions`: the current session and the archived ones. */
export const sessions = command('sessions', { changes: false, who: facilitatorOnly, when: anyState })

/** `DELETE /api/boards/:id`: everything of the board goes, archived sessions too. */
export const deleteBoard = command('deleteBoard', { changes: true, who: facilitatorOnly, when: anyState })

/**
 * Changing the board document over `/sync/<id>`: everyone while the meeting is open, only the
 * facilitator while it is locked, nobody once it is closed. The server drops refused updates;
 * the canvas turns read-only by the same rule.
 */
export const editBoard = command('editBoard', { changes: true, who: anyone, when: whileEditable })

/** The files of a session record, as `GET …/sessions/:session/:file` names them. */
export const EXPORT_FILES = ['record.pdf', 'record.md', 'record.json', 'record.ics', 'summary.pdf'] as const
export type ExportFile = (typeof EXPORT_FILES)[number]

export function isExportFile(value: string): value is ExportFile {
  return (EXPORT_FILES as readonly string[]).includes(value)
}

/** `GET …/sessions/:session/:file`: a session's record; a concept while the session is open. */
export const exportRecord = {
  ...command('exportRecord', { changes: false, who: facilitatorOnly, when: anyState }),
  /** `current`, or an archived session's number. */
  session(raw: string): 'current' | number | 'unknownSession' {
    if (raw === 'current') return 'current'
    return /^[1-9]\d{0,5}$/.test(raw) ? Number(raw) : 'unknownSession'
  },
  /** `?lang=`: absent or empty is the default language. */
  checkLanguage(lang: string | null): 'unknownLanguage' | null {
    return lang === null || lang === '' || isRecordLanguage(lang) ? null : 'unknownLanguage'
  },
}
