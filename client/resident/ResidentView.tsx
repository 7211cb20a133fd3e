/**
 * "Mijn afspraken": the resident's own phone. Large type, plain words ("u"), one pictogram per
 * domain. During the meeting her actions come first, each with her answer and what she is asked
 * now; once it is closed, her summary comes first: that is what she takes home.
 */
import { isCarried } from '../../shared/domain/snapshot'
import { LanguageSwitch } from '../i18n/language'
import { useLanguageWith } from '../i18n/partStrings'
import { RESIDENT_STRINGS } from '../i18n/parts/resident'
import { useMeeting } from '../ui/MeetingContext'
import { ResidentAction } from './ResidentAction'
import { ResidentOffBoard } from './ResidentOffBoard'
import { ResidentStateNotice } from './ResidentStateNotice'
import { ResidentSummaryView } from './ResidentSummaryView'
import type { Card } from '../../shared/domain/snapshot'
import type { ActionCardProps } from '../../shared/domain/cards'

function ActionList({ title, actions }: { title: string; actions: Card<ActionCardProps>[] }) {
  if (actions.length === 0) return null
  return (
    <section aria-label={title}>
      <h2 className="resident-view__list-title">{title}</h2>
      <ol className="resident-actions">
        {actions.map((action) => <ResidentAction key={action.id} action={action} />)}
      </ol>
    </section>
  )
}

/** Her actions; at a follow-up, what was carried over first, then what is new this time. */
function ResidentActions() {
  const { strings } = useLanguageWith(RESIDENT_STRINGS)
  const s = strings.resident
  const { snapshot } = useMeeting()
  if (snapshot.actions.length === 0) {
    return (
      <>
        <h2 className="resident-view__list-title">{s.allAgreements}</h2>
        <p>{s.nothingYet}</p>
      </>
    )
  }
  if (snapshot.info.sessionNumber === 1) return <ActionList title={s.allAgreements} actions={snapshot.actions} />
  return (
    <>
      <ActionList title={s.fromLastTime} actions={snapshot.actions.filter((a) => isCarried(snapshot, a.id))} />
      <ActionList title={s.newThisTime} actions={snapshot.actions.filter((a) => !isCarried(snapshot, a.id))} />
    </>
  )
}

function Summary() {
  const { strings } = useLanguageWith(RESIDENT_STRINGS)
  return (
    <section aria-labelledby="resident-summary-title">
      <h2 id="resident-summary-title" className="resident-view__list-title">{strings.resident.summary}</h2>
      <ResidentSummaryView />
    </section>
  )
}

export function ResidentView() {
  const { strings } = useLanguageWith(RESIDENT_STRINGS)
  const { snapshot } = useMeeting()
  const closed = snapshot.info.state === 'closed'
  return (
    <main className="resident-view" data-testid="resident-view" data-state={snapshot.info.state}>
      <header className="page__header">
        <h1>{strings.resident.title}</h1>
        <LanguageSwitch />
      </header>
      <ResidentStateNotice />
      {closed && <Summary />}
      <ResidentActions />
      <ResidentOffBoard />
      {!closed && <Summary />}
    </main>
  )
}
