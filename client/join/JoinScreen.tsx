/**
 * Who you are, before entering a board; remembered per board. The kind of link decides what is
 * asked: the resident's link only her name (the server makes her the bewoner), the facilitator's
 * link name, organisation and contact (the server makes them the gespreksleider), the
 * participant's link everything, with a role that is neither of those two.
 */
import { useState, type FormEvent } from 'react'
import {
  checkIdentityInput,
  MAX_CONTACT_LENGTH,
  PARTICIPANT_ROLES,
  type IdentityProblem,
  type ParticipantRole,
} from '../../shared/domain/roles'
import type { Access } from '../../shared/protocol'
import { useLanguage } from '../i18n/language'
import { newParticipantKey, newUserId, pickColour, type JoinIdentity } from '../board/boardAccess'

interface Props {
  access: Access
  previous: JoinIdentity | null
  onJoin(identity: JoinIdentity): void
}

/** The roles a participant link may take: the link decides who the facilitator and the resident are. */
const CHOOSABLE_ROLES: readonly ParticipantRole[] = PARTICIPANT_ROLES.filter((role) => role !== 'gespreksleider' && role !== 'bewoner')

/** The role that follows from the link, or null when the person chooses it. */
function roleOfLink(access: Access): ParticipantRole | null {
  if (access === 'facilitator') return 'gespreksleider'
  if (access === 'resident') return 'bewoner'
  return null
}

export function JoinScreen({ access, previous, onJoin }: Props) {
  const { strings } = useLanguage()
  const s = strings.join
  const fixedRole = roleOfLink(access)
  const isResident = access === 'resident'
  const [name, setName] = useState(previous?.name ?? '')
  const [role, setRole] = useState<string>(fixedRole ?? (previous && CHOOSABLE_ROLES.includes(previous.role) ? previous.role : ''))
  const [organisation, setOrganisation] = useState(previous?.organisation ?? '')
  const [contact, setContact] = useState(previous?.contact ?? '')
  const [atTable, setAtTable] = useState(previous?.atTable ?? true)
  const [problems, setProblems] = useState<IdentityProblem[]>([])

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const found = checkIdentityInput({ name, role: fixedRole ?? role, organisation: isResident ? '' : organisation })
    setProblems(found)
    if (found.length) return
    onJoin({
      userId: previous?.userId ?? newUserId(),
      key: previous?.key ?? newParticipantKey(),
      color: previous?.color ?? pickColour(),
      name: name.trim(),
      role: (fixedRole ?? role) as ParticipantRole,
      organisation: isResident ? '' : organisation.trim(),
      contact: isResident ? '' : contact.trim(),
      // Only the participant link asks; the resident and the facilitator are at the table.
      atTable: access === 'participant' ? atTable : true,
    })
  }

  const title = isResident ? s.residentTitle : s.title
  return (
    <main className="page page--narrow">
      <h1>{title}</h1>
      <p>{isResident ? s.residentIntro : access === 'facilitator' ? s.facilitatorIntro : s.intro}</p>
      <form className="form" onSubmit={submit} noValidate aria-label={title}>
        <label>
          {s.name}
          <input name="name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" autoFocus
            aria-invalid={problems.includes('nameMissing') || problems.includes('nameTooLong')} />
        </label>
        {fixedRole === null && (
          <label>
            {s.role}
            <select name="role" value={role} onChange={(e) => setRole(e.target.value)} aria-invalid={problems.includes('roleMissing')}>
              <option value="" disabled>{s.chooseRole}</option>
              {CHOOSABLE_ROLES.map((r) => (
                <option key={r} value={r}>{strings.roles[r]}</option>
              ))}
            </select>
          </label>
        )}
        {!isResident && (
          <>
            <label>
              {s.organisation}
              <input name="organisation" value={organisation} onChange={(e) => setOrganisation(e.target.value)} autoComplete="organization"
                aria-invalid={problems.includes('organisationTooLong')} />
            </label>
            <label>
              {s.contact}
              <input name="contact" value={contact} onChange={(e) => setContact(e.target.value)} autoComplete="tel" maxLength={MAX_CONTACT_LENGTH}
                aria-describedby="join-contact-help" />
              <small id="join-contact-help">{s.contactHelp}</small>
            </label>
          </>
        )}
        {access === 'participant' && (
          <fieldset className="form__choice">
            <legend>{s.where}</legend>
            <label><input type="radio" name="atTable" checked={atTable} onChange={() => setAtTable(true)} /> {s.atTable}</label>
            <label><input type="radio" name="atTable" checked={!atTable} onChange={() => setAtTable(false)} /> {s.remote}</label>
          </fieldset>
        )}
        {problems.length > 0 && (
          <ul className="form__problems" role="alert">
            {problems.map((p) => <li key={p}>{s.problems[p]}</li>)}
          </ul>
        )}
        <button type="submit" className="button button--primary">{isResident ? s.residentSubmit : s.submit}</button>
      </form>
    </main>
  )
}
