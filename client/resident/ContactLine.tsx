/** "Telefoon of e-mail: 06 12345678", tappable on her phone when it is a number or an address. */
import { useLanguage } from '../i18n/language'
import { contactHref } from './residentQuestion'

export function ContactLine({ contact }: { contact: string }) {
  const { strings } = useLanguage()
  if (!contact) return null
  const href = contactHref(contact)
  return (
    <p className="resident-contact">
      {strings.resident.contact}: {href ? <a href={href}>{contact}</a> : contact}
    </p>
  )
}
