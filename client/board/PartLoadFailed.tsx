/** Shown when a part of the app could not be downloaded (offline, or a new version was deployed). */
import { useLanguage } from '../i18n/language'
import { ErrorScreen } from './ErrorScreen'

export function PartLoadFailed() {
  const { strings } = useLanguage()
  return <ErrorScreen message={strings.errors.network} offerReload />
}
