/** "+ Leefgebied", "+ Instantie", "+ Actie": new cards, placed where they belong. */
import { useState } from 'react'
import type { Editor } from 'tldraw'
import { LIFE_DOMAINS, type LifeDomainKey } from '../../shared/domain/lifeDomains'
import { addActionCard, addAgencyCard, addDomainCard } from '../meeting/cardCommands'
import { useLanguage } from '../i18n/language'

export function AddCardButtons({ editor }: { editor: Editor }) {
  const { strings, language } = useLanguage()
  const [choosingDomain, setChoosingDomain] = useState(false)
  return (
    <div className="add-cards">
      <div className="add-cards__row">
        <button type="button" className="button" aria-expanded={choosingDomain} onClick={() => setChoosingDomain((v) => !v)} data-testid="add-domain">
          {strings.meeting.addDomain}
        </button>
        <button type="button" className="button" onClick={() => addAgencyCard(editor)} data-testid="add-agency">
          {strings.meeting.addAgency}
        </button>
        <button type="button" className="button" onClick={() => addActionCard(editor)} data-testid="add-action">
          {strings.meeting.addAction}
        </button>
      </div>
      {choosingDomain && (
        <label className="field">
          {strings.meeting.chooseDomain}
          <select
            autoFocus
            defaultValue=""
            data-testid="add-domain-choice"
            onChange={(e) => {
              if (!e.target.value) return
              addDomainCard(editor, e.target.value as LifeDomainKey)
              setChoosingDomain(false)
            }}
            onKeyDown={(e) => e.key === 'Escape' && setChoosingDomain(false)}
          >
            <option value="" disabled>{strings.meeting.chooseDomain}</option>
            {LIFE_DOMAINS.map((d) => (
              <option key={d.key} value={d.key}>{d[language].professional}</option>
            ))}
          </select>
        </label>
      )}
    </div>
  )
}
