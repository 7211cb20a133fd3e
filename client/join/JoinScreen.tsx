/**
 * Who you are, before entering a board; remembered per board. The kind of link decides what is
 * asked: the resident's link only her name (the server makes her the bewoner), the facilitator's
 * link name, organisation and contact (the server makes them the gespreksleider), the
 * participant's link everything, with a role that is neither of those two. A signed-in
 * professional (issue 12) does not type a name or organisation: the account's are shown, read-only.
 */
import { useState, type FormEvent } from 'react'
import { MAX_CONTACT_LENGTH, MAX_NAME_LENGTH, MAX_ORGANISATION_LENGTH } from '../../shared/domain/limits'
import { participantRequest } from '../../shared/domain/meeting'
import { PARTICIPANT_ROLES, type ParticipantRole } from '../../shared/domain/roles'
import { validateBody, type FieldError } from '../../shared/domain/validation'
import type { Access, BoardInfoResponse } from '../../shared/protocol'
import { useLanguage } from '../i18n/language'
import { fieldErrorText, withLimit } from '../ui/apiErrors'
import { newParticipantKey, newUserId, pickColour, type JoinIdentity } from './boardAccess'

interface Props {
  access: Access
  /** The signed-in professional's name and organisation, when the right is by account; they are not asked. */
  account?: BoardInfoResponse['account']
  previous: JoinIdentity | null
  onJoin(identity: JoinIdentity): void
  /** The server's field errors for this person's entry, when it refused it; shown at their fields. */
  fieldErrors?: readonly FieldError[]
}

/** The fields this screen shows; the server's validator names them the same. */
const FIELDS = ['name', 'role', 'organisation', 'contact'] as const
type JoinField = (typeof FIELDS)[number]

/** The roles a participant link may take: the link decides who the facilitator and the resident are. */
const CHOOSABLE_ROLES: readonly ParticipantRole[] = PARTICIPANT_ROLES.filter((role) => role !== 'gespreksleider' && role !== 'bewoner')

/** The role that follows from the link, or null when the person chooses it. */
function roleOfLink(access: Access): ParticipantRole | null {
  if (access === 'facilitator') return 'gespreksleider'
  if (access === 'resident') return 'bewoner'
  return null
}

export function JoinScreen({ access, account = null, previous, onJoin, fieldErrors: refused = [] }: Props) {
  const { strings } = useLanguage()
  const s = strings.join
  const fixedRole = roleOfLink(access)
  const isResident = access === 'resident'
  const [name, setName] = useState(previous?.name ?? '')
  const [role, setRole] = useState<string>(fixedRole ?? (previous && CHOOSABLE_ROLES.includes(previous.role) ? previous.role : ''))
  const [organisation, setOrganisation] = useState(previous?.organisation ?? '')
  const [contact, setContact] = useState(previous?.contact ?? '')
  const [atTable, setAtTable] = useState(previous?.atTable ?? true)
  const [checked, setChecked] = useState<readonly FieldError[]>([])
  const errors = checked.length > 0 ? checked : refused

  /** The words for a field's problem: the join screen's own for a missing name or role, else the general table. */
  const problemOf = (field: JoinField): string | null => {
    const error = errors.find((e) => e.field === field)
    if (!error) return null
    if (field === 'name' && error.code === 'missing') return s.problems.nameMissing
    if (field === 'role') return s.problems.roleMissing
    return fieldErrorText(strings, error)
  }
  /** `aria-invalid` and `aria-describedby` for a field: its hint and its problem. */
  const described = (field: JoinField, hint: boolean) => ({
    'aria-invalid': problemOf(field) !== null,
    'aria-describedby': [hint ? `join-${field}-hint` : '', problemOf(field) ? `join-${field}-problem` : ''].filter(Boolean).join(' ') || undefined,
  })
  const problem = (field: JoinField) => {
    const text = problemOf(field)
    return text && <small className="field__problem" id={`join-${field}-problem`} role="alert">{text}</small>
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const entry = {
      name: account ? account.name : name,
      role: fixedRole ?? role,
      organisation: account ? account.organisation : isResident ? '' : organisation,
      contact: isResident ? '' : contact,
    }
    // The server's own validator for this body, so the screen and the server never disagree.
    const result = validateBody(participantRequest, { ...entry, userId: previous?.userId ?? 'user:new', atTable: true })
    const found = result.ok ? [] : result.fieldErrors.filter((e) => (FIELDS as readonly string[]).includes(e.field))
    setChecked(found)
    if (found.length) return
    onJoin({
      userId: previous?.userId ?? newUserId(),
      key: previous?.key ?? newParticipantKey(),
      color: previous?.color ?? pickColour(),
      name: entry.name.trim(),
      role: (fixedRole ?? role) as ParticipantRole,
      organisation: entry.organisation.trim(),
      contact: entry.contact.trim(),
      // Only the participant link asks; the resident and the facilitator are at the table.
      atTable: access === 'participant' ? atTable : true,
    })
  }

  const title = isResident ? s.residentTitle : s.title
  return (
    <main className="page page--narrow">
      <h1>{title}</h1>
      <p>
        {isResident ? s.residentIntro
          : account ? (access === 'facilitator' ? s.facilitatorAccountIntro : s.accountIntro)
          : access === 'facilitator' ? s.facilitatorIntro : s.intro}
      </p>
      <form className="form" onSubmit={submit} noValidate aria-label={title}>
        {account && (
          <div className="account-identity" data-testid="account-identity">
            <p>{strings.signIn.yourAccount}</p>
            <p className="account-identity__name">{account.name}</p>
            <p className="account-identity__organisation">{account.organisation || strings.signIn.accountOrganisationNone}</p>
            {problem('name')}
          </div>
        )}
        {!account && <div className="field">
          <label htmlFor="join-name">{s.name}</label>
          <input id="join-name" name="name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" autoFocus
            maxLength={MAX_NAME_LENGTH} {...described('name', true)} />
          <small id="join-name-hint">{withLimit(strings.atMost, MAX_NAME_LENGTH)}</small>
          {problem('name')}
        </div>}
        {fixedRole === null && (
          <div className="field">
            <label htmlFor="join-role">{s.role}</label>
            <select id="join-role" name="role" value={role} onChange={(e) => setRole(e.target.value)} {...described('role', false)}>
              <option value="" disabled>{s.chooseRole}</option>
              {CHOOSABLE_ROLES.map((r) => (
                <option key={r} value={r}>{strings.roles[r]}</option>
              ))}
            </select>
            {problem('role')}
          </div>
        )}
        {!isResident && (
          <>
            {!account && <div className="field">
              <label htmlFor="join-organisation">{s.organisation}</label>
              <input id="join-organisation" name="organisation" value={organisation} onChange={(e) => setOrganisation(e.target.value)}
                autoComplete="organization" maxLength={MAX_ORGANISATION_LENGTH} {...described('organisation', true)} />
              <small id="join-organisation-hint">{withLimit(strings.atMost, MAX_ORGANISATION_LENGTH)}</small>
              {problem('organisation')}
            </div>}
            <div className="field">
              <label htmlFor="join-contact">{s.contact}</label>
              <input id="join-contact" name="contact" value={contact} onChange={(e) => setContact(e.target.value)} autoComplete="tel"
                maxLength={MAX_CONTACT_LENGTH} {...described('contact', true)} />
              <small id="join-contact-hint">{s.contactHelp} {withLimit(strings.atMost, MAX_CONTACT_LENGTH)}</small>
              {problem('contact')}
            </div>
          </>
        )}
        {access === 'participant' && (
          <fieldset className="form__choice">
            <legend>{s.where}</legend>
            <label><input type="radio" name="atTable" checked={atTable} onChange={() => setAtTable(true)} /> {s.atTable}</label>
            <label><input type="radio" name="atTable" checked={!atTable} onChange={() => setAtTable(false)} /> {s.remote}</label>
          </fieldset>
        )}
        <button type="submit" className="button button--primary">{isResident ? s.residentSubmit : s.submit}</button>
      </form>
    </main>
  )
}
