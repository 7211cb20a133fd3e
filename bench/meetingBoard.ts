/**
 * The 300-card meeting of the client rendering benchmark, as plain tldraw records: 1 resident,
 * 20 life domains, 80 agencies and 199 actions with realistic long Dutch texts, laid out on a
 * 20 × 15 grid (resident in the middle, domains around her, agencies and actions outside), plus
 * the relation arrows the app draws (action → domain, agency → domain, action → owner agency) with
 * their bindings, under the app's deterministic ids (shared/ydoc/relations.ts).
 *
 * The same scene serves both pages of the benchmark:
 *  - ours: the card records are written into the board Y.Doc (shared/ydoc/layout.ts), decisions
 *    and participants go through the HTTP API;
 *  - bare tldraw: every card becomes a default `geo` rectangle with the same id, position and
 *    size and a text of similar length (what the card shows); arrows and bindings are identical.
 *
 * Every record is validated against a tldraw 5.1.1 schema with our card props before use.
 */
import {
  ArrowShapeUtil,
  createTLSchema,
  defaultBindingSchemas,
  defaultShapeSchemas,
  getIndices,
  toRichText,
} from 'tldraw'
import {
  actionCardProps,
  agencyCardProps,
  CARD_DEFAULTS,
  CARD_TYPES,
  lifeDomainCardProps,
  residentCardProps,
  type ActionCardProps,
  type AgencyCardProps,
  type LifeDomainCardProps,
} from '../shared/domain/cards'
import { LIFE_DOMAIN_KEYS, lifeDomain, SCORE_LABELS, type LifeDomainKey } from '../shared/domain/lifeDomains'
import type { Decision } from '../shared/domain/meeting'
import type { JsonObject, RecordJson } from '../shared/ydoc/layout'
import { RELATION_META, relationKey, relationRecordIds, relationsFromCard } from '../shared/ydoc/relations'

export const PAGE_ID = 'page:page'
export const COUNTS = { resident: 1, domains: 20, agencies: 80, actions: 199 } as const
export const CARD_COUNT = COUNTS.resident + COUNTS.domains + COUNTS.agencies + COUNTS.actions

const GRID = { cols: 20, rows: 15, cellW: 400, cellH: 300 }

/** A professional who owns actions as a participant (registered through the API). */
export interface BenchPerson {
  userId: string
  name: string
  role: 'professional' | 'vrijwilliger' | 'netwerk'
  organisation: string
}

export interface PlannedDecision {
  actionId: string
  decision: Decision
  residentWords: string
  teachBack: string
}

export interface MeetingBoard {
  /** document + page records (the board starts with them in the app). */
  base: RecordJson[]
  cards: RecordJson[]
  /** Relation arrows (shapes) and their bindings. */
  arrows: RecordJson[]
  bindings: RecordJson[]
  people: BenchPerson[]
  decisions: PlannedDecision[]
  /** The five action cards the drag clients move. */
  dragged: Array<{ id: string; x: number; y: number }>
  /** Page bounds of all cards. */
  bounds: { x: number; y: number; w: number; h: number }
}

// ---------------------------------------------------------------- texts

const FIRST = ['Fatima', 'Joost', 'Henk', 'Sanne', 'Mohamed', 'Els', 'Pieter', 'Aylin', 'Kees', 'Nadia', 'Ruud', 'Yvonne', 'Bram', 'Samira', 'Gerrit', 'Lotte', 'Ahmed', 'Ingrid', 'Thijs', 'Esra']
const LAST = ['de Vries', 'Bakker', 'Jansen', 'Yilmaz', 'van den Berg', 'El Amrani', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'Kaya', 'Bos', 'Vos', 'Peters', 'Hendriks']
const ORGANISATIONS = [
  ['Gemeente', 'Werk & Inkomen, team Noord'],
  ['Kinderrechtswinkel', 'Spreekuur op woensdagmiddag'],
  ['Budgetbeheer Noord', 'Afdeling beschermingsbewind'],
  ['Wijkteam Oost', 'Sociaal werk en mantelzorgondersteuning'],
  ['GGZ Centraal', 'Ambulant team volwassenen'],
  ['Huisartsenpraktijk De Linde', 'Praktijkondersteuner GGZ'],
  ['Woningcorporatie Thuis', 'Team huurachterstanden en woonconsulenten'],
  ['Basisschool De Regenboog', 'Intern begeleider groep 5 tot en met 8'],
  ['UWV', 'Team Participatiewet en arbeidsbeperking'],
  ['Sociale Verzekeringsbank', 'Kinderbijslag en kindgebonden budget'],
  ['Raad voor Rechtsbijstand', 'Loket toevoegingen'],
  ['Belastingdienst Toeslagen', 'Hersteloperatie en persoonlijke zaakbehandelaar'],
  ['Schuldhulpverlening', 'Intake en stabilisatie'],
  ['VluchtelingenWerk', 'Juridisch spreekuur verblijf en naturalisatie'],
  ['Thuiszorg Samen', 'Wijkverpleging'],
  ['Jeugdbescherming', 'Gezinsvoogd regio Midden'],
  ['Voedselbank', 'Uitgiftepunt Centrum'],
  ['Taalhuis Bibliotheek', 'Taalmaatjes en NT2-lessen'],
  ['Stichting MEE', 'Cliëntondersteuning'],
  ['Sportfonds en Cultuurfonds', 'Aanvragen via intermediair'],
]
const CAN_DO = [
  'Advies geven over rechten en plichten; meedenken over de volgende stap; doorverwijzen naar de juiste instantie',
  'Een aanvraag samen invullen en nasturen; een gesprek met de afdeling regelen binnen twee weken',
  'Een budgetplan maken en de vaste lasten betalen; wekelijks leefgeld overmaken',
  'Huisbezoek afleggen, samen met de bewoner de post doorlopen en afspraken bewaken',
  'Een afspraak bij de huisarts of de praktijkondersteuner regelen en meegaan als zij dat wil',
]
const CANNOT_DO = [
  'Alleen advies; geen aanvraag of procedure voeren',
  'Geen schulden overnemen en geen betalingsregeling afdwingen bij schuldeisers',
  'Geen huisbezoeken buiten kantoortijden; geen vervoer regelen',
  'Geen beslissing nemen over een uitkering; dat doet de gemeente zelf',
  'Niet meer dan vier gesprekken zonder verwijzing van de huisarts',
]
const ACTIONS = [
  'Samen met haar de brief van de Belastingdienst over de terugvordering van de toeslag doorlopen en bezwaar maken binnen de termijn',
  'Uitzoeken of de kinderen via de optieprocedure Nederlander kunnen worden en welke papieren daarvoor nodig zijn',
  'Een afspraak maken bij de schuldhulpverlening voor een intakegesprek, met een tolk Bosnisch erbij',
  'Nagaan of haar man recht heeft op een WIA-uitkering en zo nodig een herbeoordeling aanvragen',
  'De energieleverancier bellen om een betalingsregeling te treffen voor de achterstand van drie maanden',
  'Een taalmaatje zoeken dat twee keer per week bij haar thuis komt oefenen met formulieren en brieven',
  'Met de school bespreken hoe de oudste zoon extra begeleiding kan krijgen bij rekenen en begrijpend lezen',
  'Een vrijwilliger van de thuisadministratie vragen om elke maand samen de post en de rekeningen door te nemen',
  'Uitzoeken welke advocaat gespecialiseerd is in nationaliteitsrecht en een toevoeging aanvragen',
  'Nagaan of het gezin in aanmerking komt voor de bijzondere bijstand voor de vervanging van de wasmachine',
]
const NOTES = [
  'Zij wil eerst met haar man overleggen voordat er iemand thuis komt.',
  'Let op: de brief moet binnen zes weken beantwoord zijn.',
  'Graag telefonisch contact na 15.00 uur, als de kinderen uit school zijn.',
  '',
]
const STRENGTHS = [
  'Zij houdt de administratie netjes bij in een map en vraagt op tijd om hulp.',
  'De kinderen gaan graag naar school en hebben een vaste vriendengroep.',
  'Goed contact met de buurvrouw, die soms oppast.',
]
const WORRIES = [
  'Het geld is elke maand op voor het einde; schulden bij de energieleverancier en de zorgverzekeraar.',
  'Haar man is arbeidsongeschikt door oorlogstrauma; zij kan geen extra vrijwilligerswerk aan.',
  'De twee kinderen, hier geboren, hebben nog geen Nederlandse nationaliteit.',
  'Zij slaapt slecht en maakt zich veel zorgen over de brieven van instanties.',
]
const RESIDENT_WORDS = [
  'Ik wil niet dat iemand thuis komt controleren wat we kopen.',
  'Mijn Nederlands is niet goed genoeg voor die brieven.',
  'Als de kinderen een paspoort hebben, kan ik weer slapen.',
]
const CUSTOM_DOMAINS = ['Taal en communicatie', 'Opvoeding', 'Vervoer', 'Digitale vaardigheden', 'Zingeving', 'Mantelzorg']

const pick = <T>(list: readonly T[], i: number): T => list[((i % list.length) + list.length) % list.length]
const personName = (i: number) => `${pick(FIRST, i)} ${pick(LAST, i * 7 + 3)}`

// ---------------------------------------------------------------- layout

interface Cell {
  col: number
  row: number
}

/** Grid cells, nearest to the middle first. */
function cellsFromMiddle(): Cell[] {
  const cells: Cell[] = []
  for (let row = 0; row < GRID.rows; row++) for (let col = 0; col < GRID.cols; col++) cells.push({ col, row })
  const cx = (GRID.cols - 1) / 2
  const cy = (GRID.rows - 1) / 2
  const distance = (c: Cell) => Math.hypot((c.col - cx) * GRID.cellW, (c.row - cy) * GRID.cellH)
  return cells.sort((a, b) => distance(a) - distance(b) || a.row - b.row || a.col - b.col)
}

function place(cell: Cell, w: number, h: number): { x: number; y: number } {
  return {
    x: (cell.col - GRID.cols / 2) * GRID.cellW + (GRID.cellW - w) / 2,
    y: (cell.row - GRID.rows / 2) * GRID.cellH + (GRID.cellH - h) / 2,
  }
}

// ---------------------------------------------------------------- records

function shapeRecord(id: string, type: string, index: string, pos: { x: number; y: number }, props: object, meta: JsonObject = {}): RecordJson {
  return {
    id,
    typeName: 'shape',
    type,
    x: pos.x,
    y: pos.y,
    rotation: 0,
    index,
    parentId: PAGE_ID,
    isLocked: false,
    opacity: 1,
    meta,
    props: props as JsonObject,
  }
}

const DECISION_CYCLE: Decision[] = ['agreed', 'agreed', 'declined', 'thinking']

export function buildMeetingBoard(): MeetingBoard {
  const cells = cellsFromMiddle()
  let cellIndex = 0
  const cardIndices = getIndices(CARD_COUNT + 1).slice(1)
  let next = 0
  const cards: RecordJson[] = []
  const take = () => cells[cellIndex++]

  // Resident, in the middle.
  const resident = { ...CARD_DEFAULTS.resident(), name: 'Ansaj Hodžić' }
  cards.push(shapeRecord('shape:bench-resident', CARD_TYPES.resident, cardIndices[next++], place(take(), resident.w, resident.h), resident))

  // Life domains: the 14 named ones, then "Anders" with a name of its own.
  const domainIds: string[] = []
  const namedKeys = LIFE_DOMAIN_KEYS.filter((k) => k !== 'anders')
  for (let i = 0; i < COUNTS.domains; i++) {
    const key: LifeDomainKey = i < namedKeys.length ? namedKeys[i] : 'anders'
    const props: LifeDomainCardProps = {
      ...CARD_DEFAULTS.domain(key),
      customName: key === 'anders' ? pick(CUSTOM_DOMAINS, i) : '',
      score: ([1, 2, 3, 4, 5, null] as const)[i % 6],
      strengths: i % 2 === 0 ? pick(STRENGTHS, i) : '',
      worries: i % 3 !== 2 ? pick(WORRIES, i) : '',
      residentWords: i % 4 === 0 ? pick(RESIDENT_WORDS, i) : '',
    }
    const id = `shape:bench-domain-${i}`
    domainIds.push(id)
    cards.push(shapeRecord(id, CARD_TYPES.domain, cardIndices[next++], place(take(), props.w, props.h), props))
  }

  // People who own actions as participants.
  const people: BenchPerson[] = Array.from({ length: 12 }, (_, i) => ({
    userId: `bench-person-${i}`,
    name: personName(i + 40),
    role: (['professional', 'vrijwilliger', 'netwerk'] as const)[i % 3],
    organisation: pick(ORGANISATIONS, i * 3)[0],
  }))

  // Agencies and actions share the outer cells, interleaved (80 : 199).
  const agencyIds: string[] = []
  const agencyPersons: string[] = []
  const outer: Array<{ kind: 'agency' | 'action'; n: number }> = []
  for (let a = 0, b = 0; a < COUNTS.agencies || b < COUNTS.actions; ) {
    const agencyDue = a < COUNTS.agencies && (b >= COUNTS.actions || a * COUNTS.actions <= b * COUNTS.agencies)
    if (agencyDue) outer.push({ kind: 'agency', n: a++ })
    else outer.push({ kind: 'action', n: b++ })
  }
  // Agencies first in id order so actions can name them as owners; positions follow `outer`.
  const positions = new Map<string, Cell>()
  for (const slot of outer) positions.set(`${slot.kind}-${slot.n}`, take())

  for (let i = 0; i < COUNTS.agencies; i++) {
    const [organisation, office] = pick(ORGANISATIONS, i)
    const person = i % 9 === 8 ? '' : personName(i)
    const domains = [domainIds[i % COUNTS.domains]]
    if (i % 3 === 0) domains.push(domainIds[(i * 7 + 5) % COUNTS.domains])
    const props: AgencyCardProps = {
      ...CARD_DEFAULTS.agency(),
      person,
      organisation: i < ORGANISATIONS.length ? organisation : `${organisation} ${Math.floor(i / ORGANISATIONS.length) + 1}`,
      office,
      contact: i % 2 === 0 ? `06-${String(20000000 + i * 7919).slice(0, 8)}` : `${person.split(' ')[0]?.toLowerCase() || 'info'}@voorbeeld.nl`,
      atTable: i % 4 !== 3,
      canDo: pick(CAN_DO, i),
      cannotDo: pick(CANNOT_DO, i),
      domainIds: [...new Set(domains)],
    }
    const id = `shape:bench-agency-${i}`
    agencyIds.push(id)
    agencyPersons.push(person)
    cards.push(shapeRecord(id, CARD_TYPES.agency, cardIndices[next++], place(positions.get(`agency-${i}`)!, props.w, props.h), props))
  }

  const decisions: PlannedDecision[] = []
  const actionIds: string[] = []
  const DRAGGED_ACTIONS = [10, 55, 100, 145, 190]
  for (let i = 0; i < COUNTS.actions; i++) {
    const dragged = DRAGGED_ACTIONS.includes(i)
    const ownerRoll = dragged ? 0 : i % 20
    const domains = [domainIds[(i * 3) % COUNTS.domains]]
    if (i % 5 === 0) domains.push(domainIds[(i * 11 + 1) % COUNTS.domains])
    const agency = (i * 3 + 1) % COUNTS.agencies
    const props: ActionCardProps = {
      ...CARD_DEFAULTS.action(),
      what: `${pick(ACTIONS, i)}${i >= ACTIONS.length ? ` (${Math.floor(i / ACTIONS.length) + 1})` : ''}`,
      domainIds: [...new Set(domains)],
      ownerKind: ownerRoll < 12 ? 'agency' : ownerRoll < 17 ? 'participant' : 'none',
      ownerId: ownerRoll < 12 ? agencyIds[agency] : ownerRoll < 17 ? pick(people, i).userId : '',
      ownerPerson: ownerRoll < 12 ? agencyPersons[agency] || personName(i + 11) : '',
      dueDate: ownerRoll < 17 ? `2027-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}` : '',
      note: pick(NOTES, i),
    }
    const id = `shape:bench-action-${i}`
    actionIds.push(id)
    cards.push(shapeRecord(id, CARD_TYPES.action, cardIndices[next++], place(positions.get(`action-${i}`)!, props.w, props.h), props))
    // Two thirds of the actions are decided (every dragged one).
    if (dragged || i % 3 !== 2) {
      const decision = pick(DECISION_CYCLE, i)
      decisions.push({
        actionId: id,
        decision,
        residentWords: decision === 'declined' ? pick(RESIDENT_WORDS, i) : decision === 'thinking' ? 'Daar wil ik eerst met mijn man over praten.' : '',
        teachBack: decision === 'agreed' ? 'Zij zegt: iemand belt mij deze week en helpt mij met de brief.' : '',
      })
    }
  }

  // Relation arrows, as client/meeting/cardCommands.ts syncRelationArrows makes them.
  const arrowDefaults = new (ArrowShapeUtil as unknown as new (editor: unknown) => ArrowShapeUtil)({}).getDefaultProps()
  const relations = cards.flatMap((card) => relationsFromCard(card.id, card.props as JsonObject))
  const arrowIndices = getIndices(relations.length + 1, cardIndices[cardIndices.length - 1]).slice(1)
  const arrows: RecordJson[] = []
  const bindings: RecordJson[] = []
  relations.forEach((relation, i) => {
    const key = relationKey(relation)
    const ids = relationRecordIds(key)
    arrows.push(shapeRecord(ids.arrow, 'arrow', arrowIndices[i], { x: 0, y: 0 }, {
      ...arrowDefaults,
      color: 'grey',
      size: 's',
      arrowheadEnd: 'arrow',
      arrowheadStart: 'none',
    }, { [RELATION_META]: key }))
    for (const terminal of ['start', 'end'] as const) {
      bindings.push({
        id: terminal === 'start' ? ids.start : ids.end,
        typeName: 'binding',
        type: 'arrow',
        fromId: ids.arrow,
        toId: terminal === 'start' ? relation.from : relation.to,
        meta: {},
        props: { terminal, normalizedAnchor: { x: 0.5, y: 0.5 }, isExact: false, isPrecise: false, snap: 'none' },
      })
    }
  })

  const base: RecordJson[] = [
    { id: 'document:document', typeName: 'document', gridSize: 10, name: '', meta: {} },
    { id: PAGE_ID, typeName: 'page', name: 'Pagina 1', index: 'a1', meta: {} },
  ]
  validate([...base, ...cards, ...arrows, ...bindings])

  const byId = new Map(cards.map((c) => [c.id, c]))
  const dragged = DRAGGED_ACTIONS.map((n) => {
    const card = byId.get(actionIds[n])!
    return { id: card.id, x: card.x as number, y: card.y as number }
  })
  const xs = cards.map((c) => c.x as number)
  const ys = cards.map((c) => c.y as number)
  const x2 = cards.map((c) => (c.x as number) + ((c.props as JsonObject).w as number))
  const y2 = cards.map((c) => (c.y as number) + ((c.props as JsonObject).h as number))
  const bounds = { x: Math.min(...xs), y: Math.min(...ys), w: Math.max(...x2) - Math.min(...xs), h: Math.max(...y2) - Math.min(...ys) }
  return { base, cards, arrows, bindings, people, decisions, dragged, bounds }
}

/** Throws if any record would be rejected by a tldraw 5.1.1 store with our card shapes. */
function validate(records: RecordJson[]): void {
  const schema = createTLSchema({
    shapes: {
      ...defaultShapeSchemas,
      [CARD_TYPES.resident]: { props: residentCardProps },
      [CARD_TYPES.domain]: { props: lifeDomainCardProps },
      [CARD_TYPES.agency]: { props: agencyCardProps },
      [CARD_TYPES.action]: { props: actionCardProps },
    },
    bindings: defaultBindingSchemas,
  })
  for (const record of records) {
    const type = schema.types[record.typeName as keyof typeof schema.types]
    if (!type) throw new Error(`bench board: unknown record type ${record.typeName}`)
    try {
      type.validate(record as never)
    } catch (error) {
      throw new Error(`bench board: record ${record.id} is invalid: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
}

// ---------------------------------------------------------------- bare tldraw

const DECISION_NL: Record<Decision | 'none', string> = {
  agreed: 'Wil ik',
  declined: 'Wil ik niet',
  thinking: 'Wil ik over nadenken',
  none: 'Nog niet besproken',
}
const GEO_COLOR: Record<string, string> = {
  [CARD_TYPES.resident]: 'violet',
  [CARD_TYPES.domain]: 'blue',
  [CARD_TYPES.agency]: 'green',
  [CARD_TYPES.action]: 'orange',
}

/** Roughly what a card shows, as lines of text (for the bare tldraw stand-in). */
function cardText(card: RecordJson, board: MeetingBoard, byId: Map<string, RecordJson>): string {
  const p = card.props as JsonObject
  switch (card.type) {
    case CARD_TYPES.resident:
      return `${p.name}\nbewoner`
    case CARD_TYPES.domain: {
      const names = lifeDomain(p.domain as LifeDomainKey).nl
      const lines = [p.domain === 'anders' ? String(p.customName) : names.professional]
      if (names.plain !== names.professional && p.domain !== 'anders') lines.push(names.plain)
      if (p.score !== null) lines.push(`Score: ${p.score} – ${SCORE_LABELS.nl[p.score as 1 | 2 | 3 | 4 | 5]}`)
      if (p.strengths) lines.push(`Gaat goed: ${p.strengths}`)
      if (p.worries) lines.push(`Zorgen: ${p.worries}`)
      if (p.residentWords) lines.push(`“${p.residentWords}”`)
      return lines.join('\n')
    }
    case CARD_TYPES.agency: {
      const lines = [String(p.organisation)]
      if (p.office) lines.push(String(p.office))
      if (p.person) lines.push(String(p.person))
      lines.push(p.atTable ? '● Aan tafel' : '○ Niet aan tafel')
      if (p.canDo) lines.push(`Kan wel: ${p.canDo}`)
      if (p.cannotDo) lines.push(`Kan niet: ${p.cannotDo}`)
      return lines.join('\n')
    }
    default: {
      const domains = (p.domainIds as string[]).map((id) => {
        const d = byId.get(id)!.props as JsonObject
        return d.domain === 'anders' ? String(d.customName) : lifeDomain(d.domain as LifeDomainKey).nl.professional
      })
      const owner = p.ownerKind === 'agency'
        ? `${p.ownerPerson} (${(byId.get(p.ownerId as string)!.props as JsonObject).organisation})`
        : p.ownerKind === 'participant' ? board.people.find((q) => q.userId === p.ownerId)!.name : 'Nog niemand'
      const decision = board.decisions.find((d) => d.actionId === card.id)?.decision ?? 'none'
      return [String(p.what), `Voor: ${domains.join(', ')}`, `Wie: ${owner}`, `Wanneer: ${p.dueDate || 'nog geen datum'}`, DECISION_NL[decision]].join('\n')
    }
  }
}

/**
 * The bare tldraw scene: each card as a default geo rectangle (same id, position, size; its text
 * in `richText`, small sans type, top-left aligned), the same arrows and bindings.
 */
export function bareTldrawRecords(board: MeetingBoard): RecordJson[] {
  const byId = new Map(board.cards.map((c) => [c.id, c]))
  const geo = board.cards.map((card) => {
    const p = card.props as JsonObject
    return shapeRecord(card.id, 'geo', card.index as string, { x: card.x as number, y: card.y as number }, {
      w: p.w,
      h: p.h,
      geo: 'rectangle',
      dash: 'solid',
      growY: 0,
      url: '',
      scale: 1,
      color: GEO_COLOR[card.type as string] ?? 'black',
      labelColor: 'black',
      fill: 'semi',
      size: 's',
      font: 'sans',
      align: 'start',
      verticalAlign: 'start',
      richText: toRichText(cardText(card, board, byId)) as unknown as JsonObject,
    })
  })
  const records = [...geo, ...board.arrows, ...board.bindings]
  validate(records)
  return records
}

/** Where drag client `client` puts its card at step `step` (a circle of radius 150, 4 s a turn). */
export function dragPosition(origin: { x: number; y: number }, client: number, step: number): { x: number; y: number } {
  const radius = 150
  const angle = (2 * Math.PI * step) / 40 + client
  return {
    x: Math.round((origin.x + radius * Math.cos(angle) - radius * Math.cos(client)) * 100) / 100,
    y: Math.round((origin.y + radius * Math.sin(angle) - radius * Math.sin(client)) * 100) / 100,
  }
}
