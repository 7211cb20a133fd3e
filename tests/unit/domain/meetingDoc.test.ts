import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { newMeetingInfo } from '../../../shared/domain/meeting'
import {
  appendDecision,
  decisionsArray,
  initMeetingDoc,
  isMeetingInitialised,
  meetingMap,
  participantsMap,
  readDecisions,
  readMeetingInfo,
  readParticipants,
  SERVER_ORIGIN,
  updateMeetingInfo,
  upsertParticipant,
} from '../../../shared/ydoc/meetingDoc'
import { decisionEntry, participant } from '../../helpers/domainFixtures'

describe('meeting document', () => {
  it('reads an empty document as a fresh, open meeting', () => {
    const doc = new Y.Doc()
    expect(isMeetingInitialised(doc)).toBe(false)
    expect(readMeetingInfo(doc)).toEqual({
      state: 'open',
      startedAt: '1970-01-01T00:00:00.000Z',
      followUpDate: '1970-01-29',
      followUpConfirmed: false,
      timeZone: 'Europe/Amsterdam',
      residentMayDecide: false,
      closedAt: null,
      sessionNumber: 1,
      carriedActionIds: [],
      pastSessions: [],
    })
    expect(readParticipants(doc)).toEqual([])
    expect(readDecisions(doc)).toEqual([])
  })

  it('round-trips initMeetingDoc through readMeetingInfo', () => {
    const doc = new Y.Doc()
    initMeetingDoc(doc, '2026-12-15T10:00:00.000Z')
    expect(isMeetingInitialised(doc)).toBe(true)
    // Exactly what a fresh meeting is (its fields are pinned in meeting.test.ts).
    expect(readMeetingInfo(doc)).toEqual(newMeetingInfo('2026-12-15T10:00:00.000Z'))
  })

  it('survives sync to another document', () => {
    const server = new Y.Doc()
    initMeetingDoc(server, '2026-03-02T09:30:00.000Z')
    updateMeetingInfo(server, { state: 'closed', closedAt: '2026-03-02T11:00:00.000Z', followUpDate: '2026-04-06' })
    upsertParticipant(server, participant('u-1', 'Ansaj', { role: 'bewoner' }))
    appendDecision(server, decisionEntry('shape:a', 'agreed'))
    const client = new Y.Doc()
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
    expect(readMeetingInfo(client)).toEqual(readMeetingInfo(server))
    expect(readParticipants(client)).toEqual(readParticipants(server))
    expect(readDecisions(client)).toEqual(readDecisions(server))
    expect(readMeetingInfo(client).state).toBe('closed')
  })

  it('updateMeetingInfo changes only the given fields and skips undefined ones', () => {
    const doc = new Y.Doc()
    initMeetingDoc(doc, '2026-03-02T09:30:00.000Z')
    updateMeetingInfo(doc, { residentMayDecide: true, followUpDate: undefined })
    expect(readMeetingInfo(doc)).toMatchObject({ residentMayDecide: true, followUpDate: '2026-03-30', state: 'open' })
    updateMeetingInfo(doc, { state: 'locked' })
    expect(readMeetingInfo(doc)).toMatchObject({ residentMayDecide: true, state: 'locked' })
    updateMeetingInfo(doc, { state: 'closed', closedAt: '2026-03-02T11:00:00.000Z' })
    expect(readMeetingInfo(doc).closedAt).toBe('2026-03-02T11:00:00.000Z')
  })

  it('reads an unknown state as open and wrongly typed fields as their defaults', () => {
    const doc = new Y.Doc()
    initMeetingDoc(doc, '2026-03-02T09:30:00.000Z')
    const map = meetingMap(doc)
    map.set('state', 'archived')
    map.set('residentMayDecide', 'yes')
    map.set('closedAt', 12)
    map.set('followUpDate', 5)
    expect(readMeetingInfo(doc)).toEqual({
      state: 'open',
      startedAt: '2026-03-02T09:30:00.000Z',
      followUpDate: '2026-03-30',
      followUpConfirmed: false,
      timeZone: 'Europe/Amsterdam',
      residentMayDecide: false,
      closedAt: null,
      sessionNumber: 1,
      carriedActionIds: [],
      pastSessions: [],
    })
  })

  it('upsertParticipant keeps the first joinedAt and updates the rest', () => {
    const doc = new Y.Doc()
    upsertParticipant(doc, participant('u-1', 'Joost', { joinedAt: '2026-03-02T09:31:00.000Z', atTable: true }))
    upsertParticipant(doc, participant('u-1', 'Joost Bakker', { joinedAt: '2026-03-02T10:15:00.000Z', atTable: false, organisation: 'Kinderrechtswinkel' }))
    expect(readParticipants(doc)).toEqual([
      participant('u-1', 'Joost Bakker', { joinedAt: '2026-03-02T09:31:00.000Z', atTable: false, organisation: 'Kinderrechtswinkel' }),
    ])
  })

  it('lists participants in order of joining', () => {
    const doc = new Y.Doc()
    upsertParticipant(doc, participant('u-c', 'C', { joinedAt: '2026-03-02T09:40:00.000Z' }))
    upsertParticipant(doc, participant('u-a', 'A', { joinedAt: '2026-03-02T09:30:00.000Z' }))
    upsertParticipant(doc, participant('u-b', 'B', { joinedAt: '2026-03-02T09:35:00.000Z' }))
    // re-joining does not move A to the end
    upsertParticipant(doc, participant('u-a', 'A', { joinedAt: '2026-03-02T09:50:00.000Z' }))
    expect(readParticipants(doc).map((p) => p.userId)).toEqual(['u-a', 'u-b', 'u-c'])
  })

  it('appendDecision keeps every entry, in order', () => {
    const doc = new Y.Doc()
    const entries = [
      decisionEntry('shape:b', 'thinking'),
      decisionEntry('shape:a', 'agreed'),
      decisionEntry('shape:b', 'declined', { residentWords: 'Geen controle thuis' }),
    ]
    for (const entry of entries) appendDecision(doc, entry)
    expect(readDecisions(doc)).toEqual(entries)
    expect(decisionsArray(doc).length).toBe(3)
  })

  it('writes with SERVER_ORIGIN, in one transaction per call', () => {
    const doc = new Y.Doc()
    const origins: unknown[] = []
    doc.on('afterTransaction', (transaction: Y.Transaction) => {
      if (transaction.changed.size > 0) origins.push(transaction.origin)
    })
    initMeetingDoc(doc, '2026-03-02T09:30:00.000Z')
    updateMeetingInfo(doc, { state: 'locked' })
    upsertParticipant(doc, participant('u-1', 'Ansaj'))
    appendDecision(doc, decisionEntry('shape:a', 'agreed'))
    expect(SERVER_ORIGIN).toBe('tafelbord:server')
    expect(origins).toEqual([SERVER_ORIGIN, SERVER_ORIGIN, SERVER_ORIGIN, SERVER_ORIGIN])
  })

  it('lets an update observer tell server writes from others', () => {
    const doc = new Y.Doc()
    const seen: Array<{ origin: unknown; keys: string[] }> = []
    meetingMap(doc).observe((event) => seen.push({ origin: event.transaction.origin, keys: [...event.keysChanged].sort() }))
    initMeetingDoc(doc, '2026-03-02T09:30:00.000Z')
    meetingMap(doc).set('state', 'closed') // not through the server's writer
    expect(seen).toEqual([
      { origin: SERVER_ORIGIN, keys: ['carriedActionIds', 'closedAt', 'followUpConfirmed', 'followUpDate', 'pastSessions', 'residentMayDecide', 'sessionNumber', 'startedAt', 'state', 'timeZone'] },
      { origin: null, keys: ['state'] },
    ])
    const updates: unknown[] = []
    doc.on('update', (_u: Uint8Array, origin: unknown) => updates.push(origin))
    upsertParticipant(doc, participant('u-2', 'Marieke'))
    expect(updates).toEqual([SERVER_ORIGIN])
    expect(participantsMap(doc).get('u-2')?.name).toBe('Marieke')
  })
})

describe('a damaged meeting document', () => {
  it('reads a broken start date without crashing and keeps the stored follow-up date', () => {
    const doc = new Y.Doc()
    meetingMap(doc).set('startedAt', 'gisteren')
    meetingMap(doc).set('followUpDate', '2026-05-01')
    const info = readMeetingInfo(doc)
    expect(info.followUpDate).toBe('2026-05-01')
    expect(info.state).toBe('open')
  })
})
