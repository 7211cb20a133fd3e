/**
 * What a card says, as data: the title, lines and badges of each card type. The canvas
 * (HTML) and the export (SVG, for the session record's picture) both draw from this, so the
 * picture in the record shows exactly what the table saw.
 */
import type { TLShape } from 'tldraw'
import { isWorryingScore, lifeDomain, SCORE_LABELS, type PictogramKey } from '../../shared/domain/lifeDomains'
import { resolveOwner } from '../../shared/domain/owners'
import { currentDecision, currentOutcome, type MeetingSnapshot } from '../../shared/domain/snapshot'
import { questionFor } from '../../shared/domain/followUp'
import type { Language, Strings } from '../i18n/strings'
import { DECISION_ICON } from '../meeting/DecisionBadge'
import { formatDate } from '../meeting/formatDate'
import { OUTCOME_ICON } from '../meeting/OutcomeBadge'
import type { CardShape } from './cardShapeTypes'
import { domainCardNames } from './domainNames'

export type Tone = 'ok' | 'danger' | 'warn' | 'muted' | 'info'

export interface CardLine {
  label?: string
  text: string
  quote?: boolean
  tone?: Tone
}

export interface CardBadge {
  text: string
  /** SVG path in a 24x24 box. */
  icon: string
  tone: Tone
  /** For tests and styling: the decision or outcome key. */
  value: string
}

export interface CardContent {
  kind: 'resident' | 'domain' | 'agency' | 'action'
  pictogram: PictogramKey | 'resident' | 'agency' | null
  title: string
  subtitle?: string
  /** The resident card shows a kind label under the name. */
  caption?: string
  lines: CardLine[]
  badges: CardBadge[]
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

export function cardContent(shape: CardShape | TLShape, { snapshot, strings, language }: ContentContext): CardContent {
  const s = strings.meeting
  switch (shape.type) {
    case 'resident': {
      const props = (shape as Extract<CardShape, { type: 'resident' }>).props
      return { kind: 'resident', pictogram: 'resident', title: props.name || s.residentUnnamed, caption: s.resident, lines: [], badges: [], worry: false }
    }
    case 'life-domain': {
      const props = (shape as Extract<CardShape, { type: 'life-domain' }>).props
      const names = domainCardNames(props, language)
      const lines: CardLine[] = []
      if (props.score !== null) lines.push({ label: s.score, text: `${props.score} – ${SCORE_LABELS[language][props.score]}` })
      if (props.strengths) lines.push({ label: s.strengths, text: props.strengths })
      if (props.worries) lines.push({ label: s.worries, text: props.worries, tone: 'danger' })
      if (props.residentWords) lines.push({ text: `“${props.residentWords}”`, quote: true })
      return {
        kind: 'domain',
        pictogram: lifeDomain(props.domain).pictogram,
        title: names.professional,
        subtitle: names.plain !== names.professional ? names.plain : undefined,
        lines,
        badges: [],
        worry: isWorryingScore(props.score),
      }
    }
    case 'agency': {
      const props = (shape as Extract<CardShape, { type: 'agency' }>).props
      const lines: CardLine[] = []
      if (props.person) lines.push({ text: props.person })
      lines.push({ text: props.atTable ? `● ${s.atTable}` : `○ ${s.notAtTable}`, tone: props.atTable ? 'ok' : 'danger' })
      if (props.canDo) lines.push({ label: s.canDo, text: props.canDo })
      if (props.cannotDo) lines.push({ label: s.cannotDo, text: props.cannotDo })
      return {
        kind: 'agency',
        pictogram: 'agency',
        title: props.organisation || s.newAgency,
        subtitle: props.office || undefined,
        lines,
        badges: [],
        worry: false,
      }
    }
    case 'action': {
      const props = (shape as Extract<CardShape, { type: 'action' }>).props
      const decision = currentDecision(snapshot.decisions, shape.id)?.decision ?? 'none'
      const owner = resolveOwner(snapshot, props)
      const domains = props.domainIds
        .map((id) => snapshot.domains.find((d) => d.id === id))
        .filter((d) => d !== undefined)
        .map((d) => domainCardNames(d.props, language).professional)
      const badges: CardBadge[] = [{ text: s.decision[decision], icon: DECISION_ICON[decision], tone: DECISION_TONE[decision], value: decision }]
      if (questionFor(snapshot, shape.id) === 'outcome') {
        const outcome = currentOutcome(snapshot.outcomes, shape.id, snapshot.info.sessionNumber)?.outcome ?? 'none'
        badges.push({ text: s.outcome[outcome], icon: OUTCOME_ICON[outcome], tone: OUTCOME_TONE[outcome], value: outcome })
      }
      return {
        kind: 'action',
        pictogram: null,
        title: props.what || s.newAction,
        subtitle: domains.length ? `${s.forDomains}: ${domains.join(', ')}` : undefined,
        lines: [
          { label: s.who, text: owner && owner.person ? `${owner.person}${owner.organisation ? ` (${owner.organisation})` : ''}` : s.noOwner },
          { label: s.when, text: props.dueDate ? formatDate(props.dueDate, language) : s.noDate },
        ],
        badges,
        worry: false,
        decision,
      }
    }
    default:
      return { kind: 'resident', pictogram: null, title: '', lines: [], badges: [], worry: false }
  }
}
