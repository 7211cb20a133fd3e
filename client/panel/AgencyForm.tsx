import type { Editor } from 'tldraw'
import { updateCard } from '../meeting/cardCommands'
import { useMeeting } from '../ui/MeetingContext'
import { useLanguage } from '../i18n/language'
import { agencyHeightAfterEdit } from '../shapes/agencyHeight'
import type { AgencyShape } from '../shapes/cardShapeTypes'
import { CheckboxList, TextField, Toggle } from '../ui/fields'
import { LIFE_DOMAIN_NAMES, lifeDomainCardNames } from '../../shared/domain/lifeDomains'

export function AgencyForm({ editor, shape, disabled }: { editor: Editor; shape: AgencyShape; disabled: boolean }) {
  const { strings, language } = useLanguage()
  const { snapshot } = useMeeting()
  const { props } = shape
  const set = (changes: Partial<AgencyShape['props']>) => updateCard(editor, shape, changes)
  /**
   * A change to what the card shows under its title: the card grows so that the TV still shows
   * the person and the whole "kan niet" (the size is shared, so everyone's card grows the same).
   */
  const setShown = (changes: Partial<AgencyShape['props']>) => {
    const h = agencyHeightAfterEdit(props, { ...props, ...changes })
    set(h === props.h ? changes : { ...changes, h })
  }
  return (
    <>
      <TextField
        label={strings.panel.organisation}
        value={props.organisation}
        disabled={disabled}
        problem={props.organisation.trim() ? null : strings.panel.organisationProblem}
        onChange={(organisation) => setShown({ organisation })}
        testId="agency-organisation"
      />
      <TextField label={strings.panel.office} value={props.office} disabled={disabled} onChange={(office) => set({ office })} testId="agency-office" />
      <TextField label={strings.panel.person} value={props.person} disabled={disabled} onChange={(person) => setShown({ person })} testId="agency-person" />
      <TextField label={strings.panel.contact} value={props.contact} disabled={disabled} onChange={(contact) => set({ contact })} />
      <Toggle label={strings.panel.atTable} checked={props.atTable} disabled={disabled} onChange={(atTable) => setShown({ atTable })} testId="agency-at-table" />
      <TextField long label={strings.panel.canDo} value={props.canDo} disabled={disabled} onChange={(canDo) => set({ canDo })} />
      <TextField long label={strings.panel.cannotDo} value={props.cannotDo} disabled={disabled} onChange={(cannotDo) => setShown({ cannotDo })} />
      <CheckboxList
        label={strings.panel.agencyDomains}
        values={props.domainIds}
        disabled={disabled}
        hint={snapshot.domains.length ? undefined : strings.panel.noDomains}
        options={snapshot.domains.map((d) => ({ value: d.id, label: lifeDomainCardNames(d.props, LIFE_DOMAIN_NAMES[language]).professional }))}
        onChange={(domainIds) => set({ domainIds })}
      />
    </>
  )
}
