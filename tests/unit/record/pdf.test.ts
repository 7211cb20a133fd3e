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
import { addAction, ansajStory, decide, decideAnsajStory, snapshotOf } from '../../helpers/domainFixtures'

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

describe('the record PDF', () => {
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
