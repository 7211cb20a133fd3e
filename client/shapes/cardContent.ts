/**
 * What a card says, as data, most important first: the title, the line under it ("second"), and
 * detail lines in the order they get room. The canvas (HTML, planned for the zoom in
 * cardLayout.ts) and the export (SVG, for the session record's picture) both draw from this, so
 * the picture in the record says what the table saw.
 *
 * The line under the title, per card: resident — "Bewoner"; life domain — the score, or else
 * the worry; agency — the person, then its whole "kan niet"; action — her decision (icon and
 * word) and the owner.
 */
import type { TLShape } from 'tldraw'
import { isWorryingScore, lifeDomain, SCORE_LABELS, type PictogramKey } from '../../shared/domain/lifeDomains'
import type { Language, Strings } from '../i18n/strings'
import { DECISION_ICON } from '../ui/DecisionBadge'
import { formatDate } from '../ui/formatDate'
import { OUTCOME_ICON } from '../ui/OutcomeBadge'
import type { MeetingSnapshot } from '../../shared/domain/snapshot'
import { cardFacts, type CardFacts } from './cardFacts'
import type { CardShape } from './cardShapeTypes'
import { domainCardNames } from './domainNames'

export type Tone = 'ok' | 'danger' | 'warn' | 'muted' | 'info'

/** One text of a card: a line, or several when it wraps. */
export interface CardText {
  /** Bold, before the text ("Kan niet"). */
  label?: string
  text: string
  tone?: Tone
  /** The resident's own words. */
  quote?: boolean
  /** The whole text bold (a decision, a score). */
  strong?: boolean
  /** An icon before the text (SVG path in a 24×24 box), so a decision is never told by colour alone. */
  icon?: string
  /** Shown whole or not at all: an agency's "kan niet" is never half a sentence. */
  whole?: boolean
  /**
   * Shown whenever anything under the title is, and whole: a text before it gives way first, and
   * where even it alone does not fit whole, the card shows its title alone (an agency's "kan niet").
   */
  mustShow?: boolean
  /**
   * May be left out without the "meer" marker where the marker would cut a text that is shown
   * whole: "Bewoner" under her name says nothing her pill-shaped card does not.
   */
  optional?: boolean
  /** At most this many lines (default: as room allows). */
  maxLines?: number
  /** Said shorter, for when the text itself would be cut ("Score 3" for "3 – Beperkt zelfredzaam"). */
  short?: string
  /** For tests and styling: the decision or outcome key. */
  value?: string
}

export interface CardContent {
  kind: 'resident' | 'domain' | 'agency' | 'action'
  pictogram: PictogramKey | 'resident' | 'agency' | null
  title: string
  /** The line(s) under the title: always shown, as big as the title allows. */
  second: CardText[]
  /** Shown in this order while there is room. */
  details: CardText[]
  /** A domain that needs attention (worries or a score of 1-3) gets a dashed red border. */
  worry: boolean
  /** The decision of an action, for the border colour. */
  decision?: string
}

export interface ContentContext {
  snapshot: MeetingSnapshot
  strings: Strings
  language: Language
}

const DECISION_TONE = { agreed: 'ok', declined: 'danger', thinking: 'warn', none: 'muted' } as const
const OUTCOME_TONE = { done: 'ok', partly: 'warn', notDone: 'danger', noLongerNeeded: 'info', none: 'muted' } as const

/** The card's content from its props and the facts picked out of the meeting (cardFacts.ts). */
export function cardContentOf(shape: CardShape, facts: CardFacts, strings: Strings, language: Language): CardContent {
  const s = strings.meeting
  switch (shape.type) {
    case 'resident': {
      return {
        kind: 'resident',
        pictogram: 'resident',
        title: shape.props.name.trim() || s.residentUnnamed,
        second: [{ text: s.resident, tone: 'muted', maxLines: 1, optional: true }],
        details: [],
        worry: false,
      }
    }
    case 'life-domain': {
      const props = shape.props
      const names = domainCardNames(props, language)
      const plain: CardText | null = names.plain !== names.professional ? { text: names.plain, tone: 'muted', maxLines: 1 } : null
      const score: CardText | null =
        props.score !== null
          ? {
              text: `${props.score} – ${SCORE_LABELS[language][props.score]}`,
              short: `${s.score} ${props.score}`,
              strong: true,
              tone: isWorryingScore(props.score) ? 'danger' : 'ok',
              maxLines: 2,
            }
          : null
      const worries: CardText | null = props.worries.trim() ? { label: s.worries, text: props.worries.trim(), tone: 'danger', maxLines: 2 } : null
      const second = score ?? worries ?? plain
      const details = [
        plain,
        score ? worries : null,
        props.residentWords.trim() ? { text: `“${props.residentWords.trim()}”`, quote: true, maxLines: 3 } : null,
        props.strengths.trim() ? { label: s.strengths, text: props.strengths.trim(), maxLines: 3 } : null,
      ].filter((line): line is CardText => line !== null && line !== second)
      return {
        kind: 'domain',
        pictogram: lifeDomain(props.domain).pictogram,
        title: names.professional,
        second: second ? [second] : [],
        details,
        worry: isWorryingScore(props.score) || !!worries,
      }
    }
    case 'agency': {
      const props = shape.props
      const presence: CardText = { text: props.atTable ? `● ${s.atTable}` : `○ ${s.notAtTable}`, tone: props.atTable ? 'ok' : 'danger', maxLines: 1 }
      const person = props.person.trim()
      const details: CardText[] = []
      if (person) details.push(presence)
      if (props.office.trim()) details.push({ text: props.office.trim(), tone: 'muted', maxLines: 2 })
      if (props.canDo.trim()) details.push({ label: s.canDo, text: props.canDo.trim(), maxLines: 3 })
      // The line that would have prevented Ansaj's wrong referral: right after the person, as big
      // as the person, whole whenever anything under the title is shown.
      const cannotDo: CardText[] = props.cannotDo.trim()
        ? [{ label: s.cannotDo, text: props.cannotDo.trim(), tone: 'danger', whole: true, mustShow: true }]
        : []
      return {
        kind: 'agency',
        pictogram: 'agency',
        title: props.organisation.trim() || s.newAgency,
        second: [person ? { text: person, maxLines: 2 } : presence, ...cannotDo],
        details,
        worry: false,
      }
    }
    case 'action': {
      const props = shape.props
      const { decision, outcome, owner, domains } = facts
      const ownerText = owner && owner.person ? `${owner.person}${owner.organisation ? ` (${owner.organisation})` : ''}` : s.noOwner
      // Her decision, and at a follow-up what became of it: both by icon and word, never cut.
      const answers: CardText[] = [
        { text: s.decision[decision], icon: DECISION_ICON[decision], tone: DECISION_TONE[decision], strong: true, value: decision, whole: true, maxLines: 2 },
      ]
      if (outcome !== null) {
        answers.push({ text: s.outcome[outcome], icon: OUTCOME_ICON[outcome], tone: OUTCOME_TONE[outcome], strong: true, value: outcome, whole: true, maxLines: 2 })
      }
      const details: CardText[] = [{ label: s.when, text: props.dueDate ? formatDate(props.dueDate, language) : s.noDate, maxLines: 2 }]
      if (domains.length) details.push({ label: s.forDomains, text: domains.join(', '), maxLines: 2 })
      return {
        kind: 'action',
        pictogram: null,
        title: props.what.trim() || s.newAction,
        second: [...answers, { text: ownerText, tone: owner && owner.person ? undefined : 'danger', maxLines: 2 }],
        details,
        worry: false,
        decision,
      }
    }
    default:
      return { kind: 'resident', pictogram: null, title: '', second: [], details: [], worry: false }
  }
}

/** The content straight from a meeting snapshot (the SVG export, which runs outside React). */
export function cardContent(shape: CardShape | TLShape, { snapshot, strings, language }: ContentContext): CardContent {
  const card = shape as CardShape
  return cardContentOf(card, cardFacts(card, snapshot, language), strings, language)
}
