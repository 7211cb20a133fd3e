import { lifeDomain } from '../../shared/domain/lifeDomains'
import type { LifeDomainCardProps } from '../../shared/domain/cards'
import type { Language } from '../i18n/strings'

/** The names a domain card shows: "Anders" shows its own free name. */
export function domainCardNames(props: Pick<LifeDomainCardProps, 'domain' | 'customName'>, language: Language) {
  const names = lifeDomain(props.domain)[language]
  if (props.domain === 'anders' && props.customName.trim()) {
    return { professional: props.customName.trim(), plain: names.professional }
  }
  return names
}
