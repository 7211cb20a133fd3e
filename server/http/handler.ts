/**
 * What a board route's handler gets and gives. The generic runner (boardRoutes.ts) has already
 * resolved the access, checked the command's `who`, validated the body and checked `when`; the
 * handler makes the command's own checks and its change, and returns the answer.
 */
import type { IncomingMessage } from 'node:http'
import type { MeetingInfo } from '../../shared/domain/meeting'
import type { Access } from '../../shared/protocol'
import type { BoardRouteName, BodyOf, Download, ParamsOf, ResponseOf } from '../../shared/commands/routes'
import type { AccessVia, HttpContext } from '../apiSupport'
import type { SignedIn } from '../auth/sessions'
import type { LoadedBoard } from '../boards'
import type { BoardRecord } from '../storage/boardStorage'

export interface BoardCall<N extends BoardRouteName> {
  ctx: HttpContext
  req: IncomingMessage
  record: BoardRecord
  access: Access
  /** Whether the access came from the link or from the signed-in account's own right (issue 12). */
  via: AccessVia
  /** The signed-in professional, when a session came with the request (also when the link gave the access). */
  signedIn: SignedIn | null
  /** The meeting as it was when the command's `who` and `when` were checked. */
  meeting: MeetingInfo
  body: BodyOf<N>
  /** The path's parameters, URL-decoded. */
  params: ParamsOf<N>
}

/** A file to download: the record exports. */
export interface FileReply extends Download {
  contentType: string
  /** Numbers only: no names of people in a file name (it ends up in download lists and mails). */
  fileName: string
  bytes: Buffer
}

export type Reply<N extends BoardRouteName> = ResponseOf<N> extends Download ? FileReply : ResponseOf<N>

/**
 * A handler either works on the loaded board (loaded for the call if nobody is connected) or
 * without loading it. A handler on the loaded board makes its checks and its in-memory change
 * before its first `await` — in the same turn as the runner's `who` and `when` checks, so nothing
 * else happens to the board in between — and then awaits the commit (`LoadedBoard.…Async`): it
 * answers only once its change is stored.
 */
export type BoardHandler<N extends BoardRouteName> =
  | { loadsBoard: true; run(call: BoardCall<N> & { board: LoadedBoard }): Reply<N> | Promise<Reply<N>> }
  | { loadsBoard: false; run(call: BoardCall<N>): Reply<N> | Promise<Reply<N>> }

export type BoardHandlers = { [N in BoardRouteName]: BoardHandler<N> }
