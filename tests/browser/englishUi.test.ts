/**
 * The UI in English says why something was refused in English, in its own words (issue 9): the
 * server's refusals arrive as codes (`reason`), never as sentences for the screen. Two browsers,
 * both switched to English with the UI's own language switch: the facilitator's close is refused
 * while an action waits for her decision, and her phone's answer is refused because the meeting
 * was closed meanwhile on the facilitator's screen (her phone had not heard of it yet: the test
 * holds back the meeting document's sync to her phone for that moment). No Dutch appears.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import type { Page } from 'playwright-core'
import { foreignRequests, openParticipant, type Participant } from '../helpers/browser'
import { cleanupServers, startServer, type ServerProcess } from '../helpers/serverProcess'
import { addAction, assertClientBuilt, connectionState, DIST_DIR, eventually, setOwner, startMeeting } from '../helpers/boardFlow'
import { STRINGS } from '../../client/i18n/strings'
import { CLOSING_STRINGS } from '../../client/i18n/parts/closing'
import { RESIDENT_STRINGS } from '../../client/i18n/parts/resident'
import { SHARE_STRINGS } from '../../client/i18n/parts/share'
import { START_PAGE_STRINGS } from '../../client/i18n/parts/startPage'
import { MAX_NAME_LENGTH } from '../../shared/domain/limits'

fs.mkdirSync('test-results', { recursive: true })

// The page's words and those of the parts this test opens (the start page, closing, sharing, her list).
const withParts = (language: 'nl' | 'en') => ({
  ...STRINGS[language],
  ...START_PAGE_STRINGS[language],
  ...CLOSING_STRINGS[language],
  ...SHARE_STRINGS[language],
  ...RESIDENT_STRINGS[language],
})
const en = withParts('en')
const nl = withParts('nl')
const WHAT = 'Budget coach at home'

/** A calendar day `days` from today (UTC), `YYYY-MM-DD`. */
function dayFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)
}

/** Opens the start page and switches the UI to English with its own switch (remembered in this browser). */
async function chooseEnglish(page: Page, baseUrl: string) {
  await page.goto(`${baseUrl}/`)
  await page.getByRole('button', { name: nl.switchLanguage, exact: true }).click()
  await page.getByRole('button', { name: en.start.newMeeting }).waitFor()
}

async function joinInEnglish(page: Page, link: string, fields: { name: string; organisation?: string; submit: string }) {
  await page.goto(link)
  await page.getByLabel(en.join.name, { exact: true }).fill(fields.name)
  if (fields.organisation) await page.getByLabel(en.join.organisation, { exact: true }).fill(fields.organisation)
  await page.getByRole('button', { name: fields.submit, exact: true }).click()
  await page.waitForSelector('.tl-canvas, [data-testid=resident-view]', { timeout: 30_000 })
  await eventually('the board is live', async () => (await connectionState(page)) === 'live')
}

/** Every Dutch sentence the UI could use for a refusal or a close problem (their fixed parts). */
const DUTCH = [
  ...Object.values(nl.refusals),
  ...Object.values(nl.closing.problems).map((problem) => problem('').trim().replace(/:$/, '')),
  nl.bar.actionFailed,
  nl.resident.failed,
]

async function dutchOn(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => document.body.innerText)
  return DUTCH.filter((sentence) => sentence.length > 0 && text.includes(sentence))
}

describe('the UI in English says why, in English', () => {
  let server: ServerProcess
  let facilitator: Participant
  let resident: Participant
  let facilitatorUrl = ''
  let residentUrl = ''
  let actionId = ''
  /** While true, what the server sends on her phone's meeting-document socket waits here. */
  let holdMeetingSync = false
  const held: Array<() => void> = []

  beforeAll(async () => {
    assertClientBuilt()
    server = await startServer({ staticDir: DIST_DIR })
    ;[facilitator, resident] = await Promise.all([
      openParticipant({ viewport: { width: 1440, height: 900 } }),
      openParticipant({ viewport: { width: 390, height: 844 } }),
    ])
    // Her phone's meeting document (state, decisions) goes through the test, which can hold it back.
    await resident.context.routeWebSocket(
      (url) => url.pathname.endsWith('/meeting'),
      (socket) => {
        const toServer = socket.connectToServer()
        toServer.onMessage((message) => {
          if (holdMeetingSync) held.push(() => socket.send(message))
          else socket.send(message)
        })
      },
    )
  })

  afterAll(async () => {
    await facilitator?.close()
    await resident?.close()
    await server?.stop()
    await cleanupServers()
  })

  it('the facilitator chooses English, creates the meeting and joins with the name limit in the hint', async () => {
    const page = facilitator.page
    await chooseEnglish(page, server.baseUrl)
    await page.getByRole('button', { name: en.start.newMeeting }).click()
    facilitatorUrl = await page.getByTestId('facilitator-link').inputValue()
    residentUrl = await page.getByTestId('resident-link').inputValue()
    await page.goto(facilitatorUrl)
    // The name's limit comes from shared/domain/limits.ts, into the field and its hint.
    const name = page.getByLabel(en.join.name, { exact: true })
    expect(await name.getAttribute('maxlength')).toBe(String(MAX_NAME_LENGTH))
    expect(await page.locator('#join-name-hint').innerText()).toBe(`At most ${MAX_NAME_LENGTH} characters.`)
    // A name left empty is named at its field, linked to it.
    await page.getByRole('button', { name: en.join.submit, exact: true }).click()
    expect(await name.getAttribute('aria-invalid')).toBe('true')
    expect(await name.getAttribute('aria-describedby')).toContain('join-name-problem')
    expect(await page.locator('#join-name-problem').innerText()).toBe(en.join.problems.nameMissing)
    await page.screenshot({ path: 'test-results/english-join-name-missing.png' })
    await joinInEnglish(page, facilitatorUrl, { name: 'Fatima', organisation: 'Municipality', submit: en.join.submit })
    await startMeeting(page, 'Ansaj', ['financien'])
    actionId = await addAction(page, 'financien', WHAT)
    await setOwner(page, actionId, /Fatima/, dayFromNow(14))
  })

  it('a refused close names what is missing, in English', async () => {
    const page = facilitator.page
    await page.keyboard.press('Escape')
    await page.getByTestId('open-close').click()
    // Setting the follow-up date confirms it (the proposal is four weeks out: another day).
    await page.getByTestId('follow-up-date').fill(dayFromNow(35))
    await page.getByTestId('follow-up-confirmed').waitFor()
    // What the server itself answers to this close: a refusal code, with an English developer message.
    const answer = await page.evaluate(async (boardId) => {
      const token = JSON.parse(localStorage.getItem(`tafelbord:board:${boardId}:token`)!).token
      const response = await fetch(`/api/boards/${boardId}/close`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } })
      return { status: response.status, body: (await response.json()) as { reason: string; message: string } }
    }, new URL(page.url()).pathname.split('/').pop())
    expect(answer.status).toBe(409)
    expect(answer.body.reason).toBe('closeRefused')

    await page.getByTestId('close-confirm').click()
    const problems = page.getByTestId('close-problems')
    await expect.poll(() => problems.innerText()).toContain(en.closing.problems.actionWithoutDecision(WHAT))
    expect(await problems.innerText()).toContain(en.closing.notYet)
    // The close button is usable again: the server has answered.
    await expect.poll(() => page.getByTestId('close-confirm').isEnabled()).toBe(true)
    expect(await page.getByTestId('close-error').count()).toBe(0)
    const dialog = await page.getByTestId('close-dialog').innerText()
    expect(dialog).not.toContain(answer.body.message)
    expect(await dutchOn(page)).toEqual([])
    await page.screenshot({ path: 'test-results/english-close-refused.png' })
    await page.getByRole('button', { name: en.closing.back, exact: true }).click()
  })

  it('her phone, in English, answers herself once the facilitator lets her', async () => {
    const page = facilitator.page
    await page.getByTestId('open-share').click()
    await page.getByTestId('share-resident-may-decide').click()
    await expect.poll(() => page.getByTestId('share-resident-may-decide').isChecked()).toBe(true)
    await page.getByRole('button', { name: en.share.close, exact: true }).click()

    const phone = resident.page
    await chooseEnglish(phone, server.baseUrl)
    await joinInEnglish(phone, residentUrl, { name: 'Ansaj', submit: en.join.residentSubmit })
    const action = phone.getByTestId('resident-action').filter({ hasText: WHAT })
    await action.getByTestId('resident-decide-agreed').click()
    await expect.poll(() => action.locator('[data-decision=agreed]').count()).toBeGreaterThan(0)
    await expect.poll(() => action.getByTestId('resident-change').count()).toBe(1)
  })

  it('an answer sent after the meeting was closed elsewhere is refused, and her phone says why in English', async () => {
    const page = facilitator.page
    const phone = resident.page
    // Her phone does not hear of the close for a moment: as if it were slow.
    holdMeetingSync = true
    await page.getByTestId('open-close').click()
    await page.getByTestId('close-confirm').click()
    await page.getByTestId('closed-message').waitFor()
    expect(await page.getByTestId('closed-message').innerText()).toBe(en.closing.done)
    await page.getByRole('button', { name: en.closing.back, exact: true }).click()
    // The facilitator's buttons ask the same commands: locking a closed meeting is not possible, and says why.
    const lock = page.getByTestId('toggle-lock')
    await expect.poll(() => lock.isDisabled()).toBe(true)
    expect(await lock.getAttribute('title')).toBe(en.refusals.meetingClosed)
    await page.screenshot({ path: 'test-results/english-closed-facilitator.png' })

    // Her phone still shows the meeting as open; she changes her answer.
    expect(await phone.getByTestId('resident-state').getAttribute('data-state')).toBe('open')
    const action = phone.getByTestId('resident-action').filter({ hasText: WHAT })
    await action.getByTestId('resident-change').click()
    const [response] = await Promise.all([
      phone.waitForResponse((r) => r.url().endsWith('/decisions')),
      action.getByTestId('resident-decide-thinking').click(),
    ])
    expect(response.status()).toBe(409)
    const body = (await response.json()) as { reason: string; message: string }
    expect(body.reason).toBe('meetingClosed')
    const error = action.getByTestId('resident-error')
    await error.waitFor()
    expect(await error.innerText()).toBe(en.refusals.meetingClosed)
    expect(await phone.evaluate(() => document.body.innerText)).not.toContain(body.message)
    expect(await dutchOn(phone)).toEqual([])
    await phone.screenshot({ path: 'test-results/english-refused-after-close.png', fullPage: true })

    // Once her phone hears of the close, it shows the closed meeting.
    holdMeetingSync = false
    for (const send of held.splice(0)) send()
    await expect.poll(() => phone.getByTestId('resident-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('closed')
    expect(await phone.getByTestId('resident-state').innerText()).toContain(en.stateBanner.closed)
    expect(await dutchOn(phone)).toEqual([])
    await phone.screenshot({ path: 'test-results/english-phone-closed.png', fullPage: true })
  })

  it('no page contacted a host other than our own server', () => {
    for (const participant of [facilitator, resident]) {
      expect(foreignRequests(participant.requests, server.baseUrl)).toEqual([])
    }
  })
})
