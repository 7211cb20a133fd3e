/**
 * A button asks the same command the server runs whether it may act now, and says why not:
 * `canRun(COMMANDS.close, access, meeting)` is null or the refusal code the server would answer,
 * and `why` is our own words for it in the chosen language (for a title or a hint).
 */
import { canRun, type Command } from '../../shared/commands/command'
import type { RefusalCode } from '../../shared/commands/refusals'
import { useLanguage } from '../i18n/language'
import { useMeeting } from './MeetingContext'

export interface CommandState {
  /** It may run now. */
  allowed: boolean
  /** This link may run it at all (`who`): a button only the facilitator has stays hidden for others. */
  mine: boolean
  /** Why not, as a code; null when allowed. */
  refusal: RefusalCode | null
  /** Why not, in words; undefined when allowed (so it fits a `title`). */
  why: string | undefined
}

export function useCommand(command: Pick<Command, 'who' | 'when'>): CommandState {
  const { strings } = useLanguage()
  const { access, snapshot } = useMeeting()
  const refusal = canRun(command, access, snapshot.info)
  return {
    allowed: refusal === null,
    mine: command.who(access, snapshot.info) === null,
    refusal,
    why: refusal === null ? undefined : strings.refusals[refusal],
  }
}
