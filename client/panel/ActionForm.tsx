import type { Editor } from 'tldraw'
import { updateCard } from '../meeting/cardCommands'
import { useMeeting } from '../ui/MeetingContext'
import { useLanguage } from '../i18n/language'
import type { ActionShape } from '../shapes/cardShapeTypes'
import { CheckboxList, DateField, SelectField, TextField } from '../ui/fields'
import { DecisionForm } from './DecisionForm'
import { OutcomeForm } from './OutcomeForm'
import { questionFor } from '../../shared/domain/followUp'
import { todayIn } from '../../shared/domain/time'
import { LIFE_DOMAIN_NAMES, lifeDomainCardNames } from '../../shared/domain/lifeDomains'

export function ActionForm({ editor, shape, disabled }: { editor: Editor; shape: ActionShape; disabled: boolean }) {
  const { strings, language } = useLanguage()
  const { snapshot } = useMeeting()
  const { props } = shape
  const set = (changes: Partial<ActionShape['props']>) => updateCard(editor, shape, changes)

  const ownerValue = props.ownerKind === 'none' ? 'none' : `${props.ownerKind}:${props.ownerId}`
  const ownerOptions = [
    { value: 'none', label: strings.panel.noOwner },
    ...snapshot.participants.map((p) => ({
      value: `participant:${p.userId}`,
      label: `${p.name}${p.organisation ? ` (${p.organisation})` : ''} – ${strings.roles[p.role]}`,
    })),
    ...snapshot.agencies.map((a) => ({
      value: `agency:${a.id}`,
      label: `${a.props.organisation || strings.meeting.newAgency}${a.props.office ? `, ${a.props.office}` : ''}`,
    })),
  ]
  const chooseOwner = (value: string) => {
    if (value === 'none') return set({ ownerKind: 'none', ownerId: '', ownerPerson: '' })
    const [kind, ...rest] = value.split(':')
    const id = rest.join(':')
    const agency = snapshot.agencies.find((a) => a.id === id)
    set({ ownerKind: kind as 'participant' | 'agency', ownerId: id, ownerPerson: kind === 'agency' ? agency?.props.person ?? '' : '' })
  }

  return (
    <>
      <TextField
        long
        label={strings.panel.what}
        value={props.what}
        disabled={disabled}
        problem={props.what.trim() ? null : strings.panel.whatProblem}
        onChange={(what) => set({ what })}
        testId="action-what"
      />
      <CheckboxList
        label={strings.panel.actionDomains}
        values={props.domainIds}
        disabled={disabled}
        problem={props.domainIds.length ? null : snapshot.domains.length ? strings.panel.actionDomainsProblem : strings.panel.noDomains}
        options={snapshot.domains.map((d) => ({ value: d.id, label: lifeDomainCardNames(d.props, LIFE_DOMAIN_NAMES[language]).professional }))}
        onChange={(domainIds) => set({ domainIds })}
      />
      <SelectField<string>
        label={strings.panel.owner}
        value={ownerOptions.some((o) => o.value === ownerValue) ? ownerValue : 'none'}
        options={ownerOptions}
        disabled={disabled}
        problem={props.ownerKind === 'none' ? strings.panel.ownerProblem : null}
        onChange={chooseOwner}
        testId="action-owner"
      />
      {props.ownerKind === 'agency' && (
        <TextField
          label={strings.panel.ownerPerson}
          value={props.ownerPerson}
          disabled={disabled}
          problem={props.ownerPerson.trim() ? null : strings.panel.ownerPersonProblem}
          onChange={(ownerPerson) => set({ ownerPerson })}
          testId="action-owner-person"
        />
      )}
      <DateField
        label={strings.panel.dueDate}
        value={props.dueDate}
        disabled={disabled}
        problem={!props.dueDate ? strings.panel.dueDateProblem : props.dueDate < todayIn(snapshot.info.timeZone) ? strings.panel.dueDatePast : null}
        onChange={(dueDate) => set({ dueDate })}
        testId="action-due-date"
      />
      <TextField long label={strings.panel.note} value={props.note} disabled={disabled} onChange={(note) => set({ note })} />
      {/* Last time she agreed: now what became of it. Otherwise: her (new) decision. */}
      {questionFor(snapshot, shape.id) === 'outcome' ? <OutcomeForm actionId={shape.id} /> : <DecisionForm actionId={shape.id} />}
    </>
  )
}
