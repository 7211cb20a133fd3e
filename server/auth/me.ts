/**
 * `GET /api/me` (issue 12): who is signed in in this browser. Not signed in — no cookie, a
 * session that ended, or sign-in off — is an answer too: `signedIn: false` and empty strings.
 * Wired into the route table by server/http/serverRoutes.ts.
 */
import type { IncomingMessage } from 'node:http'
import type { MeResponse } from '../../shared/protocol'
import type { HttpContext } from '../apiSupport'
import { sessionOf } from './sessions'

const NOBODY: MeResponse = { signedIn: false, name: '', email: '', organisation: '' }

export async function meRoute(ctx: HttpContext, req: IncomingMessage): Promise<MeResponse> {
  const lookup = await sessionOf(ctx, req, { stateChanging: false })
  if (lookup.kind !== 'signedIn') return NOBODY
  const { name, email, organisation } = lookup.session.account
  return { signedIn: true, name, email, organisation }
}
