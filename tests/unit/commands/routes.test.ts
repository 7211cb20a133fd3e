/** The route table: every board command has its route, paths fill in, the types line up. */
import { describe, expect, expectTypeOf, it } from 'vitest'
import { COMMANDS, REFUSAL_CODES } from '../../../shared/commands/index'
import { pathOf, ROUTES, type BodyOf, type RequestOf, type ResponseOf } from '../../../shared/commands/routes'
import type { DecisionResponse } from '../../../shared/protocol'
import { REFUSAL_ANSWERS } from '../../../server/http/refusals'

describe('the route table', () => {
  it('has a route for every command but editing the board (that is the sync endpoint)', () => {
    const routed = Object.values(ROUTES).map((route) => route.command).filter((c) => c !== null)
    expect(new Set(routed)).toEqual(new Set(Object.keys(COMMANDS).filter((name) => name !== 'editBoard')))
    for (const [name, route] of Object.entries(ROUTES)) if (route.command !== null) expect(route.command).toBe(name)
  })

  it('keeps the documented paths', () => {
    expect(Object.values(ROUTES).map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'DELETE /api/boards/:id',
      'DELETE /api/boards/:id/facilitators/:email',
      'DELETE /api/boards/:id/members/:member',
      'GET /api/boards/:id',
      'GET /api/boards/:id/audit',
      'GET /api/boards/:id/facilitators',
      'GET /api/boards/:id/links',
      'GET /api/boards/:id/members',
      'GET /api/boards/:id/sessions',
      'GET /api/boards/:id/sessions/:session/:file',
      'GET /api/cases',
      'GET /api/config',
      'GET /api/health',
      'GET /api/me',
      'PATCH /api/boards/:id/meeting',
      'POST /api/boards',
      'POST /api/boards/:id/close',
      'POST /api/boards/:id/decisions',
      'POST /api/boards/:id/facilitators',
      'POST /api/boards/:id/follow-up',
      'POST /api/boards/:id/lock',
      'POST /api/boards/:id/outcomes',
      'POST /api/boards/:id/participants',
      'POST /api/boards/:id/restore-action',
      'POST /api/boards/:id/unlock',
    ])
  })

  it('fills in paths, encoded', () => {
    expect(pathOf('decide', { id: 'a/b' })).toBe('/api/boards/a%2Fb/decisions')
    expect(pathOf('exportRecord', { id: 'b', session: 'current', file: 'record.pdf' })).toBe('/api/boards/b/sessions/current/record.pdf')
    expect(pathOf('health', {})).toBe('/api/health')
  })

  it('types requests and answers from the table', () => {
    expectTypeOf<ResponseOf<'decide'>>().toEqualTypeOf<DecisionResponse>()
    expectTypeOf<RequestOf<'decide'>['recordedBy']>().toEqualTypeOf<{ userId: string }>()
    expectTypeOf<RequestOf<'register'>>().toHaveProperty('name')
    // Optional fields may be left out by a client, and are filled in for the server.
    expectTypeOf<{ userId: string; name: string; role: 'tolk'; atTable: boolean }>().toMatchTypeOf<RequestOf<'register'>>()
    expectTypeOf<BodyOf<'register'>['organisation']>().toEqualTypeOf<string>()
    expectTypeOf<RequestOf<'lock'>>().toEqualTypeOf<undefined>()
  })

  it('answers every refusal over HTTP with a status and a documented error code', () => {
    expect(Object.keys(REFUSAL_ANSWERS).sort()).toEqual([...REFUSAL_CODES].sort())
    for (const answer of Object.values(REFUSAL_ANSWERS)) {
      expect(answer.status).toBeGreaterThanOrEqual(400)
      expect(answer.error).toMatch(/^[a-z_]+$/)
      // Plain English for developers: no Dutch sentences from the server.
      expect(answer.message).not.toMatch(/\b(het|de|een|niet|mag|alleen)\b/)
    }
  })
})
