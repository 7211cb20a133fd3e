/** The chosen language, remembered in this browser; Dutch unless someone switches. */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react'
import { LANGUAGES, STRINGS, type Language, type Strings } from './strings'

const STORAGE_KEY = 'tafelbord:language'

function initialLanguage(): Language {
  const saved = localStorage.getItem(STORAGE_KEY)
  return LANGUAGES.includes(saved as Language) ? (saved as Language) : 'nl'
}

interface LanguageContextValue {
  language: Language
  strings: Strings
  setLanguage(language: Language): void
}

const LanguageContext = createContext<LanguageContextValue | null>(null)

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage)
  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem(STORAGE_KEY, next)
    document.documentElement.lang = next
    setLanguageState(next)
  }, [])
  const value = useMemo(() => ({ language, strings: STRINGS[language], setLanguage }), [language, setLanguage])
  return (
    <LanguageContext.Provider value={value}>
      {children}
    </LanguageContext.Provider>
  )
}

export function useLanguage(): LanguageContextValue {
  const value = useContext(LanguageContext)
  if (!value) throw new Error('useLanguage outside LanguageProvider')
  return value
}

export function LanguageSwitch() {
  const { language, strings, setLanguage } = useLanguage()
  return (
    <button
      type="button"
      className="language-switch"
      lang={language === 'nl' ? 'en' : 'nl'}
      onClick={() => setLanguage(language === 'nl' ? 'en' : 'nl')}
    >
      {strings.switchLanguage}
    </button>
  )
}
