/**
 * Every act of the meeting, in one table: who may do it (the kind of link), when (the meeting's
 * state), the checks it makes and the change it makes. The server's routes run them
 * (shared/commands/routes.ts says which path runs which); a button asks
 * `canRun(COMMANDS.close, access, meeting)` whether it may, and shows why not from its own
 * strings (`commands.<name>` for the label, the `RefusalCode` for the reason).
 */
import { decide, outcome } from './answers'
import { boardInfo, deleteBoard, editBoard, exportRecord, links, sessions } from './board'
import { close, followUp, lock, meetingSettings, restoreAction, unlock } from './meeting'
import { register } from './participants'
import { addFacilitator, audit, facilitators, members, removeFacilitator, removeMember } from './accounts'

export const COMMANDS = {
  boardInfo,
  register,
  decide,
  outcome,
  meetingSettings,
  lock,
  unlock,
  close,
  followUp,
  restoreAction,
  links,
  sessions,
  exportRecord,
  deleteBoard,
  editBoard,
  facilitators,
  addFacilitator,
  removeFacilitator,
  members,
  removeMember,
  audit,
} as const

export type CommandName = keyof typeof COMMANDS

export { canRun, ACCESS_KINDS, type Access, type Command, type MeetingView, type WhoRefusal, type WhenRefusal } from './command'
export { REFUSAL_CODES, isRefusalCode, type RefusalCode } from './refusals'
export { EXPORT_FILES, isExportFile, type ExportFile } from './board'
export { recorderOf } from './answers'
export { closeRequest, pngBase64Of, restoreActionRequest } from './meeting'
export { addFacilitatorRequest } from './accounts'
