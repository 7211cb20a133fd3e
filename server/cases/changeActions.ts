/**
 * The acts of the access log that change a case (issue 12): its creation, and every board route
 * whose command changes something (`changes: true` in shared/commands) — logged as
 * `command.<route name>` (server/http/boardRoutes.ts). "Mijn gesprekken" takes a case's last
 * change from the newest of these that was done (CaseStorage.lastLoggedChange).
 */
import { COMMANDS } from '../../shared/commands/index'
import { ROUTES } from '../../shared/commands/routes'
import { AUDIT_ACTIONS, commandAction } from '../../shared/domain/audit'

export const CHANGE_ACTIONS: readonly string[] = [
  AUDIT_ACTIONS.boardCreate,
  ...Object.entries(ROUTES)
    .filter(([, route]) => route.command !== null && COMMANDS[route.command].changes)
    .map(([name]) => commandAction(name)),
]
