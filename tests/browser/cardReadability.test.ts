/**
 * Issue 8, cards that read from across the room: on a 1920×1080 screen, after fitting the board,
 * every card's title and the line under it are big enough to read from three metres (16 cards:
 * ≥ 24 and ≥ 18 CSS px; 40 cards: ≥ 18 and ≥ 14), no card's text overflows its box, text that
 * does not fit ends in a visible "meer", and an agency that shows more than its title shows its
 * "kan niet" whole. Agencies with a "kan niet" are as tall as the side panel makes them
 * (agencyCardHeight, computed here in Node). The cards are spread over the area the eco-map layout fills for that many cards
 * (about 2600×1450 and 3600×2000 page units), with realistic long Dutch texts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { lifeDomain, SCORE_LABELS, type LifeDomainKey } from '../../shared/domain/lifeDomains'
import { formatCalendarDate } from '../../shared/domain/time'
import { CARD_DEFAULTS } from '../../shared/domain/cards'
import { agencyCardHeight } from '../../client/shapes/agencyHeight'
import { openParticipant, type Participant } from '../helpers/browser'
import { cleanupServers, startServer, type ServerProcess } from '../helpers/serverProcess'
import { assertClientBuilt, createMeeting, DIST_DIR, eventually, inEditor, joinBoard } from '../helpers/boardFlow'
import { api } from '../helpers/meetingFixtures'

type Decision = 'agreed' | 'declined' | 'thinking'

interface DomainFixture { key: LifeDomainKey; score: 1 | 2 | 3 | 4 | 5 | null; worries: string; strengths: string; residentWords: string }
interface AgencyFixture { organisation: string; office: string; person: string; atTable: boolean; canDo: string; cannotDo: string }
interface ActionFixture { what: string; agency: number; domain: number; dueDate: string; decision: Decision | null }

const DOMAINS: DomainFixture[] = [
  { key: 'financien', score: 2, worries: 'Schulden bij de Belastingdienst en de zorgverzekeraar; het inkomen wisselt elke maand', strengths: 'Houdt zelf een kasboek bij', residentWords: 'Ik wil zelf weten waar ons geld heen gaat' },
  { key: 'verblijf-nationaliteit', score: 1, worries: 'De kinderen zijn hier geboren maar hebben nog geen Nederlandse nationaliteit', strengths: '', residentWords: 'Mijn kinderen horen hier' },
  { key: 'geestelijke-gezondheid', score: null, worries: 'Haar man heeft een oorlogstrauma en is arbeidsongeschikt; veel spanning thuis', strengths: '', residentWords: 'Soms slaap ik nachten niet' },
  { key: 'maatschappelijke-participatie', score: 3, worries: '', strengths: 'Doet al vrijwilligerswerk bij de moskee, twee ochtenden per week', residentWords: 'Meer vrijwilligerswerk lukt niet met mijn gezondheid' },
  { key: 'lichamelijke-gezondheid', score: 3, worries: 'Rugklachten; kan niet lang staan of tillen', strengths: 'Gaat elke week zwemmen', residentWords: '' },
  { key: 'werk-opleiding', score: 2, worries: 'Geen werk; taalniveau Nederlands A2', strengths: 'Wil een cursus Nederlands volgen', residentWords: 'Mijn Nederlands is niet goed genoeg' },
  { key: 'huisvesting', score: 4, worries: '', strengths: 'Sociale huurwoning, huur op tijd betaald', residentWords: '' },
  { key: 'huiselijke-relaties', score: 3, worries: 'Spanning tussen haar man en de oudste zoon', strengths: 'Hecht gezin', residentWords: 'Thuis is het vaak stil' },
  { key: 'tijdsbesteding', score: 4, worries: '', strengths: 'Zorgt voor de kinderen en haar schoonmoeder', residentWords: '' },
  { key: 'sociaal-netwerk', score: 3, worries: 'Weinig contact buiten de eigen gemeenschap', strengths: 'Goede band met de buurvrouw', residentWords: '' },
  { key: 'instrumentele-adl', score: 4, worries: '', strengths: 'Doet zelf het huishouden en de boodschappen', residentWords: '' },
  { key: 'basale-adl', score: 5, worries: '', strengths: 'Geen zorgen over zelfzorg', residentWords: '' },
  { key: 'justitie', score: 5, worries: '', strengths: 'Geen contact met politie of justitie', residentWords: '' },
  { key: 'middelengebruik', score: 5, worries: '', strengths: 'Geen alcohol of drugs', residentWords: '' },
]

const AGENCIES: AgencyFixture[] = [
  { organisation: 'Kinderrechtswinkel', office: 'Juridisch spreekuur voor jongeren', person: 'Mr. Sanne de Vries', atTable: true, canDo: 'Uitleg over het optierecht van de kinderen en welke papieren nodig zijn', cannotDo: 'Alleen advies; geen aanvraag of procedure voeren' },
  { organisation: 'Gemeente Utrecht', office: 'Werk & Inkomen, team Noord', person: 'Fatima El Amrani', atTable: true, canDo: 'Bijzondere bijstand en kwijtschelding van gemeentelijke belastingen', cannotDo: 'Geen schulden bij de Belastingdienst regelen' },
  { organisation: 'Stichting Budgetbeheer Midden-Nederland', office: 'Afdeling schuldhulpverlening', person: 'Peter Jansen', atTable: false, canDo: 'Budgetbeheer en een budgetcoach aan huis', cannotDo: 'Geen hulp zonder dat de bewoner dat zelf wil' },
  { organisation: 'Belastingdienst Toeslagen', office: 'Team betalingsregelingen', person: 'Karin Bos', atTable: false, canDo: 'Een betalingsregeling voor de aanslag inkomstenbelasting', cannotDo: 'Geen kwijtschelding van een aanslag die al definitief is' },
  { organisation: 'Huisartsenpraktijk De Linde', office: '', person: 'Dokter Ahmed Yilmaz', atTable: false, canDo: 'Verwijzing naar traumazorg en de praktijkondersteuner GGZ', cannotDo: 'Geen behandeling van trauma in de eigen praktijk' },
  { organisation: 'VluchtelingenWerk Nederland', office: 'Regio Midden, locatie Utrecht', person: 'Joost van Dam', atTable: true, canDo: 'Begeleiding bij het optieverzoek en vertalen van brieven', cannotDo: 'Geen juridische procedures bij de IND' },
  { organisation: 'Buurtteam Utrecht Noordwest', office: 'Team Zuilen', person: 'Marieke Hendriks', atTable: true, canDo: 'Gesprekken met het hele gezin over de spanning thuis', cannotDo: 'Geen financiële hulp of schuldregeling' },
  { organisation: 'Taalhuis Utrecht', office: 'Bibliotheek Neude', person: 'Els de Graaf', atTable: false, canDo: 'Taalcursus en oefenen met een taalmaatje', cannotDo: 'Geen cursus overdag op woensdag' },
  { organisation: 'Moskee Ulu', office: '', person: 'Imam Hasan Demir', atTable: false, canDo: 'Steun vanuit de gemeenschap en een vertrouwd gesprek', cannotDo: 'Geen professionele hulpverlening' },
  { organisation: 'Cliëntondersteuning Utrecht', office: 'Onafhankelijke cliëntondersteuner', person: 'Yvonne Smit', atTable: true, canDo: 'Naast Ansaj zitten en meelezen met alle brieven', cannotDo: 'Geen besluiten namens Ansaj nemen' },
]

const ACTIONS: ActionFixture[] = [
  { what: 'Budgetcoach alleen als zij dat zelf wil; eerst samen met haar man bespreken', agency: 2, domain: 0, dueDate: '2026-01-15', decision: 'thinking' },
  { what: 'Optierecht voor de twee kinderen uitzoeken en de aanvraag bij de gemeente voorbereiden', agency: 0, domain: 1, dueDate: '2026-02-01', decision: 'agreed' },
  { what: 'Betalingsregeling aanvragen voor de aanslag inkomstenbelasting 2025', agency: 3, domain: 0, dueDate: '2025-12-20', decision: 'agreed' },
  { what: 'Meer vrijwilligerswerk via de activeringscoach', agency: 1, domain: 3, dueDate: '', decision: 'declined' },
  { what: 'Huisarts vragen om een verwijzing naar traumazorg voor haar man', agency: 4, domain: 2, dueDate: '2026-01-10', decision: null },
  { what: 'Kwijtschelding gemeentelijke belastingen aanvragen', agency: 1, domain: 0, dueDate: '2026-01-05', decision: 'agreed' },
  { what: 'Optieverzoek samen invullen en alle brieven laten vertalen', agency: 5, domain: 1, dueDate: '2026-02-15', decision: 'thinking' },
  { what: 'Gezinsgesprek over de spanning tussen haar man en de oudste zoon', agency: 6, domain: 7, dueDate: '2026-01-20', decision: 'agreed' },
  { what: 'Aanmelden voor de taalcursus op dinsdagavond', agency: 7, domain: 5, dueDate: '2026-01-08', decision: 'agreed' },
  { what: 'Rugklachten laten onderzoeken door de fysiotherapeut', agency: 4, domain: 4, dueDate: '', decision: null },
  { what: 'Buurvrouw vragen om mee te gaan naar het eerste gesprek bij de gemeente', agency: 9, domain: 9, dueDate: '2026-01-12', decision: 'thinking' },
  { what: 'Alle brieven van de Belastingdienst samen doorlopen en in één map bewaren', agency: 9, domain: 0, dueDate: '2026-01-06', decision: 'agreed' },
  { what: 'Een vertrouwd gesprek met de imam over de zorgen om haar man', agency: 8, domain: 2, dueDate: '', decision: 'declined' },
  { what: 'Toeslagen controleren en zo nodig een herziening aanvragen', agency: 3, domain: 0, dueDate: '2026-02-10', decision: null },
  { what: 'Vervolggesprek plannen om te kijken wat er van de afspraken is gekomen', agency: 1, domain: 0, dueDate: '2026-02-20', decision: 'agreed' },
]

/**
 * 16 cards: resident, 5 domains, 4 agencies, 6 actions; 40: resident, 14, 10, 15. `zoom` is the
 * least zoom the layout promises when the board is fitted on a 1920×1080 presentation screen.
 */
const BOARDS = {
  16: { domains: 5, agencies: 4, actions: 6, bounds: { w: 2600, h: 1450 }, zoom: 0.55, titlePx: 24, secondPx: 18 },
  40: { domains: 14, agencies: 10, actions: 15, bounds: { w: 3600, h: 2000 }, zoom: 0.42, titlePx: 18, secondPx: 14 },
} as const

const DECISION_WORDS: Record<Decision | 'none', string> = { agreed: 'Wil ik', declined: 'Wil ik niet', thinking: 'Wil ik over nadenken', none: 'Nog niet besproken' }

/** Every text a card has, as the table should be able to read it somewhere (card or panel). */
function expectedTexts(size: 16 | 40): Map<string, { kind: string; texts: string[]; optional?: string[]; cannotDo?: string }> {
  const board = BOARDS[size]
  const out = new Map<string, { kind: string; texts: string[]; optional?: string[]; cannotDo?: string }>()
  // Her name comes first: "Bewoner" may give way to it.
  out.set(`shape:resident-${size}`, { kind: 'resident', texts: ['Ansaj Hadžić-Begović'], optional: ['Bewoner'] })
  DOMAINS.slice(0, board.domains).forEach((d, i) => {
    const names = lifeDomain(d.key).nl
    const texts = [names.professional, names.plain, d.worries, d.strengths, d.residentWords ? `“${d.residentWords}”` : '']
    if (d.score !== null) texts.push(`${d.score} – ${SCORE_LABELS.nl[d.score]}`)
    out.set(`shape:domain-${size}-${i}`, { kind: 'life-domain', texts: texts.filter(Boolean) })
  })
  AGENCIES.slice(0, board.agencies).forEach((a, i) => {
    out.set(`shape:agency-${size}-${i}`, {
      kind: 'agency',
      texts: [a.organisation, a.person, a.office, a.canDo, a.cannotDo, a.atTable ? '● Aan tafel' : '○ Niet aan tafel'].filter(Boolean),
      cannotDo: a.cannotDo,
    })
  })
  ACTIONS.slice(0, board.actions).forEach((a, i) => {
    const agency = AGENCIES[a.agency % board.agencies]
    const domainIndex = a.domain % board.domains
    out.set(`shape:action-${size}-${i}`, {
      kind: 'action',
      texts: [
        a.what,
        DECISION_WORDS[a.decision ?? 'none'],
        `${agency.person} (${agency.organisation})`,
        a.dueDate ? formatCalendarDate(a.dueDate, 'nl') : 'Nog geen datum',
        lifeDomain(DOMAINS[domainIndex].key).nl.professional,
      ],
    })
  })
  return out
}

/** An agency's card as the side panel sizes it once its texts are typed (AgencyForm). */
function agencyProps(a: AgencyFixture) {
  const props = { ...CARD_DEFAULTS.agency(), ...a }
  return { w: props.w, h: agencyCardHeight(props) }
}

/** Creates the cards in this browser, spread in a grid over the board's area. */
async function buildBoard(page: Page, size: 16 | 40) {
  const board = BOARDS[size]
  const agencies = AGENCIES.slice(0, board.agencies).map((a) => ({ ...a, ...agencyProps(a) }))
  const { w, h } = CARD_DEFAULTS.resident()
  const cards = { size, board, resident: { w, h }, domains: DOMAINS.slice(0, board.domains), agencies, actions: ACTIONS.slice(0, board.actions) }
  console.log(`agency cards: ${agencies.map((a) => `${a.organisation} ${a.w}×${a.h}`).join(', ')}`)
  await page.evaluate((c) => {
    const editor = (window as unknown as { tafelbordEditor: import('tldraw').Editor }).tafelbordEditor
    const shapes: { id: string; type: string; w: number; h: number; props: Record<string, unknown> }[] = []
    shapes.push({ id: `shape:resident-${c.size}`, type: 'resident', w: c.resident.w, h: c.resident.h, props: { name: 'Ansaj Hadžić-Begović' } })
    c.domains.forEach((d, i) =>
      shapes.push({ id: `shape:domain-${c.size}-${i}`, type: 'life-domain', w: 280, h: 170, props: { domain: d.key, customName: '', score: d.score, strengths: d.strengths, worries: d.worries, residentWords: d.residentWords } }),
    )
    c.agencies.forEach((a, i) =>
      shapes.push({ id: `shape:agency-${c.size}-${i}`, type: 'agency', w: a.w, h: a.h, props: { ...a, contact: '030 123 45 67', domainIds: [`shape:domain-${c.size}-${i % c.domains.length}`] } }),
    )
    c.actions.forEach((a, i) => {
      const agency = c.agencies[a.agency % c.agencies.length]
      shapes.push({
        id: `shape:action-${c.size}-${i}`,
        type: 'action',
        w: 320,
        h: 230,
        props: {
          what: a.what,
          domainIds: [`shape:domain-${c.size}-${a.domain % c.domains.length}`],
          ownerKind: 'agency',
          ownerId: `shape:agency-${c.size}-${a.agency % c.agencies.length}`,
          ownerPerson: agency.person,
          dueDate: a.dueDate,
          note: '',
        },
      })
    })
    // A 16:9 grid over the area the layout fills for this many cards: the first and last
    // column and row touch its edges, so fitting the board gives the zoom the layout gives.
    const cols = Math.ceil(Math.sqrt((shapes.length * 16) / 9))
    const rows = Math.ceil(shapes.length / cols)
    // Rows as tall as the tallest card (an agency grown for its "kan niet"), so none overlap.
    const tallest = Math.max(230, ...shapes.map((s) => s.h))
    const height = Math.max(c.board.bounds.h, rows * tallest + (rows - 1) * 40)
    const cellW = (c.board.bounds.w - 320) / Math.max(1, cols - 1)
    const cellH = (height - tallest) / Math.max(1, rows - 1)
    editor.run(() => {
      shapes.forEach((s, i) => {
        const col = i % cols
        const row = Math.floor(i / cols)
        const x = col * cellW + (320 - s.w) / 2
        const y = row * cellH + (tallest - s.h) / 2
        editor.createShape({ id: s.id as never, type: s.type as never, x, y, props: { w: s.w, h: s.h, ...s.props } as never })
      })
    })
  }, cards)
}

interface CardMeasure {
  id: string
  kind: string
  titlePx: number
  secondPx: number | null
  /** Rendered heights of the title's and second line's first rows, CSS px on screen. */
  titleRowPx: number
  scrollOk: boolean
  rowsOverflowing: number
  text: string
  /** Lines that end in "…" without the "meer" marker after it. */
  bareEllipsis: number
  more: boolean
  details: number
  /** The title's text alone, its broken words joined. */
  title: string
}

/** What each card on screen shows, measured as the browser rendered it. */
function measureCards(page: Page): Promise<{ zoom: number; cards: CardMeasure[]; shapeIds: string[] }> {
  return page.evaluate(() => {
    const editor = (window as unknown as { tafelbordEditor: import('tldraw').Editor }).tafelbordEditor
    const zoom = editor.getZoomLevel()
    const px = (el: Element | null) => (el ? parseFloat(getComputedStyle(el).fontSize) * zoom : null)
    const rowText = (row: Element) => {
      const copy = row.cloneNode(true) as Element
      copy.querySelectorAll('[data-card-part=more]').forEach((m) => m.remove())
      return copy.textContent ?? ''
    }
    const cards = [...document.querySelectorAll('[data-card-id]')].map((el) => {
      const rows = [...el.querySelectorAll('.card__row')]
      const firstTitleRow = el.querySelector('[data-card-part=title] .card__row')
      return {
        id: el.getAttribute('data-card-id')!,
        kind: el.getAttribute('data-card-kind')!,
        titlePx: px(el.querySelector('[data-card-part=title]'))!,
        secondPx: px(el.querySelector('[data-card-part=second]')),
        titleRowPx: firstTitleRow ? firstTitleRow.getBoundingClientRect().height : 0,
        scrollOk: el.scrollHeight <= el.clientHeight && el.scrollWidth <= el.clientWidth,
        rowsOverflowing: rows.filter((row) => row.scrollWidth > row.clientWidth + 1).length,
        // A word broken over two lines is joined again; the marker is not part of the text.
        text: rows.map(rowText).join(' ').replace(/\u2010 /g, '').replace(/(\p{L})- /gu, '$1-').replace(/\s+/g, ' ').trim(),
        bareEllipsis: rows.filter((row) => rowText(row).trim().endsWith('…') && !row.querySelector('[data-card-part=more]')).length,
        more: el.querySelector('[data-card-part=more]') !== null,
        details: el.querySelectorAll('[data-card-part=detail]').length,
        title: [...el.querySelectorAll('[data-card-part=title] .card__row')].map(rowText).join(' ').replace(/\u2010 /g, '').replace(/\s+/g, ' ').trim(),
      }
    })
    const shapeIds = editor.getCurrentPageShapes().filter((s) => ['resident', 'life-domain', 'agency', 'action'].includes(s.type)).map((s) => s.id as string)
    return { zoom, cards, shapeIds }
  })
}

const normalise = (text: string) => text.replace(/\s+/g, ' ').trim()

describe('cards that read from across the room', () => {
  let server: ServerProcess
  let screen: Participant

  beforeAll(async () => {
    assertClientBuilt()
    server = await startServer({ staticDir: DIST_DIR })
    screen = await openParticipant({ viewport: { width: 1920, height: 1080 } })
  })

  afterAll(async () => {
    await screen?.close()
    await server?.stop()
    await cleanupServers()
  })

  /** Her decisions, recorded as the facilitator's decision form does (once the server has the cards). */
  async function recordDecisions(page: Page, facilitatorUrl: string, size: 16 | 40) {
    const url = new URL(facilitatorUrl)
    const boardId = url.pathname.split('/').filter(Boolean).pop()!
    const token = new URLSearchParams(url.hash.slice(1)).values().next().value!
    const userId = await inEditor(page, (editor) => editor.user.getId())
    for (const [i, action] of ACTIONS.slice(0, BOARDS[size].actions).entries()) {
      if (!action.decision) continue
      await eventually(`decision on action ${i} recorded`, async () => {
        const answer = await api(server, 'POST', `/api/boards/${boardId}/decisions`, token, {
          actionId: `shape:action-${size}-${i}`,
          decision: action.decision,
          residentWords: '',
          recordedBy: { userId },
        })
        if (answer.status === 404) return false
        expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300)
        return true
      })
    }
  }

  /**
   * The board as the TV shows it: laid out by "Ordenen" (the eco-map rule), then presentation
   * mode, then "Alles tonen" by its key.
   */
  async function fitBoard(page: Page) {
    await inEditor(page, (editor) => editor.selectNone())
    await page.getByTestId('tidy-up').click()
    const present = page.getByTestId('present')
    await present.click()
    await page.getByTestId('presentation-header').waitFor()
    await page.keyboard.press('0')
    await settled(page)
  }

  /** The cards plan again when the zoom step changes; wait until two reads agree. */
  async function settled(page: Page) {
    let previous = ''
    await eventually('the cards settled at this zoom', async () => {
      const now = JSON.stringify(await measureCards(page))
      const same = now === previous
      previous = now
      await page.waitForTimeout(150)
      return same
    })
  }

  /** Every assertion about the cards on screen, at whatever zoom the camera has. */
  function checkCards(size: 16 | 40, measured: Awaited<ReturnType<typeof measureCards>>, fitted = false) {
    const { zoom, cards, shapeIds } = measured
    const expected = expectedTexts(size)
    const report = cards.map((c) => `${c.id} ${c.kind} title ${c.titlePx.toFixed(1)} second ${c.secondPx?.toFixed(1)} details ${c.details}${c.more ? ' +meer' : ''}`)
    console.log(`${size} cards at zoom ${zoom.toFixed(3)}:\n${report.join('\n')}`)

    // Exactly the card shapes carry the hooks.
    expect(new Set(cards.map((c) => c.id))).toEqual(new Set(shapeIds))
    expect(cards).toHaveLength(size)
    expect(new Set(shapeIds)).toEqual(new Set(expected.keys()))

    for (const card of cards) {
      const want = expected.get(card.id)!
      expect(card.kind, card.id).toBe(want.kind)
      expect(card.titlePx, `${card.id} title at zoom ${zoom}`).toBeGreaterThanOrEqual(BOARDS[size].titlePx)
      // Her card may give "Bewoner" up for her whole name; every other card shows its second line.
      if (card.kind !== 'resident' || card.secondPx !== null) {
        expect(card.secondPx, `${card.id} second line`).not.toBeNull()
        expect(card.secondPx!, `${card.id} second line at zoom ${zoom}`).toBeGreaterThanOrEqual(BOARDS[size].secondPx)
      }
      // The title's rows are as tall as its type on screen: nothing squashes it.
      expect(card.titleRowPx, `${card.id} title row`).toBeGreaterThanOrEqual(BOARDS[size].titlePx)
      expect(card.scrollOk, `${card.id} overflows its box`).toBe(true)
      expect(card.rowsOverflowing, `${card.id} lines wider than the card`).toBe(0)
      const missing = want.texts.filter((text) => !card.text.includes(normalise(text)))
      const optionalMissing = (want.optional ?? []).filter((text) => !card.text.includes(normalise(text)))
      // "meer" exactly where something is left out or cut (a text that may give way may go unannounced).
      if (missing.length > 0 || optionalMissing.length === 0) {
        expect(card.more, `${card.id}: missing ${JSON.stringify(missing)} in "${card.text}"`).toBe(missing.length > 0)
      }
      expect(card.bareEllipsis, `${card.id}: a line ends in a bare "…"`).toBe(0)
      if (want.cannotDo) {
        // Sized as the side panel sizes it, the agency shows more than its title…
        expect(card.secondPx, `${card.id} shows only its title`).not.toBeNull()
        // …and whenever it does, its "kan niet" whole.
        expect(card.text, `${card.id} shows more than its title, so "kan niet" whole`).toContain(`Kan niet: ${normalise(want.cannotDo)}`)
      }
      // Her whole name on the 16-card TV, on her card of the default size.
      if (card.kind === 'resident' && fitted && size === 16) expect(card.title.replace(/(\p{L})- /gu, '$1-'), `${card.id} her name`).toBe('Ansaj Hadžić-Begović')
    }
  }

  for (const size of [16, 40] as const) {
    describe(`a board of ${size} cards`, () => {
      beforeAll(async () => {
        // A meeting of its own: decided actions cannot simply be deleted from a board.
        const page = screen.page
        await page.setViewportSize({ width: 1920, height: 1080 })
        const links = await createMeeting(page, server.baseUrl)
        await joinBoard(page, links.facilitatorUrl, 'Fatima', undefined, { organisation: 'Gemeente' })
        await buildBoard(page, size)
        await recordDecisions(page, links.facilitatorUrl, size)
        await eventually('her decisions show on the cards', async () => {
          const decided = await page.locator('[data-card-kind=action] [data-card-part=second] [data-value=agreed]').count()
          return decided === ACTIONS.slice(0, BOARDS[size].actions).filter((a) => a.decision === 'agreed').length
        })
      })

      it(`at the zoom the layout promises (${BOARDS[size].zoom}): titles ≥ ${BOARDS[size].titlePx} px, the line under ≥ ${BOARDS[size].secondPx} px, nothing overflows or is cut silently`, async () => {
        // A screen tall enough to show every card at that zoom (cards off screen are not drawn).
        const page = screen.page
        await page.setViewportSize({ width: 2400, height: 1600 })
        await page.evaluate((z) => {
          const editor = (window as unknown as { tafelbordEditor: import('tldraw').Editor }).tafelbordEditor
          const bounds = editor.getCurrentPageBounds()!
          const viewport = editor.getViewportScreenBounds()
          editor.setCamera({ x: -bounds.center.x + viewport.w / 2 / z, y: -bounds.center.y + viewport.h / 2 / z, z })
        }, BOARDS[size].zoom)
        await settled(page)
        const measured = await measureCards(page)
        expect(measured.zoom).toBeCloseTo(BOARDS[size].zoom, 3)
        await page.screenshot({ path: `test-results/card-readability-${size}-at-${BOARDS[size].zoom}.png` })
        checkCards(size, measured)
      })

      it(`fitted on the TV (1920×1080, presentation mode): titles ≥ ${BOARDS[size].titlePx} px, the line under ≥ ${BOARDS[size].secondPx} px`, async () => {
        const page = screen.page
        await page.setViewportSize({ width: 1920, height: 1080 })
        await fitBoard(page)
        const measured = await measureCards(page)
        await page.screenshot({ path: `test-results/card-readability-${size}.png` })
        // The same at full resolution, a quarter of the screen: what a card looks like from afar.
        await page.screenshot({ path: `test-results/card-readability-${size}-detail.png`, clip: { x: 240, y: 240, width: 960, height: 540 } })
        checkCards(size, measured, true)
      })
    })
  }

  it('at 100 %, a card shows its details and an agency its "kan niet" whole', async () => {
    const page = screen.page
    await page.keyboard.press('Escape')
    await inEditor(page, (editor) => {
      editor.zoomToBounds(editor.getShapePageBounds('shape:agency-40-0' as never)!, { targetZoom: 1 })
      return true
    })
    await eventually('the legal shop card shows "kan niet" whole', async () => {
      const text = await page.locator('[data-card-id="shape:agency-40-0"]').innerText()
      return text.replace(/\s+/g, ' ').includes('Kan niet: Alleen advies; geen aanvraag of procedure voeren')
    })
    await settled(page)
    await page.screenshot({ path: 'test-results/card-readability-zoom-100.png' })
    const { cards } = await measureCards(page)
    for (const card of cards) {
      expect(card.scrollOk, `${card.id} overflows its box`).toBe(true)
      expect(card.rowsOverflowing, `${card.id} lines wider than the card`).toBe(0)
      expect(card.bareEllipsis, `${card.id}: a line ends in a bare "…"`).toBe(0)
    }
  })
})
