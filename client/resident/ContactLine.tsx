/** "Telefoon of e-mail: 06 12345678", tappable on her phone when it is a number or an address. */
import { useLanguageWith } from '../i18n/partStrings'
import { RESIDENT_STRINGS } from '../i18n/parts/resident'
import { contactHref } from './residentQuestion'

export function ContactLine({ contact }: { contact: string }) {
  const { strings } = useLanguageWith(RESIDENT_STRINGS)
  if (!contact) return null
  const href = contactHref(contact)
  return (
    <p className="resident-contact">
      {strings.resident.contact}: {href ? <a href={href}>{contact}</a> : contact}
    </p>
  )
}
