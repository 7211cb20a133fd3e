/** Name, role and organisation before entering a board; remembered per board. */
import { useState, type FormEvent } from 'react'
import { PARTICIPANT_ROLES, checkIdentityInput, type IdentityProblem, type ParticipantIdentity, type ParticipantRole } from '../../shared/domain/roles'
import type { Access } from '../../shared/protocol'
import { useLanguage } from '../i18n/language'
import { newParticipantKey, newUserId, pickColour } from '../board/boardAccess'

interface Props {
  access: Access
  previous: ParticipantIdentity | null
  onJoin(identity: ParticipantIdentity): void
}

export function JoinScreen({ access, previous, onJoin }: Props) {
  const { strings } = useLanguage()
  const [name, setName] = useState(previous?.name ?? '')
  const defaultRole = access === 'facilitator' ? 'gespreksleider' : access === 'resident' ? 'bewoner' : ''
  const [role, setRole] = useState<string>(previous?.role ?? defaultRole)
  const [organisation, setOrganisation] = useState(previous?.organisation ?? '')
  const [atTable, setAtTable] = useState(previous?.atTable ?? true)
  const [problems, setProblems] = useState<IdentityProblem[]>([])

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const found = checkIdentityInput({ name, role, organisation })
    setProblems(found)
    if (found.length) return
    onJoin({
      userId: previous?.userId ?? newUserId(),
      key: previous?.key ?? newParticipantKey(),
      color: previous?.color ?? pickColour(),
      name: name.trim(),
      role: role as ParticipantRole,
      organisation: organisation.trim(),
      atTable,
    })
  }

  return (
    <main className="page page--narrow">
      <h1>{strings.join.title}</h1>
      <p>{strings.join.intro}</p>
      <form className="form" onSubmit={submit} noValidate aria-label={strings.join.title}>
        <label>
          {strings.join.name}
          <input name="name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" autoFocus
            aria-invalid={problems.includes('nameMissing') || problems.includes('nameTooLong')} />
        </label>
        <label>
          {strings.join.role}
          <select name="role" value={role} onChange={(e) => setRole(e.target.value)} aria-invalid={problems.includes('roleMissing')}>
            <option value="" disabled>{strings.join.chooseRole}</option>
            {PARTICIPANT_ROLES.map((r) => (
              <option key={r} value={r}>{strings.roles[r]}</option>
            ))}
          </select>
        </label>
        <label>
          {strings.join.organisation}
          <input name="organisation" value={organisation} onChange={(e) => setOrganisation(e.target.value)} autoComplete="organization" />
        </label>
        <fieldset className="form__choice">
          <legend>{strings.join.where}</legend>
          <label><input type="radio" name="atTable" checked={atTable} onChange={() => setAtTable(true)} /> {strings.join.atTable}</label>
          <label><input type="radio" name="atTable" checked={!atTable} onChange={() => setAtTable(false)} /> {strings.join.remote}</label>
        </fieldset>
        {problems.length > 0 && (
          <ul className="form__problems" role="alert">
            {problems.map((p) => <li key={p}>{strings.join.problems[p]}</li>)}
          </ul>
        )}
        <button type="submit" className="button button--primary">{strings.join.submit}</button>
      </form>
    </main>
  )
}
