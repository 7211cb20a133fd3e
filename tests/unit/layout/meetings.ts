/**
 * Meetings built the way people build them: the facilitator starts with the resident and the
 * chosen domains, then per domain the table adds agencies and actions one by one through the
 * same placement the canvas uses; owners and extra domains are filled in afterwards in the form
 * (which does not move a card). Shared by the layout tests.
 */
import { CARD_DEFAULTS } from '../../../shared/domain/cards'
import { placeNewCard, type CardKind, type LayoutCard } from '../../../client/meeting/ecoMapLayout'
import { boxAround, CENTRE, domainRing, type Box } from '../../../client/meeting/placement'

const SIZE: Record<CardKind, { w: number; h: number }> = {
  resident: CARD_DEFAULTS.resident(),
  domain: CARD_DEFAULTS.domain('anders'),
  agency: CARD_DEFAULTS.agency(),
  action: CARD_DEFAULTS.action(),
}

export class MeetingBuilder {
  readonly cards: LayoutCard[] = []
  private next = 0
  viewport: Box | null = null

  /** What `layOutNewMeeting` does: the resident in the middle, the chosen domains on the ring. */
  start(domainCount: number): string[] {
    this.cards.push({ id: 'shape:resident', kind: 'resident', box: boxAround(CENTRE, SIZE.resident.w, SIZE.resident.h), domainIds: [] })
    return domainRing(domainCount, SIZE.domain.w, SIZE.domain.h).map((box) => this.push('domain', box, []))
  }

  addDomain(): string {
    return this.place('domain', [])
  }

  addAgency(domainId: string | null): string {
    return this.place('agency', domainId ? [domainId] : [])
  }

  addAction(domainId: string | null): string {
    return this.place('action', domainId ? [domainId] : [])
  }

  /** The form: an action's owner becomes an agency card. */
  setOwner(actionId: string, agencyId: string) {
    this.card(actionId).ownerId = agencyId
  }

  /** The form: one more domain for an agency or action. */
  addDomainTo(cardId: string, domainId: string) {
    const card = this.card(cardId)
    card.domainIds = [...card.domainIds, domainId]
  }

  card(id: string): LayoutCard {
    return this.cards.find((c) => c.id === id)!
  }

  private place(kind: CardKind, domainIds: string[]): string {
    const box = placeNewCard(this.cards, { kind, ...SIZE[kind], domainIds }, { viewport: this.viewport })
    return this.push(kind, box, domainIds)
  }

  private push(kind: CardKind, box: Box, domainIds: string[]): string {
    const id = `shape:${kind}-${this.next++}`
    this.cards.push({ id, kind, box, domainIds })
    return id
  }
}

/**
 * Ansaj's meeting from the brief: 5 domains, 5 agencies, 5 actions. The municipality turns out
 * to serve work and money; the referral to the legal-aid council is the municipality's job.
 */
export function ansajMeeting(): MeetingBuilder {
  const m = new MeetingBuilder()
  // The fifth domain, relations at home, gets no cards in this meeting.
  const [financien, werk, gezondheid, verblijf] = m.start(5)
  const budget = m.addAgency(financien)
  const schuld = m.addAgency(financien)
  const coach = m.addAction(financien)
  const belasting = m.addAction(financien)
  const gemeente = m.addAgency(werk)
  const werkMan = m.addAction(werk)
  const ggz = m.addAgency(gezondheid)
  const intake = m.addAction(gezondheid)
  const rechtswinkel = m.addAgency(verblijf)
  const advocaat = m.addAction(verblijf)
  m.setOwner(coach, budget)
  m.setOwner(belasting, schuld)
  m.setOwner(werkMan, gemeente)
  m.setOwner(intake, ggz)
  m.setOwner(advocaat, rechtswinkel)
  m.addDomainTo(gemeente, financien)
  return m
}

/**
 * A long meeting: 9 domains, 12 agencies, 18 actions. Most actions are owned by an agency of
 * their own domain, two by an agency of another; two agencies serve a second domain.
 */
export function longMeeting(): MeetingBuilder {
  const m = new MeetingBuilder()
  const domains = m.start(9)
  const agenciesPer = [2, 1, 2, 1, 1, 2, 1, 1, 1]
  const actionsPer = [3, 2, 2, 2, 2, 2, 2, 2, 1]
  const agencies: string[][] = []
  const actions: string[][] = []
  domains.forEach((d, i) => {
    agencies[i] = []
    actions[i] = []
    // Around the table the order mixes: an agency, its action, another agency, …
    for (let k = 0; k < Math.max(agenciesPer[i], actionsPer[i]); k++) {
      if (k < agenciesPer[i]) agencies[i].push(m.addAgency(d))
      if (k < actionsPer[i]) actions[i].push(m.addAction(d))
    }
  })
  actions.forEach((list, i) => list.forEach((a, k) => m.setOwner(a, agencies[i][k % agencies[i].length])))
  m.setOwner(actions[1][1], agencies[2][0])
  m.setOwner(actions[6][0], agencies[5][1])
  m.addDomainTo(agencies[0][0], domains[1])
  m.addDomainTo(agencies[5][0], domains[4])
  return m
}

/** A small deterministic random source, so a failing meeting can be built again. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * A meeting of `domains` domains, `agencies` agencies and `actions` actions, built in a random
 * but realistic order: the start dialog's domains (sometimes one domain added later), then per
 * domain its agencies and actions mixed; most owners are an agency of the action's own domain.
 */
export function randomMeeting(seed: number, size: { domains: number; agencies: number; actions: number }): MeetingBuilder {
  const random = seeded(seed)
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]
  const m = new MeetingBuilder()
  const lateDomain = size.domains > 3 && random() < 0.4
  const domains = m.start(size.domains - (lateDomain ? 1 : 0))
  if (lateDomain) domains.push(m.addDomain())
  const agencyOf = Array.from({ length: size.agencies }, () => pick(domains))
  const actionOf = Array.from({ length: size.actions }, () => pick(domains))
  const agencies = new Map<string, string[]>()
  const actions: { id: string; domain: string }[] = []
  for (const d of domains) {
    const todo = [
      ...agencyOf.filter((x) => x === d).map(() => 'agency' as const),
      ...actionOf.filter((x) => x === d).map(() => 'action' as const),
    ].sort(() => random() - 0.5)
    agencies.set(d, [])
    for (const kind of todo) {
      if (kind === 'agency') agencies.get(d)!.push(m.addAgency(d))
      else actions.push({ id: m.addAction(d), domain: d })
    }
  }
  const allAgencies = [...agencies.values()].flat()
  for (const { id, domain } of actions) {
    const own = agencies.get(domain)!
    if (random() < 0.15 || own.length === 0) {
      if (random() < 0.5 && allAgencies.length) m.setOwner(id, pick(allAgencies))
    } else m.setOwner(id, pick(own))
  }
  for (const id of allAgencies) if (random() < 0.1) m.addDomainTo(id, pick(domains.filter((d) => !m.card(id).domainIds.includes(d))))
  return m
}
