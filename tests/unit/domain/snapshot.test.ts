import { describe, expect, it } from 'vitest'
import { CARD_DEFAULTS, CARD_TYPES } from '../../../shared/domain/cards'
import { closeProblems } from '../../../shared/domain/closeRule'
import { whoIsMissing } from '../../../shared/domain/missingAtTable'
import { cardThatCounts, currentDecision, decisionHistory } from '../../../shared/domain/snapshot'
import { readMeetingSnapshot } from '../../../shared/ydoc/snapshot'
import { getRecordsMap, recordToYMap } from '../../../shared/ydoc/layout'
import {
  addAction,
  addAgency,
  addDomain,
  addParticipant,
  addRawShape,
  addResident,
  ansajStory,
  decide,
  decideAnsajStory,
  decisionEntry,
  newBoardDoc,
  newMeetingDoc,
  participant,
  putRecord,
} from '../../helpers/domainFixtures'

describe('readMeetingSnapshot', () => {
  it('separates the four card types', () => {
    const { board, meeting, ids } = ansajStory()
    const snapshot = readMeetingSnapshot(board, meeting)
    expect(snapshot.resident?.id).toBe(ids.resident)
    expect(snapshot.resident?.props.name).toBe('Ansaj')
    expect(snapshot.domains.map((d) => d.id)).toEqual([ids.financien, ids.werk, ids.ggz, ids.verblijf])
    expect(snapshot.agencies.map((a) => a.id)).toEqual([ids.gemeente, ids.rechtswinkel, ids.budgetbeheer, ids.raad])
    expect(snapshot.actions.map((a) => a.id)).toEqual([ids.budgetCoach, ids.werkOpties, ids.advocaat, ids.raadVerwijzing])
    expect(snapshot.invalidCards).toEqual([])
  })

  it('carries position and validated props of each card', () => {
    const board = newBoardDoc()
    addDomain(board, 'shape:d', 'financien', { score: 2, worries: 'Schulden' }, { x: 12, y: 34 })
    const snapshot = readMeetingSnapshot(board, newMeetingDoc())
    expect(snapshot.domains).toEqual([
      { id: 'shape:d', x: 12, y: 34, props: { ...CARD_DEFAULTS.domain('financien'), score: 2, worries: 'Schulden' } },
    ])
  })

  it('reads the meeting document: info, participants, decisions', () => {
    const board = newBoardDoc()
    const meeting = newMeetingDoc('2026-12-15T10:00:00.000Z')
    const p = addParticipant(meeting, participant('u-1', 'Joost'))
    const entry = decide(meeting, 'shape:a', 'agreed')
    const snapshot = readMeetingSnapshot(board, meeting)
    expect(snapshot.info.followUpDate).toBe('2027-01-12')
    expect(snapshot.participants).toEqual([p])
    expect(snapshot.decisions).toEqual([entry])
  })

  it('gives an empty snapshot for empty documents', () => {
    const snapshot = readMeetingSnapshot(newBoardDoc(), newMeetingDoc())
    expect(snapshot).toMatchObject({ resident: null, domains: [], agencies: [], actions: [], participants: [], decisions: [], invalidCards: [] })
  })

  it('skips shapes that are not cards, and records that are not shapes', () => {
    const board = newBoardDoc()
    addRawShape(board, 'shape:geo', 'geo', { w: 100, h: 100, geo: 'rectangle' })
    addRawShape(board, 'shape:arrow', 'arrow', {})
    addRawShape(board, 'shape:note', 'note', { text: 'hallo' })
    putRecord(board, { id: 'binding:b1', typeName: 'binding', type: 'arrow', fromId: 'shape:arrow', toId: 'shape:geo', props: {}, meta: {} })
    // a non-shape record that happens to carry a card type must not become a card
    putRecord(board, { id: 'asset:x', typeName: 'asset', type: CARD_TYPES.action, props: { ...CARD_DEFAULTS.action() }, meta: {} })
    addAction(board, 'shape:act', { what: 'Bellen' })
    const snapshot = readMeetingSnapshot(board, newMeetingDoc())
    expect(snapshot.actions.map((a) => a.id)).toEqual(['shape:act'])
    expect(snapshot.domains).toEqual([])
    expect(snapshot.agencies).toEqual([])
    expect(snapshot.invalidCards).toEqual([])
  })

  it('lists invalid cards with a reason naming the field, and keeps the valid ones', () => {
    const board = newBoardDoc()
    addAction(board, 'shape:bad-date', { what: 'Bellen', dueDate: '31-12-2026' })
    addDomain(board, 'shape:bad-score', 'financien', { score: 6 as never })
    addRawShape(board, 'shape:no-props', CARD_TYPES.agency, {})
    addRawShape(board, 'shape:bad-domain', CARD_TYPES.domain, { ...CARD_DEFAULTS.domain('financien'), domain: 'geld' })
    addAction(board, 'shape:good', { what: 'Advocaat zoeken' })
    const snapshot = readMeetingSnapshot(board, newMeetingDoc())
    expect(snapshot.actions.map((a) => a.id)).toEqual(['shape:good'])
    expect(snapshot.domains).toEqual([])
    expect(snapshot.agencies).toEqual([])
    const reasons = Object.fromEntries(snapshot.invalidCards.map((c) => [c.id, c.reason]))
    expect(Object.keys(reasons).sort()).toEqual(['shape:bad-date', 'shape:bad-domain', 'shape:bad-score', 'shape:no-props'])
    expect(reasons['shape:bad-date']).toMatch(/dueDate/)
    expect(reasons['shape:bad-score']).toMatch(/score/)
    expect(reasons['shape:bad-domain']).toMatch(/domain/)
    for (const reason of Object.values(reasons)) expect(reason.trim()).not.toBe('')
  })

  it('survives a shape record whose props is not a map at all', () => {
    const board = newBoardDoc()
    const yRecord = recordToYMap({ id: 'shape:weird', typeName: 'shape', type: CARD_TYPES.action, x: 0, y: 0, props: 'oops', meta: {} })
    getRecordsMap(board).set('shape:weird', yRecord)
    const snapshot = readMeetingSnapshot(board, newMeetingDoc())
    expect(snapshot.invalidCards.map((c) => c.id)).toEqual(['shape:weird'])
    expect(snapshot.actions).toEqual([])
  })

  it('sorts cards top to bottom, then left to right, then by id', () => {
    const board = newBoardDoc()
    addAction(board, 'shape:c', { what: 'c' }, { x: 0, y: 200 })
    addAction(board, 'shape:b', { what: 'b' }, { x: 500, y: 100 })
    addAction(board, 'shape:a', { what: 'a' }, { x: 100, y: 100 })
    addAction(board, 'shape:e', { what: 'e' }, { x: 100, y: 100 })
    addAction(board, 'shape:d', { what: 'd' }, { x: -50, y: -10 })
    addDomain(board, 'shape:d2', 'justitie', {}, { x: 10, y: 10 })
    addDomain(board, 'shape:d1', 'financien', {}, { x: 10, y: 5 })
    addAgency(board, 'shape:g2', {}, { x: 10, y: 0 })
    addAgency(board, 'shape:g1', {}, { x: 5, y: 0 })
    const snapshot = readMeetingSnapshot(board, newMeetingDoc())
    expect(snapshot.actions.map((a) => a.id)).toEqual(['shape:d', 'shape:a', 'shape:e', 'shape:b', 'shape:c'])
    expect(snapshot.domains.map((d) => d.id)).toEqual(['shape:d1', 'shape:d2'])
    expect(snapshot.agencies.map((a) => a.id)).toEqual(['shape:g1', 'shape:g2'])
  })

  it('takes the top-left resident card when there are several, whatever the insertion order', () => {
    const board = newBoardDoc()
    addResident(board, 'shape:r-low', { name: 'Onder' }, { x: 0, y: 500 })
    addResident(board, 'shape:r-top', { name: 'Boven' }, { x: 300, y: 10 })
    addResident(board, 'shape:r-mid', { name: 'Midden' }, { x: 0, y: 200 })
    expect(readMeetingSnapshot(board, newMeetingDoc()).resident?.props.name).toBe('Boven')
  })

  it('reads a card edited after it was placed (props are a nested Y.Map)', () => {
    const board = newBoardDoc()
    addAction(board, 'shape:a', { what: 'Bellen' })
    const props = getRecordsMap(board).get('shape:a')!.get('props') as import('yjs').Map<unknown>
    props.set('what', 'Budgetcoach inzetten')
    props.set('dueDate', '2026-04-01')
    const [action] = readMeetingSnapshot(board, newMeetingDoc()).actions
    expect(action.props.what).toBe('Budgetcoach inzetten')
    expect(action.props.dueDate).toBe('2026-04-01')
  })
})

describe('decisions', () => {
  it('currentDecision returns the latest entry for the action, or null', () => {
    const first = decisionEntry('shape:a', 'agreed')
    const other = decisionEntry('shape:b', 'thinking')
    const second = decisionEntry('shape:a', 'declined', { residentWords: 'Toch niet' })
    const third = decisionEntry('shape:b', 'agreed')
    const all = [first, other, second, third]
    expect(currentDecision(all, 'shape:a')).toBe(second)
    expect(currentDecision(all, 'shape:b')).toBe(third)
    expect(currentDecision(all, 'shape:c')).toBeNull()
    expect(currentDecision([], 'shape:a')).toBeNull()
  })

  it('currentDecision goes by order in the log, not by timestamp', () => {
    const late = decisionEntry('shape:a', 'agreed', { at: '2030-01-01T00:00:00.000Z' })
    const early = decisionEntry('shape:a', 'declined', { at: '2020-01-01T00:00:00.000Z' })
    expect(currentDecision([late, early], 'shape:a')).toBe(early)
  })

  it('decisionHistory keeps every entry of the action, in order', () => {
    const meeting = newMeetingDoc()
    const a1 = decide(meeting, 'shape:a', 'thinking')
    decide(meeting, 'shape:b', 'agreed')
    const a2 = decide(meeting, 'shape:a', 'agreed')
    const a3 = decide(meeting, 'shape:a', 'declined')
    const { decisions } = readMeetingSnapshot(newBoardDoc(), meeting)
    expect(decisionHistory(decisions, 'shape:a')).toEqual([a1, a2, a3])
    expect(decisionHistory(decisions, 'shape:none')).toEqual([])
  })

  it('a decision for an action that does not exist crashes nothing and is ignored by the rules', () => {
    const story = ansajStory()
    decideAnsajStory(story)
    decide(story.meeting, 'shape:deleted-action', 'agreed')
    decide(story.meeting, 'shape:act-werk-typo', 'declined')
    const snapshot = readMeetingSnapshot(story.board, story.meeting)
    expect(snapshot.decisions).toHaveLength(6)
    expect(closeProblems(snapshot)).toEqual([])
    const missing = whoIsMissing(snapshot)
    expect(JSON.stringify(missing)).not.toContain('deleted-action')
    expect(JSON.stringify(missing)).not.toContain('typo')
  })
})

describe('which card counts', () => {
  it('is the first in reading order (top to bottom, then left to right, then by id), whatever the order given', () => {
    const cards = [
      { id: 'c', x: 0, y: 10 },
      { id: 'b', x: 5, y: 0 },
      { id: 'a', x: 5, y: 0 },
      { id: 'd', x: -5, y: 0 },
    ]
    expect(cardThatCounts(cards)?.id).toBe('d')
    expect(cardThatCounts(cards.slice(0, 3))?.id).toBe('a')
    expect(cardThatCounts([])).toBeNull()
  })
})
