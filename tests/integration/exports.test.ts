/**
 * The session record downloads against the real server: a draft before closing ("concept" on
 * every page), the final record after it, the resident's summary in Dutch and English, who may
 * download, and a follow-up session: an outcome only for what she agreed to, her "no" kept with
 * her words (also when the facilitator takes the card off the board), "thinking" decided again.
 * The server runs with its clock in UTC: every time in the record reads Dutch local time. The
 * facilitator's role in the record comes from her link, not from what she typed. PDFs are read
 * back with poppler's pdftotext, page by page.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import Ajv2020 from 'ajv/dist/2020'
import ICAL from 'ical.js'
import { CARD_DEFAULTS, CARD_TYPES } from '../../shared/domain/cards'
import { getRecordsMap } from '../../shared/ydoc/layout'
import type { SessionRecord } from '../../shared/record/sessionRecord'
import type { CreateBoardResponse } from '../../shared/protocol'
import { cleanupServers, makeTempDir, startServer } from '../helpers/serverProcess'
import type { ServerProcess } from '../helpers/serverProcess'
import {
  api,
  cardProps,
  closeMeeting,
  confirmFollowUpDate,
  putActionCard,
  putAgencyCard,
  putRecord,
  putResidentCard,
  recordDecision,
  recordOutcome,
  registerParticipant,
  shapeRecord,
  startFollowUp,
} from '../helpers/meetingFixtures'
import type { Client } from './support'
import { connectClient, createBoard, expectLogsClean, rememberContent, waitFor } from './support'

let server: ServerProcess
let board: CreateBoardResponse
let facilitator: Client
const clients: Client[] = []
const tmp = () => makeTempDir('exports')

const RESIDENT = rememberContent('Ansaj Exporttëst')
// She holds the facilitator link but typed "vrijwilliger" by a slip: the record still says gespreksleider.
const FACILITATOR = { userId: 'u-f', name: rememberContent('Femke Exportleider'), role: 'vrijwilliger', organisation: 'Wijkteam Noord' }
const JOOST_CONTACT = rememberContent('joost.bakker@kinderrechtswinkel.example')
const JOOST = { userId: 'u-j', name: rememberContent('Joost Bakkér'), role: 'vrijwilliger', organisation: 'Kinderrechtswinkel', atTable: false, contact: JOOST_CONTACT }

const DOMAIN = 'shape:dom-verblijf'
const AGENCY = 'shape:ag-raad'
const LAWYER = 'shape:act-advocaat'
const REFERRAL = 'shape:act-raad'
const COACH = 'shape:act-coach'
const WORK = 'shape:act-werk'

const ACTIONS = {
  [LAWYER]: { what: 'Advocaat zoeken voor de nationaliteit van de kinderen', owner: JOOST.name, org: 'Kinderrechtswinkel' },
  [REFERRAL]: { what: 'Verwijzing naar de Raad voor Rechtsbijstand', owner: 'mr. S. Yilmaz', org: 'Raad voor Rechtsbijstand' },
  [COACH]: { what: 'Budgetcoach inzetten', owner: null, org: null },
  [WORK]: { what: 'Betaald werk voor haar man uitzoeken', owner: null, org: null },
}
const WORDS = {
  [LAWYER]: rememberContent('Ja, “voor de kinderen” — dat is écht belangrijk, zegt Zoë.'),
  [REFERRAL]: rememberContent('Goed, als het niets kost.'),
  [COACH]: rememberContent('Mijn man wil geen controle thuis.'),
  [WORK]: rememberContent('Daar wil ik over nadenken.'),
}
const DECISIONS = { [LAWYER]: 'agreed', [REFERRAL]: 'agreed', [COACH]: 'declined', [WORK]: 'thinking' } as const
const LABELS = { agreed: 'Wil ik', declined: 'Wil ik niet', thinking: 'Wil ik over nadenken' }

/** A real PNG (poppler renders a PDF page), so the record's picture is an actual image. */
let picturePng: Buffer

const exportPath = (session: string | number, file: string) => `/api/boards/${board.id}/sessions/${session}/${file}`

async function download(session: string | number, file: string, token = board.facilitatorToken, id = board.id) {
  const res = await fetch(`${server.baseUrl}/api/boards/${id}/sessions/${session}/${file}`, {
    headers: { Authorization: `Bearer ${token}` },
  })
  return { res, bytes: Buffer.from(await res.arrayBuffer()) }
}

/** Every page's text, via pdftotext -f n -l n, with whitespace collapsed. */
function pdfPages(bytes: Buffer): string[] {
  const file = path.join(tmp(), 'export.pdf')
  fs.writeFileSync(file, bytes)
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' })
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)![1])
  return Array.from({ length: pages }, (_, i) =>
    execFileSync('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' '),
  )
}

function expectRecordContent(text: string): void {
  for (const [id, action] of Object.entries(ACTIONS)) {
    expect(text, action.what).toContain(action.what)
    if (action.owner) expect(text).toContain(action.owner)
    if (action.org) expect(text).toContain(action.org)
    expect(text).toContain(LABELS[DECISIONS[id as keyof typeof DECISIONS]])
    expect(text).toContain(`“${WORDS[id as keyof typeof WORDS]}”`)
  }
  expect(text).toContain('Teruggezegd in eigen woorden: “Joost zoekt een advocaat.”')
  expect(text).toContain(RESIDENT)
  expect(text).toContain(`Gespreksleider: ${FACILITATOR.name} (Wijkteam Noord)`)
  expect(text).toContain(`Vastgelegd door: ${FACILITATOR.name} (Gespreksleider)`)
  expect(text).not.toContain('(Vrijwilliger)')
  expect(text).not.toContain('UTC')
  expect(text).toContain('Verblijf & nationaliteit')
  expect(text).toContain('Acute problematiek')
  expect(text).toContain('Wie mist er aan tafel?')
}

beforeAll(async () => {
  // The machine's clock in UTC: the record must still read Dutch local time.
  server = await startServer({ env: { TZ: 'UTC' } })
  board = await createBoard(server)
  facilitator = await connectClient(server, board.id, board.facilitatorToken)
  clients.push(facilitator)
  // A real board has its page; a decided card is guarded on it.
  putRecord(facilitator.doc, { id: 'page:page', typeName: 'page', name: 'Pagina 1', index: 'a1', meta: {} })
  putResidentCard(facilitator.doc, 'shape:bewoner', { name: RESIDENT })
  putRecord(
    facilitator.doc,
    shapeRecord(DOMAIN, CARD_TYPES.domain, {
      ...CARD_DEFAULTS.domain('verblijf-nationaliteit'),
      score: 1,
      worries: rememberContent('De kinderen hebben geen Nederlandse nationaliteit.'),
      residentWords: rememberContent('Ik wil dat mijn kinderen hier horen.'),
    }, { x: 0, y: 0 }),
  )
  putAgencyCard(facilitator.doc, AGENCY, { person: '', organisation: 'Raad voor Rechtsbijstand', atTable: false, domainIds: [DOMAIN] })
  putActionCard(facilitator.doc, LAWYER, { what: ACTIONS[LAWYER].what, domainIds: [DOMAIN], ownerKind: 'participant', ownerId: JOOST.userId, dueDate: '2026-03-30' }, 300)
  putActionCard(facilitator.doc, REFERRAL, { what: ACTIONS[REFERRAL].what, domainIds: [DOMAIN], ownerKind: 'agency', ownerId: AGENCY, ownerPerson: 'mr. S. Yilmaz', dueDate: '2026-03-23' }, 500)
  putActionCard(facilitator.doc, COACH, { what: ACTIONS[COACH].what }, 700)
  // Who comes back to her about what she wants to think about, and by when.
  putActionCard(facilitator.doc, WORK, { what: ACTIONS[WORK].what, ownerKind: 'participant', ownerId: FACILITATOR.userId, dueDate: '2026-03-23' }, 900)
  const registered = await registerParticipant(server, board.id, board.facilitatorToken, FACILITATOR)
  expect(registered.body.participant).toMatchObject({ role: 'gespreksleider', access: 'facilitator' })
  expect((await registerParticipant(server, board.id, board.participantToken, JOOST)).status).toBe(200)
  // The cards have reached the server when a second client sees them.
  const observer = await connectClient(server, board.id, board.participantToken)
  clients.push(observer)
  await waitFor(() => cardProps(observer.doc, WORK) !== undefined, 'cards on the server')
  for (const id of [LAWYER, REFERRAL, COACH, WORK] as const) {
    const answer = await recordDecision(server, board.id, board.facilitatorToken, {
      actionId: id,
      decision: DECISIONS[id],
      residentWords: WORDS[id],
      teachBack: id === LAWYER ? 'Joost zoekt een advocaat.' : '',
      recordedBy: { userId: FACILITATOR.userId },
    })
    expect(answer.status).toBe(201)
  }
  const dir = tmp()
  fs.writeFileSync(path.join(dir, 'p.pdf'), Buffer.from('%PDF-1.1\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 120]>>endobj\ntrailer<</Root 1 0 R>>\n'))
  execFileSync('pdftoppm', ['-png', '-r', '20', '-singlefile', path.join(dir, 'p.pdf'), path.join(dir, 'p')])
  picturePng = fs.readFileSync(path.join(dir, 'p.png'))
})

afterAll(async () => {
  for (const client of clients.splice(0)) client.destroy()
  expectLogsClean()
  await cleanupServers()
})

describe('who may download', () => {
  it('only the facilitator: 403 for the participant and resident links, 401 for a wrong token, 404 for unknown boards and sessions', async () => {
    for (const token of [board.participantToken, board.residentToken]) {
      const { res, bytes } = await download('current', 'record.pdf', token)
      expect(res.status).toBe(403)
      expect(JSON.parse(bytes.toString()).error).toBe('forbidden')
    }
    expect((await download('current', 'record.json', 'x'.repeat(43))).res.status).toBe(401)
    expect((await download('current', 'record.json', board.facilitatorToken, 'AAAAAAAAAAAAAAAAAAAAAA')).res.status).toBe(404)
    for (const session of ['7', '0', 'abc', '1e3']) {
      const { res, bytes } = await download(session, 'record.json')
      expect(res.status, session).toBe(404)
      expect(JSON.parse(bytes.toString()).error).toBe('unknown_session')
    }
    expect((await download('current', 'record.txt')).res.status).toBe(404)
    expect((await download('current', 'summary.pdf?lang=tlh')).res.status).toBe(400)
    const post = await api(server, 'POST', exportPath('current', 'record.pdf'), board.facilitatorToken)
    expect(post.status).toBe(405)
  })
})

describe('before closing: a draft, marked concept', () => {
  it('PDF: every action, owner, decision and her words; "concept" on every page', async () => {
    const { res, bytes } = await download('current', 'record.pdf')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="verslag-gesprek-1.pdf"')
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
    const pages = pdfPages(bytes)
    expect(pages.length).toBeGreaterThan(1)
    for (const [i, page] of pages.entries()) {
      expect(page.toLowerCase(), `page ${i + 1}`).toContain('concept')
      expect(page, `page ${i + 1}`).toContain(`Pagina ${i + 1} van ${pages.length}`)
    }
    expectRecordContent(pages.join(' '))
    expect(pages.join(' ')).toContain('Geen afbeelding van het bord bewaard')
  })

  it('Markdown, JSON and ICS say concept too, and parse', async () => {
    const md = await download('current', 'record.md')
    expect(md.res.headers.get('content-type')).toBe('text/markdown; charset=utf-8')
    const text = md.bytes.toString('utf8')
    expect(text.startsWith('# CONCEPT: ')).toBe(true)
    expectRecordContent(text.replace(/\s+/g, ' '))

    const json = await download('current', 'record.json')
    expect(json.res.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(json.res.headers.get('content-disposition')).toBe('attachment; filename="verslag-gesprek-1.json"')
    const record = JSON.parse(json.bytes.toString('utf8')) as SessionRecord
    const schema = JSON.parse(fs.readFileSync(path.resolve('docs/record-schema.json'), 'utf8')) as object
    const validate = new Ajv2020({ allErrors: true }).compile(schema)
    expect(validate(record), JSON.stringify(validate.errors)).toBe(true)
    expect(record.status).toBe('concept')
    expect(record.meeting.state).toBe('open')

    const ics = await download('current', 'record.ics')
    expect(ics.res.headers.get('content-type')).toBe('text/calendar; charset=utf-8')
    expect(ics.res.headers.get('content-disposition')).toBe('attachment; filename="afspraken-gesprek-1.ics"')
    const events = new ICAL.Component(ICAL.parse(ics.bytes.toString('utf8'))).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v))
    // The follow-up, the two agreed due dates, and the day Femke comes back to her about the work.
    expect(events.map((e) => e.summary.startsWith('Concept: '))).toEqual([true, true, true, true])
    expect(events[3].summary).toBe(`Concept: Terugkomen bij ${RESIDENT} over: ${ACTIONS[WORK].what} — ${FACILITATOR.name} (Wijkteam Noord)`)
    expect(ics.bytes.toString()).not.toContain(board.id)
    expect(ics.bytes.toString()).not.toContain(board.facilitatorToken)
  })

  it('the resident’s summary: one page, her three headings first, her agreed actions; ?lang=en in English', async () => {
    const nl = await download('current', 'summary.pdf')
    expect(nl.res.status).toBe(200)
    expect(nl.res.headers.get('content-disposition')).toBe('attachment; filename="samenvatting-gesprek-1.pdf"')
    const [page, ...rest] = pdfPages(nl.bytes)
    expect(rest).toEqual([])
    const order = ['Wat ik heb afgesproken', 'Wie mij helpt', 'Wanneer we elkaar weer zien', 'Wat ik niet wil', 'Waar ik nog over nadenk']
    const positions = order.map((heading) => page.indexOf(heading))
    expect(positions.every((p) => p >= 0), page).toBe(true)
    expect([...positions].sort((a, b) => a - b)).toEqual(positions)
    expect(page).toContain(ACTIONS[LAWYER].what)
    expect(page).toContain(ACTIONS[REFERRAL].what)
    expect(page).toContain(`${JOOST.name} (Kinderrechtswinkel)`)
    expect(page).toContain(`Telefoon of e-mail: ${JOOST_CONTACT}`)
    expect(page).toContain(`Ik zei: “${WORDS[COACH]}”`)
    expect(page).toContain(`${FACILITATOR.name} komt hierover bij mij terug.`)
    expect(page).toContain('Uiterlijk op 23 maart 2026.')
    // The follow-up date is not confirmed yet: her page does not show it.
    expect(page).toContain('De datum spreken we nog af.')
    expect(page.toLowerCase()).toContain('concept')

    const en = await download('current', 'summary.pdf?lang=en')
    expect(en.res.headers.get('content-disposition')).toBe('attachment; filename="samenvatting-gesprek-1-en.pdf"')
    const english = pdfPages(en.bytes).join(' ')
    for (const heading of ['What I agreed to', 'Who helps me', 'When we meet again']) expect(english).toContain(heading)
    expect(english).not.toContain('Wat ik heb afgesproken')
    expect(english).toContain(ACTIONS[LAWYER].what)
  })
})

describe('times in the record: Dutch local time, whatever the server’s clock', () => {
  /** "2 maart 2026, 10:31 uur" for a moment, computed here with Intl, independent of the record code. */
  function amsterdam(iso: string): string {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
        .formatToParts(new Date(iso))
        .map((p) => [p.type, p.value]),
    )
    return `${parts.day} ${parts.month} ${parts.year}, ${parts.hour}:${parts.minute} uur`
  }

  it('every "recorded by" in Markdown and PDF is in Europe/Amsterdam; the JSON keeps the moment in UTC and names the zone', async () => {
    const record = JSON.parse((await download('current', 'record.json')).bytes.toString('utf8')) as SessionRecord
    expect(record.meeting.timeZone).toBe('Europe/Amsterdam')
    const at = record.actions.find((a) => a.id === LAWYER)!.decision!.at
    expect(at).toMatch(/Z$/)
    const local = amsterdam(at)
    // Never the UTC wall-clock time: Amsterdam is one or two hours ahead.
    const utc = `${at.slice(11, 16)} uur`
    expect(local.endsWith(utc)).toBe(false)
    const md = (await download('current', 'record.md')).bytes.toString('utf8')
    expect(md).toContain(`Vastgelegd door: ${FACILITATOR.name} (Gespreksleider), ${local}`)
    expect(md).toContain('Alle tijden in tijdzone Europe/Amsterdam')
    const pdf = pdfPages((await download('current', 'record.pdf')).bytes).join(' ')
    expect(pdf).toContain(`Vastgelegd door: ${FACILITATOR.name} (Gespreksleider), ${local}`)
  })
})

describe('after closing: the final record', () => {
  let finalJson: SessionRecord

  it('PDF without "concept", with the picture of the board, from the live session and from the archive', async () => {
    await confirmFollowUpDate(server, board.id, board.facilitatorToken)
    const closed = await closeMeeting(server, board.id, board.facilitatorToken, { picturePng: picturePng.toString('base64') })
    expect(closed.status).toBe(200)
    for (const session of ['current', '1']) {
      const { res, bytes } = await download(session, 'record.pdf')
      expect(res.status).toBe(200)
      const pages = pdfPages(bytes)
      for (const [i, page] of pages.entries()) expect(page.toLowerCase(), `${session} page ${i + 1}`).not.toContain('concept')
      const text = pages.join(' ')
      expectRecordContent(text)
      expect(text).toContain('Afgerond verslag')
      expect(text).not.toContain('Geen afbeelding van het bord bewaard')
      expect(execFileSync('pdfimages', ['-list', '-'], { input: bytes, encoding: 'utf8' }).split('\n').length).toBeGreaterThan(3)
    }
    const json = JSON.parse((await download('1', 'record.json')).bytes.toString('utf8')) as SessionRecord
    expect(json.status).toBe('final')
    expect(json.picture).toEqual({ stored: true })
    expect(json.meeting.closedAt).toBe(closed.body.meeting && (closed.body.meeting as { closedAt: string }).closedAt)
    finalJson = json
    const md = (await download('1', 'record.md')).bytes.toString('utf8')
    expect(md.toLowerCase()).not.toContain('concept')
    const summary = pdfPages((await download('1', 'summary.pdf')).bytes).join(' ')
    expect(summary.toLowerCase()).not.toContain('concept')
    // Confirmed and closed: now her page says when we meet again.
    expect(summary).toMatch(/Wanneer we elkaar weer zien Op \d{1,2} \w+ \d{4}\./)
  })

  it('logs record_exported with the format and the board prefix only', () => {
    const events = server.events().filter((e) => e.event === 'record_exported')
    expect(events.length).toBeGreaterThan(5)
    for (const event of events) {
      expect(event.board).toBe(board.id.slice(0, 6))
      expect(['record.pdf', 'record.md', 'record.json', 'record.ics', 'summary.pdf']).toContain(event.format)
    }
    expect(events.some((e) => e.status === 'concept')).toBe(true)
    expect(events.some((e) => e.status === 'final')).toBe(true)
  })

  it('a follow-up asks an outcome only for what she agreed to; "thinking" is decided again; the first session stays as it was', async () => {
    expect(finalJson).toBeDefined()
    const started = await startFollowUp(server, board.id, board.facilitatorToken)
    expect(started.status).toBe(200)
    const done = rememberContent('Er is een advocaat; de aanvraag loopt.')
    const notDone = rememberContent('Niemand heeft mij gebeld.')
    for (const [actionId, outcome, residentWords] of [[LAWYER, 'done', done], [REFERRAL, 'notDone', notDone]] as const) {
      const answer = await recordOutcome(server, board.id, board.facilitatorToken, { actionId, outcome, residentWords, recordedBy: { userId: FACILITATOR.userId } })
      expect(answer.status).toBe(201)
    }
    // What she declined is not asked about again; what she thought about gets a new decision, not an outcome.
    for (const actionId of [COACH, WORK]) {
      const answer = await recordOutcome(server, board.id, board.facilitatorToken, { actionId, outcome: 'noLongerNeeded', residentWords: '', recordedBy: { userId: FACILITATOR.userId } })
      expect(answer.status, actionId).toBe(409)
      expect(answer.body.error).toBe('outcome_not_asked')
    }
    const yesNow = rememberContent('Ja, nu wil ik het wel.')
    const decided = await recordDecision(server, board.id, board.facilitatorToken, { actionId: WORK, decision: 'agreed', residentWords: yesNow, recordedBy: { userId: FACILITATOR.userId } })
    expect(decided.status).toBe(201)

    for (const session of ['current', '2']) {
      const record = JSON.parse((await download(session, 'record.json')).bytes.toString('utf8')) as SessionRecord
      expect(record.status).toBe('concept')
      expect(record.meeting.sessionNumber).toBe(2)
      expect(record.plannedVsDone.map((p) => p.actionId).sort()).toEqual([LAWYER, REFERRAL].sort())
      const lawyer = record.plannedVsDone.find((p) => p.actionId === LAWYER)!
      expect(lawyer).toMatchObject({
        plannedInSession: 1,
        plannedSource: 'previousSession',
        planned: { decision: { decision: 'agreed', residentWords: WORDS[LAWYER] }, owner: { person: JOOST.name, organisation: 'Kinderrechtswinkel', contact: JOOST_CONTACT }, dueDate: '2026-03-30' },
        done: { outcome: 'done', label: 'Gedaan', residentWords: done },
      })
      expect(record.plannedVsDone.find((p) => p.actionId === REFERRAL)!.done).toMatchObject({ outcome: 'notDone', label: 'Niet gedaan' })
      const status = Object.fromEntries(record.actions.map((a) => [a.id, [a.asked, a.status]]))
      expect(status).toEqual({
        [LAWYER]: ['outcome', 'done'],
        [REFERRAL]: ['outcome', 'notDone'],
        [COACH]: ['none', 'declined'],
        [WORK]: ['decision', 'agreed'],
      })
      expect(record.actions.find((a) => a.id === COACH)!.decision).toMatchObject({ decision: 'declined', residentWords: WORDS[COACH], sessionNumber: 1 })
    }
    const { res, bytes } = await download('current', 'record.pdf')
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="verslag-gesprek-2.pdf"')
    const text = pdfPages(bytes).join(' ')
    expect(text).toContain('Afspraken van de vorige keer en wat ervan kwam')
    expect(text).toContain('Het plan (uit gesprek 1)')
    expect(text).toContain('Wat ervan kwam Uitkomst: Gedaan')
    expect(text).toContain('Wat ervan kwam Uitkomst: Niet gedaan')
    expect(text).toContain(`“${done}”`)
    expect(text).toContain(`“${notDone}”`)
    expect(text).toContain(`${ACTIONS[COACH].what} — Wil ik niet (uit het vorige gesprek)`)
    expect(text).toContain(`${ACTIONS[WORK].what} — Wil ik (uit het vorige gesprek)`)
    expect(text).not.toContain('Afgesproken')

    // Session 1 reads exactly as before.
    const again = JSON.parse((await download('1', 'record.json')).bytes.toString('utf8')) as SessionRecord
    expect({ ...again, generatedAt: '' }).toEqual({ ...finalJson, generatedAt: '' })
    expect((await download('3', 'record.json')).res.status).toBe(404)
  })

  it('the facilitator takes her "no" off the board: the record and her summary keep it, with her words, who and when', async () => {
    facilitator.doc.transact(() => getRecordsMap(facilitator.doc).delete(COACH))
    const record: SessionRecord = await waitFor(async () => {
      const json = JSON.parse((await download('current', 'record.json')).bytes.toString('utf8')) as SessionRecord
      return json.actions.find((a) => a.id === COACH && !a.onBoard && a.removed) ? json : undefined
    }, 'the removal is in the record') as SessionRecord
    const coach = record.actions.find((a) => a.id === COACH)!
    expect(coach).toMatchObject({
      what: ACTIONS[COACH].what,
      status: 'declined',
      decision: { residentWords: WORDS[COACH] },
      removed: { by: { name: FACILITATOR.name, role: 'gespreksleider' }, sessionNumber: 2 },
    })
    const md = (await download('current', 'record.md')).bytes.toString('utf8')
    expect(md).toContain(`Van het bord gehaald door ${FACILITATOR.name} (Gespreksleider), `)
    expect(md).toContain(`“${WORDS[COACH]}”`)
    const summary = pdfPages((await download('current', 'summary.pdf')).bytes)
    expect(summary).toHaveLength(1)
    expect(summary[0]).toContain(ACTIONS[COACH].what)
    expect(summary[0]).toContain(`Ik zei: “${WORDS[COACH]}”`)
    expect(summary[0]).toContain(`Van het bord gehaald door ${FACILITATOR.name} op `)
    // Carried agreements and what she now agrees to: no "nothing agreed".
    expect(summary[0]).toContain(ACTIONS[WORK].what)
    expect(summary[0]).not.toContain('Ik heb nog niets afgesproken')
  })
})
