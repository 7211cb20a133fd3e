import { describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { whoIsMissing } from '../../../shared/domain/missingAtTable'
import { hasNamedOwner, resolveOwner } from '../../../shared/domain/owners'
import { readMeetingSnapshot } from '../../../shared/ydoc/snapshot'
import { getRecordsMap } from '../../../shared/ydoc/layout'
import {
  addAction,
  addAgency,
  addDomain,
  addParticipant,
  ansajStory,
  newBoardDoc,
  newMeetingDoc,
  participant,
  decide as decideFixture,
} from '../../helpers/domainFixtures'

function missing(board: Y.Doc, meeting: Y.Doc = newMeetingDoc()) {
  return whoIsMissing(readMeetingSnapshot(board, meeting))
}

function setProp(board: Y.Doc, id: string, key: string, value: unknown) {
  ;(getRecordsMap(board).get(id)!.get('props') as Y.Map<unknown>).set(key, value)
}

describe('who is missing at the table — domains', () => {
  it('lists a domain with worries and nobody on it, because of the worries', () => {
    const board = newBoardDoc()
    addDomain(board, 'shape:fin', 'financien', { worries: 'Een belastingaanslag die niemand zag aankomen' })
    expect(missing(board)).toEqual([{ kind: 'uncoveredDomain', domainId: 'shape:fin', because: ['worries'] }])
  })

  it('lists a domain with score 2 and no worries, because of the low score', () => {
    const board = newBoardDoc()
    addDomain(board, 'shape:fin', 'financien', { score: 2 })
    expect(missing(board)).toEqual([{ kind: 'uncoveredDomain', domainId: 'shape:fin', because: ['lowScore'] }])
  })

  it('lists both reasons', () => {
    const board = newBoardDoc()
    addDomain(board, 'shape:ggz', 'geestelijke-gezondheid', { score: 3, worries: 'Oorlogstrauma' })
    expect(missing(board)).toEqual([{ kind: 'uncoveredDomain', domainId: 'shape:ggz', because: ['worries', 'lowScore'] }])
  })

  it('does not list a domain with score 4 or 5 and no worries, nor one without score or worries', () => {
    const board = newBoardDoc()
    addDomain(board, 'shape:a', 'huisvesting', { score: 4 })
    addDomain(board, 'shape:b', 'sociaal-netwerk', { score: 5, strengths: 'Goede buren' })
    addDomain(board, 'shape:c', 'justitie', { score: null, worries: '   ' })
    expect(missing(board)).toEqual([])
  })

  it('a domain covered by an agency is not listed', () => {
    const board = newBoardDoc()
    addDomain(board, 'shape:fin', 'financien', { score: 1, worries: 'Schulden' })
    addAgency(board, 'shape:ag', { person: 'Henk', organisation: 'Budgetbeheer', domainIds: ['shape:other', 'shape:fin'] })
    expect(missing(board)).toEqual([])
  })

  it('an agency involved in another domain does not cover this one', () => {
    const board = newBoardDoc()
    addDomain(board, 'shape:fin', 'financien', { worries: 'Schulden' })
    addDomain(board, 'shape:werk', 'werk-opleiding', { worries: 'Geen werk' })
    addAgency(board, 'shape:ag', { person: 'Henk', domainIds: ['shape:werk'] })
    expect(missing(board)).toEqual([{ kind: 'uncoveredDomain', domainId: 'shape:fin', because: ['worries'] }])
  })

  it('a domain covered by an action with a named owner is not listed', () => {
    const board = newBoardDoc()
    const meeting = newMeetingDoc()
    addParticipant(meeting, participant('u-joost', 'Joost', { organisation: 'Kinderrechtswinkel' }))
    addDomain(board, 'shape:verblijf', 'verblijf-nationaliteit', { score: 1, worries: 'Kinderen zonder nationaliteit' })
    addAction(board, 'shape:act', { what: 'Advocaat zoeken', domainIds: ['shape:verblijf'], ownerKind: 'participant', ownerId: 'u-joost' })
    expect(missing(board, meeting)).toEqual([])
  })

  it('an action without owner does not cover its domain', () => {
    const board = newBoardDoc()
    addDomain(board, 'shape:werk', 'werk-opleiding', { worries: 'Man arbeidsongeschikt' })
    addAction(board, 'shape:act', { what: 'Werk zoeken', domainIds: ['shape:werk'] })
    expect(missing(board)).toEqual([{ kind: 'uncoveredDomain', domainId: 'shape:werk', because: ['worries'] }])
  })

  it('an action owned by an agency without a person does not cover its domain', () => {
    const board = newBoardDoc()
    addDomain(board, 'shape:werk', 'werk-opleiding', { worries: 'Man arbeidsongeschikt' })
    addAgency(board, 'shape:gemeente', { organisation: 'Gemeente', person: '' })
    addAction(board, 'shape:act', { what: 'Werk zoeken', domainIds: ['shape:werk'], ownerKind: 'agency', ownerId: 'shape:gemeente' })
    expect(missing(board)).toEqual([{ kind: 'uncoveredDomain', domainId: 'shape:werk', because: ['worries'] }])
  })

  it('an action owned by a participant who is not registered does not cover its domain', () => {
    const board = newBoardDoc()
    addDomain(board, 'shape:werk', 'werk-opleiding', { worries: 'Man arbeidsongeschikt' })
    addAction(board, 'shape:act', { what: 'Werk zoeken', domainIds: ['shape:werk'], ownerKind: 'participant', ownerId: 'u-ghost' })
    expect(missing(board)).toEqual([{ kind: 'uncoveredDomain', domainId: 'shape:werk', because: ['worries'] }])
  })

  it('an owned action for another domain does not cover this one', () => {
    const board = newBoardDoc()
    const meeting = newMeetingDoc()
    addParticipant(meeting, participant('u-joost', 'Joost'))
    addDomain(board, 'shape:werk', 'werk-opleiding', { score: 2 })
    addAction(board, 'shape:act', { what: 'Advocaat', domainIds: ['shape:verblijf'], ownerKind: 'participant', ownerId: 'u-joost' })
    expect(missing(board, meeting)).toEqual([{ kind: 'uncoveredDomain', domainId: 'shape:werk', because: ['lowScore'] }])
  })
})

describe('who is missing at the table — owners', () => {
  it('lists an owner agency marked not at the table, with person and organisation', () => {
    const board = newBoardDoc()
    addAgency(board, 'shape:raad', { organisation: 'Raad voor Rechtsbijstand', person: 'mr. Yilmaz', atTable: false })
    addAction(board, 'shape:act', { what: 'Verwijzing', ownerKind: 'agency', ownerId: 'shape:raad' })
    expect(missing(board)).toEqual([
      { kind: 'absentOwner', actionId: 'shape:act', person: 'mr. Yilmaz', organisation: 'Raad voor Rechtsbijstand' },
    ])
  })

  it('names the person written on the action before the agency card person', () => {
    const board = newBoardDoc()
    addAgency(board, 'shape:raad', { organisation: 'Raad voor Rechtsbijstand', person: 'Balie', atTable: false })
    addAction(board, 'shape:act', { what: 'Verwijzing', ownerKind: 'agency', ownerId: 'shape:raad', ownerPerson: ' mr. Yilmaz ' })
    expect(missing(board)).toEqual([
      { kind: 'absentOwner', actionId: 'shape:act', person: 'mr. Yilmaz', organisation: 'Raad voor Rechtsbijstand' },
    ])
  })

  it('does not list an owner agency at the table', () => {
    const board = newBoardDoc()
    addAgency(board, 'shape:gemeente', { organisation: 'Gemeente', person: 'Fatima', atTable: true })
    addAction(board, 'shape:act', { what: 'Uitkering checken', ownerKind: 'agency', ownerId: 'shape:gemeente' })
    expect(missing(board)).toEqual([])
  })

  it('an agency not at the table that owns nothing is not an absent owner', () => {
    const board = newBoardDoc()
    addAgency(board, 'shape:raad', { organisation: 'Raad voor Rechtsbijstand', atTable: false })
    expect(missing(board)).toEqual([])
  })

  it('a participant owner is present, also when joined remotely', () => {
    const board = newBoardDoc()
    const meeting = newMeetingDoc()
    addParticipant(meeting, participant('u-joost', 'Joost', { atTable: false, contact: ' 06-12345678 ' }))
    addAction(board, 'shape:act', { what: 'Advocaat', ownerKind: 'participant', ownerId: 'u-joost' })
    expect(missing(board, meeting)).toEqual([])
    const snapshot = readMeetingSnapshot(board, meeting)
    expect(resolveOwner(snapshot, snapshot.actions[0].props)).toEqual({
      person: 'Joost',
      organisation: '',
      present: true,
      kind: 'participant',
      ownerId: 'u-joost',
      contact: '06-12345678',
    })
  })
})

describe('owners', () => {
  it('hasNamedOwner needs a non-blank person', () => {
    const owner = { person: 'Fatima', organisation: 'Gemeente', present: true, kind: 'agency' as const, ownerId: 'shape:g', contact: '' }
    expect(hasNamedOwner(owner)).toBe(true)
    expect(hasNamedOwner({ ...owner, person: '  ' })).toBe(false)
    expect(hasNamedOwner(null)).toBe(false)
  })

  it('resolveOwner returns null for "none", unknown participants and unknown agency cards', () => {
    const board = newBoardDoc()
    addAction(board, 'shape:none', { what: 'a', ownerKind: 'none', ownerId: 'u-1' })
    addAction(board, 'shape:p', { what: 'b', ownerKind: 'participant', ownerId: 'u-ghost' })
    addAction(board, 'shape:g', { what: 'c', ownerKind: 'agency', ownerId: 'shape:gone' })
    const meeting = newMeetingDoc()
    addParticipant(meeting, participant('u-1', 'Marieke'))
    const snapshot = readMeetingSnapshot(board, meeting)
    for (const action of snapshot.actions) expect(resolveOwner(snapshot, action.props), action.id).toBeNull()
  })
})

describe('who is missing at the table — Ansaj', () => {
  it('finds Geestelijke gezondheid uncovered and the Legal Aid Board away from the table', () => {
    const { board, meeting, ids } = ansajStory()
    expect(missing(board, meeting)).toEqual([
      { kind: 'uncoveredDomain', domainId: ids.ggz, because: ['worries', 'lowScore'] },
      { kind: 'absentOwner', actionId: ids.raadVerwijzing, person: 'mr. S. Yilmaz', organisation: 'Raad voor Rechtsbijstand' },
    ])
  })

  it('once a GGZ agency joins for that domain, only the absent owner is left', () => {
    const { board, meeting, ids } = ansajStory()
    addAgency(board, 'shape:ag-ggz', { person: 'Dr. Kovač', organisation: 'GGZ', domainIds: [ids.ggz] })
    expect(missing(board, meeting).map((m) => m.kind)).toEqual(['absentOwner'])
  })

  it('when the budget agency leaves Financiën, the budget-coach action (owned by Henk) still covers it', () => {
    const { board, meeting, ids } = ansajStory()
    setProp(board, ids.budgetbeheer, 'domainIds', [])
    expect(missing(board, meeting).filter((m) => m.kind === 'uncoveredDomain').map((m) => (m as { domainId: string }).domainId)).toEqual([ids.ggz])
  })
})

describe('who is missing at the table — declined actions', () => {
  it('a declined action does not cover its domain, and its owner is not needed at the table', () => {
    const board = newBoardDoc()
    const meeting = newMeetingDoc()
    addDomain(board, 'shape:fin', 'financien', { worries: 'schulden' })
    addAgency(board, 'shape:bb', { organisation: 'Budgetbeheer BV', person: 'Henk', atTable: false })
    addAction(board, 'shape:coach', {
      what: 'Budgetcoach',
      domainIds: ['shape:fin'],
      ownerKind: 'agency',
      ownerId: 'shape:bb',
      ownerPerson: 'Henk',
    })
    const before = missing(board, meeting)
    expect(before).toEqual([{ kind: 'absentOwner', actionId: 'shape:coach', person: 'Henk', organisation: 'Budgetbeheer BV' }])
    decideFixture(meeting, 'shape:coach', 'declined', { residentWords: 'geen controle thuis' })
    expect(missing(board, meeting)).toEqual([{ kind: 'uncoveredDomain', domainId: 'shape:fin', because: ['worries'] }])
  })
})
