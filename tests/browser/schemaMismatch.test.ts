/**
 * A browser whose tldraw schema differs from the board's must not write into it: it shows a
 * plain "please reload" message instead of a broken board.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openParticipant, type Participant } from '../helpers/browser'
import { cleanupServers, startServer, type ServerProcess } from '../helpers/serverProcess'
import { assertClientBuilt, createMeeting, DIST_DIR } from '../helpers/boardFlow'
import { BOARD_SCHEMA_KEY, getBoardMap } from '../../shared/ydoc/layout'
import { connectClient, waitFor } from '../integration/support'

describe('a board written by another version of the app', () => {
  let server: ServerProcess
  let browser: Participant

  beforeAll(async () => {
    assertClientBuilt()
    server = await startServer({ staticDir: DIST_DIR })
    browser = await openParticipant()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    await cleanupServers()
  })

  it('shows "herlaad de pagina" and leaves the board untouched', async () => {
    const links = await createMeeting(browser.page, server.baseUrl)
    const boardId = new URL(links.participantUrl).pathname.split('/').pop()!
    const token = new URL(links.participantUrl).hash.slice(3)
    // A newer client opened this board first: its schema has a record type we do not know.
    const newer = await connectClient(server, boardId, token)
    const schema = { schemaVersion: 2, sequences: { 'com.tldraw.store': 5, 'com.example.future-card': 1 } }
    getBoardMap(newer.doc).set(BOARD_SCHEMA_KEY, schema)
    await waitFor(() => newer.provider.ws?.bufferedAmount === 0, 'schema sent')

    await browser.page.goto(links.participantUrl)
    await browser.page.getByLabel('Uw naam').fill('Mark')
    await browser.page.getByLabel('Uw rol').selectOption('professional')
    await browser.page.getByRole('button', { name: 'Naar het bord' }).click()
    const screen = browser.page.getByTestId('error-screen')
    await screen.waitFor()
    expect(await screen.innerText()).toContain('nieuwere versie van Tafelbord')
    expect(await browser.page.locator('.tl-canvas').count()).toBe(0)
    await browser.page.screenshot({ path: 'test-results/schema-mismatch.png' })
    // Nothing of ours was written into the newer board.
    expect(getBoardMap(newer.doc).get(BOARD_SCHEMA_KEY)).toEqual(schema)
    expect(newer.doc.getMap('records').size).toBe(0)
    newer.destroy()
  })
})
