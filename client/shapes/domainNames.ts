import { LIFE_DOMAIN_NAMES, lifeDomainCardNames } from '../../shared/domain/lifeDomains'
import type { LifeDomainCardProps } from '../../shared/domain/cards'
import type { Language } from '../i18n/strings'

/** The names a domain card shows, by the one shared rule (an "Anders" domain goes by its own name). */
export function domainCardNames(props: Pick<LifeDomainCardProps, 'domain' | 'customName'>, language: Language) {
  return lifeDomainCardNames(props, LIFE_DOMAIN_NAMES[language])
}
