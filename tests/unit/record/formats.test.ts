import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import Ajv2020 from 'ajv/dist/2020'
import ICAL from 'ical.js'
import { escapeMarkdown, renderMarkdown } from '../../../shared/record/markdown'
import { escapeIcsText, foldIcsLine, icsDateTime, icsUid, renderIcs } from '../../../shared/record/ics'
import { buildSessionRecord, type SessionRecord } from '../../../shared/record/sessionRecord'
import { updateMeetingInfo } from '../../../shared/ydoc/meetingDoc'
import { ansajStory, decide, decideAnsajStory, snapshotOf } from '../../helpers/domainFixtures'
import { giveContacts, recordOutcome, startNextSession, takeOffBoard } from './recordFixtures'

const BOARD = 'AbCdEfGhIjKlMnOpQrStUv'

function ansajRecord(draft: boolean, lang?: string): SessionRecord {
  const story = ansajStory()
  decideAnsajStory(story)
  return buildSessionRecord(snapshotOf(story.board, story.meeting), { boardId: BOARD, draft, generatedAt: '2026-03-02T12:00:00.000Z', lang })
}

describe('Markdown', () => {
  it('contains every action, owner, decision and her words', () => {
    const record = ansajRecord(false)
    const md = renderMarkdown(record)
    for (const action of record.actions) {
      expect(md).toContain(action.what)
      if (action.owner?.person) expect(md).toContain(action.owner.person)
      if (action.owner?.organisation) expect(md).toContain(action.owner.organisation)
      expect(md).toContain(action.decision!.label)
      if (action.decision!.residentWords) expect(md).toContain(`“${action.decision!.residentWords}”`)
    }
    expect(md).toContain('Teruggezegd in eigen woorden: “Joost zoekt een advocaat.”')
    expect(md).toContain('Vastgelegd door: Marieke (Gespreksleider)')
    expect(md).toContain('## Wie mist er aan tafel?')
    expect(md).toContain('Vervolggesprek: 30 maart 2026')
    expect(md).toContain('Score: 2 — Niet zelfredzaam')
    expect(md).toContain('Geen afbeelding van het bord bewaard.')
    expect(md.toLowerCase()).not.toContain('concept')
  })

  it('a draft says "concept" at the top and the bottom', () => {
    const md = renderMarkdown(ansajRecord(true))
    expect(md.startsWith('# CONCEPT: ')).toBe(true)
    expect(md.trimEnd().split('\n').at(-1)!.toLowerCase()).toContain('concept')
  })

  it('escapes typed text so it cannot become markup', () => {
    expect(escapeMarkdown('# kop *vet* [link](x) a|b')).toBe('\\# kop \\*vet\\* \\[link\\](x) a\\|b')
    expect(escapeMarkdown('- lijst\nnieuwe regel')).toBe('\\- lijst nieuwe regel')
  })

  it('English', () => {
    const md = renderMarkdown(ansajRecord(false, 'en'))
    expect(md).toContain('# Record of the kitchen-table meeting with Ansaj')
    expect(md).toContain('## Who is missing at the table?')
    expect(md).toContain('I do not want this')
  })
})

describe('JSON and its schema (docs/record-schema.json)', () => {
  const schema = JSON.parse(fs.readFileSync(path.resolve('docs/record-schema.json'), 'utf8')) as Record<string, unknown>
  const ajv = new Ajv2020({ allErrors: true, strict: true })
  const validate = ajv.compile(schema)

  it('is JSON Schema 2020-12 for schemaVersion 1', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema')
    expect((schema.properties as Record<string, { const?: number }>).schemaVersion.const).toBe(1)
  })

  it('validates the record of Ansaj’s meeting, draft and final, Dutch and English', () => {
    for (const record of [ansajRecord(true), ansajRecord(false), ansajRecord(false, 'en')]) {
      const json = JSON.parse(JSON.stringify(record)) as unknown
      const ok = validate(json)
      expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([])
      expect(ok).toBe(true)
    }
  })

  it('validates a follow-up with outcomes, contacts and a decided action taken off the board', () => {
    const story = ansajStory()
    giveContacts(story)
    decideAnsajStory(story)
    const closed = startNextSession(story, '2026-03-02T11:00:00.000Z', '2026-03-30T09:30:00.000Z')
    recordOutcome(story, story.ids.advocaat, 'done', 'Er is een advocaat.')
    takeOffBoard(story, story.ids.budgetCoach, '2026-03-30T10:15:00.000Z')
    const record = buildSessionRecord(snapshotOf(story.board, story.meeting), { boardId: BOARD, draft: true, previous: closed })
    expect(record.actions.some((a) => a.removed !== null)).toBe(true)
    expect(record.actions.some((a) => a.owner?.contact)).toBe(true)
    validate(JSON.parse(JSON.stringify(record)))
    expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([])
  })

  it('still validates a record exported before the additions of issue 7 (they are optional in the schema)', () => {
    const record = JSON.parse(JSON.stringify(ansajRecord(false))) as Record<string, any>
    delete record.meeting.followUpConfirmed
    delete record.meeting.timeZone
    for (const p of record.participants) delete p.contact
    for (const a of record.actions) {
      for (const key of ['asked', 'status', 'statusLabel', 'onBoard', 'removed']) delete a[key]
      if (a.owner) delete a.owner.contact
    }
    expect(validate(record), JSON.stringify(validate.errors)).toBe(true)
  })

  it('refuses a broken record', () => {
    const good = JSON.parse(JSON.stringify(ansajRecord(false))) as Record<string, any>
    const broken: Array<Record<string, any>> = [
      { ...good, schemaVersion: 2 },
      { ...good, status: 'draft' },
      { ...good, actions: [{ ...good.actions[0], decision: { ...good.actions[0].decision, decision: 'maybe' } }] },
      { ...good, actions: [{ ...good.actions[0], dueDate: '16-03-2026' }] },
      { ...good, actions: [{ ...good.actions[0], status: 'afgesproken' }] },
      { ...good, actions: [{ ...good.actions[0], removed: { by: 'Marieke', at: '2026-03-02T10:00:00Z', sessionNumber: 1 } }] },
      { ...good, meeting: { ...good.meeting, followUpDate: undefined } },
      { ...good, domains: [{ ...good.domains[0], score: 7 }] },
      { ...good, surprise: true },
    ]
    for (const record of broken) expect(validate(JSON.parse(JSON.stringify(record)))).toBe(false)
  })
})

describe('ICS', () => {
  function parse(text: string) {
    const calendar = new ICAL.Component(ICAL.parse(text))
    return calendar.getAllSubcomponents('vevent').map((vevent) => new ICAL.Event(vevent))
  }

  it('parses, with the follow-up meeting, each agreed due date and each "come back to her" date as all-day events', () => {
    const record = ansajRecord(false)
    const text = renderIcs(record)
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/)
    expect(text.split('\r\n').every((line) => new TextEncoder().encode(line).length <= 75)).toBe(true)
    const events = parse(text)
    const byDate = events.map((e) => [e.startDate.toString(), e.startDate.isDate, e.summary])
    expect(byDate).toEqual([
      ['2026-03-30', true, 'Vervolggesprek met Ansaj'],
      ['2026-03-30', true, 'Afspraak klaar: Advocaat zoeken voor de nationaliteit van de kinderen — Joost Bakker (Kinderrechtswinkel)'],
      ['2026-03-23', true, 'Afspraak klaar: Verwijzing naar de Raad voor Rechtsbijstand — mr. S. Yilmaz (Raad voor Rechtsbijstand), niet aan tafel'],
      // Who comes back to her about what she is thinking about, by when.
      ['2026-03-23', true, 'Terugkomen bij Ansaj over: Mogelijkheden voor betaald werk voor haar man uitzoeken — Marieke (Wijkteam)'],
    ])
    for (const event of events) expect(event.endDate.toString()).toBe(event.startDate.clone().adjust(1, 0, 0, 0).toString())
    // What she declined is in nobody's calendar.
    expect(text).not.toContain('Budgetcoach')
    expect(events[1].description).toContain('In haar eigen woorden: “Ja, voor de kinderen.”')
    expect(events[3].description).toContain('Wie komt bij haar terug: Marieke (Wijkteam)')
  })

  it('has stable UIDs and no tokens, links or board id', () => {
    const a = renderIcs(ansajRecord(false))
    const b = renderIcs(ansajRecord(true))
    const uids = (text: string) => parse(text).map((e) => e.uid)
    expect(uids(a)).toEqual(uids(b))
    expect(new Set(uids(a)).size).toBe(4)
    expect(a).not.toContain(BOARD)
    expect(a).not.toMatch(/https?:|www\.|token|#f=/i)
    expect(icsUid(BOARD, 'x')).toBe(icsUid(BOARD, 'x'))
    expect(icsUid(BOARD, 'x')).not.toBe(icsUid('other', 'x'))
  })

  it('a draft is tentative and says concept', () => {
    const events = parse(renderIcs(ansajRecord(true)))
    expect(events.every((e) => e.summary.startsWith('Concept: '))).toBe(true)
    expect(events.every((e) => e.component.getFirstPropertyValue('status') === 'TENTATIVE')).toBe(true)
  })

  it('times are right: every event a calendar day without zone, DTSTAMP the closing moment in UTC with Z', () => {
    const story = ansajStory()
    decideAnsajStory(story)
    // Closed at 01:30 on 31 March in Amsterdam: 23:30 on 30 March in UTC.
    updateMeetingInfo(story.meeting, { state: 'closed', closedAt: '2026-03-30T23:30:00.000Z' })
    for (const timeZone of ['Europe/Amsterdam', 'Pacific/Kiritimati', 'America/Los_Angeles']) {
      updateMeetingInfo(story.meeting, { timeZone })
      const text = renderIcs(buildSessionRecord(snapshotOf(story.board, story.meeting), { boardId: BOARD, draft: false }))
      const lines = text.split('\r\n')
      expect(lines.filter((l) => l.startsWith('DTSTAMP')).every((l) => l === 'DTSTAMP:20260330T233000Z'), timeZone).toBe(true)
      expect(lines.filter((l) => l.startsWith('DTSTART')), timeZone).toEqual([
        'DTSTART;VALUE=DATE:20260330',
        'DTSTART;VALUE=DATE:20260330',
        'DTSTART;VALUE=DATE:20260323',
        'DTSTART;VALUE=DATE:20260323',
      ])
      expect(text).not.toMatch(/TZID|DTSTART:/)
      const stamp = parse(text)[0].component.getFirstPropertyValue('dtstamp') as ICAL.Time
      expect(stamp.toJSDate().toISOString()).toBe('2026-03-30T23:30:00.000Z')
    }
    expect(icsDateTime('2026-03-30T23:30:00.000Z')).toBe('20260330T233000Z')
  })

  it('a follow-up: what she now agrees to after thinking is in it; carried agreements are not again', () => {
    const story = ansajStory()
    decideAnsajStory(story)
    startNextSession(story, '2026-03-02T11:00:00.000Z', '2026-03-30T09:30:00.000Z')
    decide(story.meeting, story.ids.werkOpties, 'agreed', { residentWords: 'Ja, nu wel.', sessionNumber: 2 })
    const events = parse(renderIcs(buildSessionRecord(snapshotOf(story.board, story.meeting), { boardId: BOARD, draft: true })))
    expect(events.map((e) => e.summary)).toEqual([
      'Concept: Vervolggesprek met Ansaj',
      'Concept: Afspraak klaar: Mogelijkheden voor betaald werk voor haar man uitzoeken — Marieke (Wijkteam)',
    ])
  })

  it('escapes text and folds long lines without splitting a character', () => {
    expect(escapeIcsText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne')
    const folded = foldIcsLine(`SUMMARY:${'ë'.repeat(80)}`)
    for (const line of folded.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75)
    expect(folded.split('\r\n').map((l, i) => (i === 0 ? l : l.slice(1))).join('')).toBe(`SUMMARY:${'ë'.repeat(80)}`)
  })
})
