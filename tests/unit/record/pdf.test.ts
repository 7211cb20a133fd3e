/** The two PDFs rendered in-process and read back with poppler (pdfinfo, pdftotext). */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { boardSketch } from '../../../server/export/boardSketch'
import { renderRecordPdf } from '../../../server/export/recordPdf'
import { renderResidentSummaryPdf, SUMMARY_BODY_PT, SUMMARY_HEADING_PT } from '../../../server/export/residentSummaryPdf'
import { residentSummaryFromRecord } from '../../../shared/record/residentSummary'
import { buildSessionRecord } from '../../../shared/record/sessionRecord'
import { translationFor } from '../../../shared/record/translations/index'
import { updateMeetingInfo } from '../../../shared/ydoc/meetingDoc'
import { addAction, ansajStory, decide, decideAnsajStory, snapshotOf } from '../../helpers/domainFixtures'
import { giveContacts, JOOST_CONTACT, RAAD_CONTACT, recordOutcome, startNextSession, takeOffBoard } from './recordFixtures'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tafelbord-pdf-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

function read(bytes: Buffer): { pages: number; text: string[] } {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.pdf`)
  fs.writeFileSync(file, bytes)
  const pages = Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1])
  const text = Array.from({ length: pages }, (_, i) =>
    execFileSync('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' '),
  )
  return { pages, text }
}

const LONG = 'Samen met de schuldhulpverlener alle brieven van de Belastingdienst en de energieleverancier doorlopen en een betalingsregeling afspreken'

describe('the resident’s summary PDF', () => {
  it('stays one page with three long points in every section, naming what did not fit', async () => {
    const story = ansajStory()
    decideAnsajStory(story)
    for (let i = 0; i < 5; i++) {
      decide(story.meeting, addAction(story.board, `shape:ja-${i}`, {
        what: `${LONG} (${i})`, domainIds: ['shape:dom-financien'], ownerKind: 'agency', ownerId: 'shape:ag-gemeente', ownerPerson: `Helper ${i}`, dueDate: '2026-04-01',
      }, { y: 2000 + i }), 'agreed')
      decide(story.meeting, addAction(story.board, `shape:nee-${i}`, { what: `${LONG} nee ${i}` }, { y: 3000 + i }), 'declined')
      decide(story.meeting, addAction(story.board, `shape:denk-${i}`, { what: `${LONG} denk ${i}` }, { y: 4000 + i }), 'thinking')
    }
    const record = buildSessionRecord(snapshotOf(story.board, story.meeting), { boardId: 'b', draft: false })
    const { pages, text } = read(await renderResidentSummaryPdf(residentSummaryFromRecord(record)))
    expect(pages).toBe(1)
    expect(text[0]).toContain('Wat ik heb afgesproken')
    expect(text[0]).toContain('Wie mij helpt')
    expect(text[0]).toContain('Wanneer we elkaar weer zien')
    expect(text[0]).toMatch(/En nog \d+\. Die staan in het verslag\./)
    expect(SUMMARY_BODY_PT).toBeGreaterThanOrEqual(16)
    expect(SUMMARY_HEADING_PT).toBeGreaterThanOrEqual(24)
  })
})

describe('the resident’s summary PDF says what she needs', () => {
  it('on one page: contacts, her words on what she does not want, who comes back to her and when, the confirmed date', async () => {
    const story = ansajStory()
    giveContacts(story)
    decideAnsajStory(story)
    takeOffBoard(story, story.ids.budgetCoach, '2026-03-02T10:15:00.000Z')
    const record = buildSessionRecord(snapshotOf(story.board, story.meeting), { boardId: 'b', draft: false })
    const { pages, text } = read(await renderResidentSummaryPdf(residentSummaryFromRecord(record)))
    expect(pages).toBe(1)
    for (const expected of [
      `Telefoon of e-mail: ${JOOST_CONTACT}`,
      `Telefoon of e-mail: ${RAAD_CONTACT}`,
      'Ik zei: “Mijn man wil geen controle thuis.”',
      'Van het bord gehaald door Marieke op 2 maart 2026.',
      'Marieke komt hierover bij mij terug.',
      'Uiterlijk op 23 maart 2026.',
      'Op 30 maart 2026.',
    ]) {
      expect(text[0]).toContain(expected)
    }
    // Everything fitted: nothing is named as left out.
    expect(text[0]).not.toContain('Ook in het verslag')
  })

  it('no date before the facilitator confirmed it', async () => {
    const story = ansajStory()
    decideAnsajStory(story)
    updateMeetingInfo(story.meeting, { followUpConfirmed: false })
    const record = buildSessionRecord(snapshotOf(story.board, story.meeting), { boardId: 'b', draft: true })
    const { text } = read(await renderResidentSummaryPdf(residentSummaryFromRecord(record)))
    expect(text[0]).toContain('De datum spreken we nog af.')
    expect(text[0]).not.toContain('30 maart 2026.')
  })
})

describe('the record PDF', () => {
  it('a follow-up: what holds for each action in its heading, neutral planned-vs-done headings, local times, removed cards', async () => {
    const story = ansajStory()
    decideAnsajStory(story)
    const closed = startNextSession(story, '2026-03-02T11:00:00.000Z', '2026-03-30T09:30:00.000Z')
    recordOutcome(story, story.ids.raadVerwijzing, 'notDone', 'Niemand heeft gebeld.')
    takeOffBoard(story, story.ids.budgetCoach, '2026-03-30T23:30:00.000Z')
    const snapshot = snapshotOf(story.board, story.meeting)
    const record = buildSessionRecord(snapshot, { boardId: 'b', draft: true, previous: closed })
    const { text } = read(await renderRecordPdf({ record, picturePng: null, sketch: boardSketch(snapshot, translationFor('nl')) }))
    const all = text.join(' ')
    expect(all).toContain('Afspraken van de vorige keer en wat ervan kwam')
    expect(all).toContain('Het plan (uit gesprek 1)')
    expect(all).toContain('Wat ervan kwam Uitkomst: Niet gedaan')
    expect(all).not.toMatch(/Afgesproken|\bGedaan\b/)
    expect(all).toContain('Budgetcoach inzetten — Wil ik niet (uit het vorige gesprek)')
    expect(all).toContain('Van het bord gehaald door Marieke (Gespreksleider), 31 maart 2026, 01:30 uur')
    expect(all).toContain('Mogelijkheden voor betaald werk voor haar man uitzoeken — Opnieuw kiezen: nog geen nieuwe keuze')
    expect(all).toContain('Wie komt bij haar terug: Marieke (Wijkteam)')
    expect(all).toContain('Vervolggesprek: 27 april 2026 (voorstel, nog niet bevestigd)')
    expect(all).not.toContain('UTC')
  })


  it('renders names outside the WinAnsi set, and a sketch when no picture is stored', async () => {
    const story = ansajStory()
    decideAnsajStory(story)
    addAction(story.board, 'shape:cengic', { what: 'Gesprek met Šaćir Čengić en Đurđa', ownerKind: 'participant', ownerId: 'u-joost', dueDate: '2026-04-01' }, { y: 5000 })
    const snapshot = snapshotOf(story.board, story.meeting)
    const record = buildSessionRecord(snapshot, { boardId: 'b', draft: true })
    const { pages, text } = read(await renderRecordPdf({ record, picturePng: null, sketch: boardSketch(snapshot, translationFor('nl')) }))
    const all = text.join(' ')
    expect(all).toContain('Gesprek met Šaćir Čengić en Đurđa')
    expect(all).toContain('Geen afbeelding van het bord bewaard.')
    expect(all).toContain('Schets van de kaarten op het bord')
    for (let i = 0; i < pages; i++) expect(text[i]).toContain(`Pagina ${i + 1} van ${pages}`)
    for (let i = 0; i < pages; i++) expect(text[i].toLowerCase()).toContain('concept')
  })
})
