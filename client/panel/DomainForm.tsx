import type { Editor } from 'tldraw'
import { DOMAIN_SCORES, LIFE_DOMAINS, SCORE_LABELS, type LifeDomainKey } from '../../shared/domain/lifeDomains'
import { updateCard } from '../meeting/cardCommands'
import { useLanguage } from '../i18n/language'
import type { LifeDomainShape } from '../shapes/cardShapeTypes'
import { SelectField, TextField } from '../ui/fields'

export function DomainForm({ editor, shape, disabled }: { editor: Editor; shape: LifeDomainShape; disabled: boolean }) {
  const { strings, language } = useLanguage()
  const { props } = shape
  const set = (changes: Partial<LifeDomainShape['props']>) => updateCard(editor, shape, changes)
  return (
    <>
      <SelectField<LifeDomainKey>
        label={strings.panel.domain}
        value={props.domain}
        disabled={disabled}
        options={LIFE_DOMAINS.map((d) => ({ value: d.key, label: `${d[language].professional}${d[language].plain !== d[language].professional ? ` (${d[language].plain})` : ''}` }))}
        onChange={(domain) => set({ domain })}
      />
      {props.domain === 'anders' && (
        <TextField
          label={strings.panel.customName}
          value={props.customName}
          disabled={disabled}
          problem={props.customName.trim() ? null : strings.panel.customNameProblem}
          onChange={(customName) => set({ customName })}
        />
      )}
      <SelectField<string>
        label={strings.panel.score}
        value={props.score === null ? '' : String(props.score)}
        disabled={disabled}
        options={[
          { value: '', label: strings.panel.noScore },
          ...DOMAIN_SCORES.map((score) => ({ value: String(score), label: `${score} – ${SCORE_LABELS[language][score]}` })),
        ]}
        onChange={(value) => set({ score: value === '' ? null : (Number(value) as LifeDomainShape['props']['score']) })}
      />
      <TextField long label={strings.panel.strengths} value={props.strengths} disabled={disabled} onChange={(strengths) => set({ strengths })} />
      <TextField long label={strings.panel.worries} value={props.worries} disabled={disabled} onChange={(worries) => set({ worries })} />
      <TextField long label={strings.panel.residentWords} value={props.residentWords} disabled={disabled} onChange={(residentWords) => set({ residentWords })} />
    </>
  )
}
