import { describe, expect, it } from 'vitest'
import { STRINGS } from '../../../client/i18n/strings'
import { cardContent } from '../../../client/shapes/cardContent'
import { cardFacts, NO_FACTS, sameFacts } from '../../../client/shapes/cardFacts'
import type { CardShape } from '../../../client/shapes/cardShapeTypes'
import { ansajStory, decide, decideAnsajStory, snapshotOf } from '../../helpers/domainFixtures'

function shapeOf(snapshot: ReturnType<typeof snapshotOf>, id: string): CardShape {
  const card = [...snapshot.domains, ...snapshot.agencies, ...snapshot.actions].find((c) => c.id === id)!
  const type = snapshot.domains.includes(card as never) ? 'life-domain' : snapshot.agencies.includes(card as never) ? 'agency' : 'action'
  return { id: card.id, type, props: card.props } as unknown as CardShape
}

describe('the few facts of the meeting a card shows', () => {
  it('an action: her decision, its owner and its domains by name', () => {
    const story = ansajStory()
    decideAnsajStory(story)
    const snapshot = snapshotOf(story.board, story.meeting)
    const facts = cardFacts(shapeOf(snapshot, story.ids.budgetCoach), snapshot, 'nl')
    expect(facts).toEqual({ decision: 'declined', outcome: null, owner: { person: 'Henk Jansen', organisation: 'Budgetbeheer Noord' }, domains: ['Financiën'] })
    expect(cardFacts(shapeOf(snapshot, story.ids.advocaat), snapshot, 'nl').owner).toEqual({ person: 'Joost Bakker', organisation: 'Kinderrechtswinkel' })
  })

  it('other cards depend on their own props only', () => {
    const story = ansajStory()
    const snapshot = snapshotOf(story.board, story.meeting)
    expect(cardFacts(shapeOf(snapshot, story.ids.rechtswinkel), snapshot, 'nl')).toBe(NO_FACTS)
    expect(cardFacts(shapeOf(snapshot, story.ids.financien), snapshot, 'nl')).toBe(NO_FACTS)
  })

  it('are equal across snapshots until her decision changes: the card does not draw again', () => {
    const story = ansajStory()
    const before = snapshotOf(story.board, story.meeting)
    const again = snapshotOf(story.board, story.meeting)
    const shape = shapeOf(before, story.ids.werkOpties)
    expect(before).not.toBe(again)
    expect(sameFacts(cardFacts(shape, before, 'nl'), cardFacts(shape, again, 'nl'))).toBe(true)
    decide(story.meeting, story.ids.werkOpties, 'thinking')
    const after = snapshotOf(story.board, story.meeting)
    expect(sameFacts(cardFacts(shape, before, 'nl'), cardFacts(shape, after, 'nl'))).toBe(false)
    // Another action's decision leaves this card's facts alone.
    decide(story.meeting, story.ids.budgetCoach, 'agreed')
    expect(sameFacts(cardFacts(shape, after, 'nl'), cardFacts(shape, snapshotOf(story.board, story.meeting), 'nl'))).toBe(true)
  })

  it('the content for the export shows her decision by icon and word, and the owner', () => {
    const story = ansajStory()
    decideAnsajStory(story)
    const snapshot = snapshotOf(story.board, story.meeting)
    const content = cardContent(shapeOf(snapshot, story.ids.advocaat), { snapshot, strings: STRINGS.nl, language: 'nl' })
    expect(content.second[0]).toMatchObject({ text: 'Wil ik', value: 'agreed', whole: true })
    expect(content.second[0].icon).toBeTruthy()
    expect(content.second[1].text).toBe('Joost Bakker (Kinderrechtswinkel)')
  })
})
