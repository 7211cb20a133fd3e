/**
 * Every error answer says why in a form a program can use: the documented `error`, the command's
 * `reason` (camelCase, for the client's own words), `fieldErrors` at their fields for a body that
 * failed its validator, and a `message` in plain English for developers — never Dutch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiError, CreateBoardResponse } from '../../shared/protocol'
import { cleanupServers, startServer, type ServerProcess } from '../helpers/serverProcess'
import { api } from '../helpers/meetingFixtures'
import { createBoard, expectLogsClean } from './support'

let server: ServerProcess
let board: CreateBoardResponse

beforeAll(async () => {
  server = await startServer()
  board = await createBoard(server)
})

afterAll(async () => {
  expectLogsClean()
  await cleanupServers()
})

const DUTCH = /\b(het|een|niet|mag|alleen|gesprek|bord|verzoek)\b/i

async function expectRefusal(answer: Promise<{ status: number; body: ApiError }>, status: number, error: string, reason: string) {
  const { status: got, body } = await answer
  expect({ status: got, error: body.error, reason: body.reason }).toEqual({ status, error, reason })
  expect(body.message.length).toBeGreaterThan(0)
  expect(body.message).not.toMatch(DUTCH)
  return body
}

describe('error answers', () => {
  it('name the reason for the path, the board and the token', async () => {
    const path = `/api/boards/${board.id}`
    await expectRefusal(api<ApiError>(server, 'GET', '/api/nowhere', null), 404, 'not_found', 'notFound')
    await expectRefusal(api<ApiError>(server, 'PUT', path, board.facilitatorToken), 405, 'method_not_allowed', 'methodNotAllowed')
    await expectRefusal(api<ApiError>(server, 'GET', `/api/boards/${'x'.repeat(22)}`, board.facilitatorToken), 404, 'unknown_board', 'unknownBoard')
    await expectRefusal(api<ApiError>(server, 'GET', path, 'Q'.repeat(43)), 401, 'unauthorized', 'unauthorized')
    await expectRefusal(api<ApiError>(server, 'POST', `${path}/lock`, board.participantToken), 403, 'forbidden', 'facilitatorOnly')
    await expectRefusal(api<ApiError>(server, 'GET', `${path}/sessions/7/record.md`, board.facilitatorToken), 404, 'unknown_session', 'unknownSession')
    await expectRefusal(api<ApiError>(server, 'GET', `${path}/sessions/current/record.md?lang=tlh`, board.facilitatorToken), 400, 'unknown_language', 'unknownLanguage')
  })

  it('put every problem of a body at its field', async () => {
    const body = await expectRefusal(
      api<ApiError>(server, 'POST', `/api/boards/${board.id}/participants`, board.participantToken, {
        userId: 'u-x',
        name: 'x'.repeat(61),
        role: 'koning',
        atTable: 'ja',
      }),
      400,
      'invalid',
      'invalid',
    )
    expect(body.fieldErrors).toEqual([
      { field: 'name', code: 'tooLong', limit: 60 },
      { field: 'role', code: 'notOneOf' },
      { field: 'atTable', code: 'notABoolean' },
    ])
    await expectRefusal(api<ApiError>(server, 'PATCH', `/api/boards/${board.id}/meeting`, board.facilitatorToken, '{'), 400, 'bad_json', 'badJson')
    const picture = await expectRefusal(
      api<ApiError>(server, 'POST', `/api/boards/${board.id}/close`, board.facilitatorToken, { picturePng: '***' }),
      400,
      'invalid_picture',
      'invalidPicture',
    )
    expect(picture.fieldErrors).toEqual([{ field: 'picturePng', code: 'notPng' }])
  })

  it('say why a command refused: the meeting state and its own checks', async () => {
    const path = `/api/boards/${board.id}`
    await expectRefusal(api<ApiError>(server, 'POST', `${path}/follow-up`, board.facilitatorToken), 409, 'meeting_not_closed', 'meetingNotClosed')
    await expectRefusal(
      api<ApiError>(server, 'POST', `${path}/participants`, board.participantToken, { userId: 'u-p', name: 'P', role: 'gespreksleider', atTable: true }),
      400,
      'role_needs_link',
      'roleNeedsLink',
    )
    await expectRefusal(api<ApiError>(server, 'POST', `${path}/restore-action`, board.facilitatorToken, { actionId: 'shape:gone' }), 404, 'not_removed', 'notRemoved')
    const refused = await expectRefusal(api<ApiError & { problems: unknown[] }>(server, 'POST', `${path}/close`, board.facilitatorToken), 409, 'close_refused', 'closeRefused')
    expect((refused as ApiError & { problems: unknown[] }).problems).toContainEqual({ code: 'followUpDateNotConfirmed' })
  })
})
