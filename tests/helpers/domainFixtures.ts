/**
 * Builders for the domain unit tests: real Y.Docs, written the way the app writes them.
 * Board documents get tldraw shape records through getRecordsMap(doc).set(id, recordToYMap(record));
 * meeting documents go through the server's own writers in shared/ydoc/meetingDoc.ts.
 */
import * as Y from 'yjs'
import {
  CARD_DEFAULTS,
  CARD_TYPES,
  type ActionCardProps,
  type AgencyCardProps,
  type LifeDomainCardProps,
  type ResidentCardProps,
} from '../../shared/domain/cards'
import type { LifeDomainKey } from '../../shared/domain/lifeDomains'
import type { Decision, DecisionEntry, MeetingInfo, Participant } from '../../shared/domain/meeting'
import type { ParticipantRole } from '../../shared/domain/roles'
import type { MeetingSnapshot } from '../../shared/domain/snapshot'
import { readMeetingSnapshot } from '../../shared/ydoc/snapshot'
import { getRecordsMap, recordToYMap, type JsonObject, type JsonValue, type RecordJson } from '../../shared/ydoc/layout'
import { appendDecision, initMeetingDoc, updateMeetingInfo, upsertParticipant } from '../../shared/ydoc/meetingDoc'

export const STARTED_AT = '2026-03-02T09:30:00.000Z'

export interface Position {
  x?: number
  y?: number
}

/** A tldraw shape record as the board stores it. */
export function shapeRecord(id: string, type: string, props: object, pos: Position = {}): RecordJson {
  return {
    id,
    typeName: 'shape',
    type,
    x: pos.x ?? 0,
    y: pos.y ?? 0,
    rotation: 0,
    index: 'a1',
    parentId: 'page:page',
    isLocked: false,
    opacity: 1,
    meta: {},
    props: props as JsonObject,
  }
}

/** Puts one record on the board, the way the browser binding does. */
export function putRecord(boardDoc: Y.Doc, record: RecordJson): void {
  getRecordsMap(boardDoc).set(record.id, recordToYMap(record))
}

export function newBoardDoc(): Y.Doc {
  const doc = new Y.Doc()
  putRecord(doc, { id: 'document:document', typeName: 'document', gridSize: 10, name: '', meta: {} })
  putRecord(doc, { id: 'page:page', typeName: 'page', name: 'Page 1', index: 'a1', meta: {} })
  return doc
}

export function addResident(doc: Y.Doc, id: string, props: Partial<ResidentCardProps> = {}, pos: Position = {}): string {
  putRecord(doc, shapeRecord(id, CARD_TYPES.resident, { ...CARD_DEFAULTS.resident(), ...props }, pos))
  return id
}

export function addDomain(
  doc: Y.Doc,
  id: string,
  domain: LifeDomainKey,
  props: Partial<LifeDomainCardProps> = {},
  pos: Position = {},
): string {
  putRecord(doc, shapeRecord(id, CARD_TYPES.domain, { ...CARD_DEFAULTS.domain(domain), ...props }, pos))
  return id
}

export function addAgency(doc: Y.Doc, id: string, props: Partial<AgencyCardProps> = {}, pos: Position = {}): string {
  putRecord(doc, shapeRecord(id, CARD_TYPES.agency, { ...CARD_DEFAULTS.agency(), ...props }, pos))
  return id
}

export function addAction(doc: Y.Doc, id: string, props: Partial<ActionCardProps> = {}, pos: Position = {}): string {
  putRecord(doc, shapeRecord(id, CARD_TYPES.action, { ...CARD_DEFAULTS.action(), ...props }, pos))
  return id
}

/** A shape whose props are written as given (for invalid cards and foreign shapes). */
export function addRawShape(doc: Y.Doc, id: string, type: string, props: Record<string, JsonValue | undefined>, pos: Position = {}): string {
  putRecord(doc, shapeRecord(id, type, props, pos))
  return id
}

export function newMeetingDoc(startedAt = STARTED_AT, changes: Partial<MeetingInfo> = {}): Y.Doc {
  const doc = new Y.Doc()
  initMeetingDoc(doc, startedAt)
  if (Object.keys(changes).length) updateMeetingInfo(doc, changes)
  return doc
}

export function participant(userId: string, name: string, overrides: Partial<Participant> = {}): Participant {
  return {
    userId,
    name,
    role: 'professional' as ParticipantRole,
    organisation: '',
    atTable: true,
    joinedAt: STARTED_AT,
    ...overrides,
  }
}

export function addParticipant(doc: Y.Doc, p: Participant): Participant {
  upsertParticipant(doc, p)
  return p
}

let clock = 0
/** A decision entry; `at` increases with every call so the order is visible in the data too. */
export function decisionEntry(actionId: string, decision: Decision, overrides: Partial<DecisionEntry> = {}): DecisionEntry {
  clock += 1
  return {
    actionId,
    decision,
    residentWords: '',
    teachBack: '',
    recordedBy: { userId: 'u-facilitator', name: 'Marieke', role: 'gespreksleider' },
    residentName: 'Ansaj',
    at: new Date(Date.parse(STARTED_AT) + clock * 60_000).toISOString(),
    ...overrides,
  }
}

export function decide(doc: Y.Doc, actionId: string, decision: Decision, overrides: Partial<DecisionEntry> = {}): DecisionEntry {
  const entry = decisionEntry(actionId, decision, overrides)
  appendDecision(doc, entry)
  return entry
}

export function snapshotOf(boardDoc: Y.Doc, meetingDoc: Y.Doc): MeetingSnapshot {
  return readMeetingSnapshot(boardDoc, meetingDoc)
}

/**
 * The story from the brief: Ansaj, four domains, four actions. Returns the documents and the ids
 * so each test can change one thing. The agencies:
 *  - gemeente: municipal staff member Fatima at Werk & Inkomen, at the table
 *  - rechtswinkel: children's legal shop volunteer Joost, at the table (may only advise)
 *  - budgetbeheer: director Henk of a budget-management agency, at the table
 *  - raad: the Legal Aid Board (Raad voor Rechtsbijstand), not at the table, no person known yet
 */
export function ansajStory() {
  const board = newBoardDoc()
  const meeting = newMeetingDoc()

  const ids = {
    resident: addResident(board, 'shape:resident', { name: 'Ansaj' }, { x: 600, y: 400 }),
    financien: addDomain(board, 'shape:dom-financien', 'financien', {
      score: 2,
      worries: 'Geld is onzeker; schulden bij de energieleverancier.',
      residentWords: 'Het geld is elke maand op voor het einde.',
    }, { x: 100, y: 100 }),
    werk: addDomain(board, 'shape:dom-werk', 'werk-opleiding', {
      score: 2,
      worries: 'Man arbeidsongeschikt (oorlogstrauma); zij kan geen extra vrijwilligerswerk aan.',
    }, { x: 400, y: 100 }),
    ggz: addDomain(board, 'shape:dom-ggz', 'geestelijke-gezondheid', {
      score: 3,
      worries: 'Oorlogstrauma van haar man.',
    }, { x: 700, y: 100 }),
    verblijf: addDomain(board, 'shape:dom-verblijf', 'verblijf-nationaliteit', {
      score: 1,
      worries: 'De twee kinderen, hier geboren, hebben geen Nederlandse nationaliteit.',
    }, { x: 1000, y: 100 }),
    gemeente: addAgency(board, 'shape:ag-gemeente', {
      person: 'Fatima de Vries',
      organisation: 'Gemeente',
      office: 'Werk & Inkomen, team Noord',
      atTable: true,
      domainIds: ['shape:dom-werk'],
    }, { x: 100, y: 700 }),
    rechtswinkel: addAgency(board, 'shape:ag-rechtswinkel', {
      person: 'Joost Bakker',
      organisation: 'Kinderrechtswinkel',
      atTable: true,
      canDo: 'Advies geven',
      cannotDo: 'Procederen',
      domainIds: ['shape:dom-verblijf'],
    }, { x: 400, y: 700 }),
    budgetbeheer: addAgency(board, 'shape:ag-budget', {
      person: 'Henk Jansen',
      organisation: 'Budgetbeheer Noord',
      atTable: true,
      domainIds: ['shape:dom-financien'],
    }, { x: 700, y: 700 }),
    raad: addAgency(board, 'shape:ag-raad', {
      person: '',
      organisation: 'Raad voor Rechtsbijstand',
      atTable: false,
      domainIds: [],
    }, { x: 1000, y: 700 }),
    budgetCoach: addAction(board, 'shape:act-budgetcoach', {
      what: 'Budgetcoach inzetten',
      domainIds: ['shape:dom-financien'],
      ownerKind: 'agency',
      ownerId: 'shape:ag-budget',
      ownerPerson: 'Henk Jansen',
      dueDate: '2026-03-16',
    }, { x: 100, y: 1000 }),
    werkOpties: addAction(board, 'shape:act-werk', {
      what: 'Mogelijkheden voor betaald werk voor haar man uitzoeken',
      domainIds: ['shape:dom-werk'],
    }, { x: 400, y: 1000 }),
    advocaat: addAction(board, 'shape:act-advocaat', {
      what: 'Advocaat zoeken voor de nationaliteit van de kinderen',
      domainIds: ['shape:dom-verblijf'],
      ownerKind: 'participant',
      ownerId: 'u-joost',
      dueDate: '2026-03-30',
    }, { x: 700, y: 1000 }),
    raadVerwijzing: addAction(board, 'shape:act-raad', {
      what: 'Verwijzing naar de Raad voor Rechtsbijstand',
      domainIds: ['shape:dom-verblijf'],
      ownerKind: 'agency',
      ownerId: 'shape:ag-raad',
      ownerPerson: 'mr. S. Yilmaz',
      dueDate: '2026-03-23',
    }, { x: 1000, y: 1000 }),
  }

  addParticipant(meeting, participant('u-facilitator', 'Marieke', { role: 'gespreksleider', organisation: 'Wijkteam', access: 'facilitator' }))
  addParticipant(meeting, participant('u-ansaj', 'Ansaj', { role: 'bewoner', access: 'resident' }))
  addParticipant(meeting, participant('u-joost', 'Joost Bakker', { role: 'vrijwilliger', organisation: 'Kinderrechtswinkel', access: 'participant' }))
  // The facilitator confirmed the proposed follow-up date.
  updateMeetingInfo(meeting, { followUpConfirmed: true })

  return { board, meeting, ids }
}

/** Who comes back to her about the work options, and by when: what a "thinking" action needs to close. */
export function giveWorkOptionsAnOwner(story: ReturnType<typeof ansajStory>): void {
  const props = getRecordsMap(story.board).get(story.ids.werkOpties)!.get('props') as Y.Map<unknown>
  props.set('ownerKind', 'participant')
  props.set('ownerId', 'u-facilitator')
  props.set('dueDate', '2026-03-23')
}

/**
 * The story's decisions as in the brief: budget coach declined, lawyer agreed, work options to
 * think about — this time with who comes back to her about them (Marieke, by 23 March).
 */
export function decideAnsajStory(story: ReturnType<typeof ansajStory>, withReferral = true): void {
  const { meeting, ids } = story
  decide(meeting, ids.budgetCoach, 'declined', { residentWords: 'Mijn man wil geen controle thuis.' })
  decide(meeting, ids.advocaat, 'agreed', { residentWords: 'Ja, voor de kinderen.', teachBack: 'Joost zoekt een advocaat.' })
  giveWorkOptionsAnOwner(story)
  decide(meeting, ids.werkOpties, 'thinking', { residentWords: 'Daar wil ik over nadenken.' })
  if (withReferral) decide(meeting, ids.raadVerwijzing, 'agreed')
}
