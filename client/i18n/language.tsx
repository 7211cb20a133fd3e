/**
 * The chosen language, remembered in this browser; Dutch unless someone switches. Dutch comes with
 * the page; English is its own chunk (en.ts), downloaded when someone chooses it, so every page
 * carries one language's strings, not two. Until English has arrived the page stays in Dutch (a
 * switch) or says it is loading (a page opened in English); if it cannot be downloaded, the page
 * stays in Dutch and says so beside the switch, which tries again.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import { LANGUAGES, type Language } from './languages'
import { nl, type Strings } from './nl'
import { loadOnce } from '../ui/loadOnce'

const STORAGE_KEY = 'tafelbord:language'

/** English, downloaded once; a failed download is tried again next time (the network may be back). */
const english = loadOnce(() => import('./en').then((module) => module.en))

const stringsOf = (language: Language): Strings | null => (language === 'nl' ? nl : english.current())

function savedLanguage(): Language {
  const saved = localStorage.getItem(STORAGE_KEY)
  return LANGUAGES.includes(saved as Language) ? (saved as Language) : 'nl'
}

interface LanguageContextValue {
  /** The language of `strings`: the one on screen. */
  language: Language
  strings: Strings
  setLanguage(language: Language): void
  /** A chosen language that is not on screen yet: being downloaded, or its download failed. */
  switching: 'loading' | 'failed' | null
}

const LanguageContext = createContext<LanguageContextValue | null>(null)

interface State {
  wanted: Language
  /** null only while a page opened in English waits for its strings. */
  shown: Language | null
  failed: boolean
}

function initialState(): State {
  const wanted = savedLanguage()
  return { wanted, shown: stringsOf(wanted) ? wanted : null, failed: false }
}

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<State>(initialState)
  const { wanted, shown, failed } = state

  useEffect(() => {
    if (wanted === shown || failed) return undefined
    let current = true
    english.start().then(
      () => current && setState((s) => (s.wanted === wanted ? { ...s, shown: wanted } : s)),
      () => current && setState((s) => (s.wanted === wanted ? { ...s, shown: s.shown ?? 'nl', failed: true } : s)),
    )
    return () => {
      current = false
    }
  }, [wanted, shown, failed])

  useEffect(() => {
    if (shown) document.documentElement.lang = shown
  }, [shown])

  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem(STORAGE_KEY, next)
    setState((s) => ({ wanted: next, shown: stringsOf(next) ? next : s.shown, failed: false }))
  }, [])

  const value = useMemo<LanguageContextValue | null>(() => {
    const strings = shown && stringsOf(shown)
    if (!shown || !strings) return null
    return { language: shown, strings, setLanguage, switching: wanted === shown ? null : failed ? 'failed' : 'loading' }
  }, [wanted, shown, failed, setLanguage])

  // A page opened in English, before its strings have arrived: a moment, no Dutch flashing by.
  if (!value) {
    return <p className="page" role="status" lang="en">Loading…</p>
  }
  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>
}

export function useLanguage(): LanguageContextValue {
  const value = useContext(LanguageContext)
  if (!value) throw new Error('useLanguage outside LanguageProvider')
  return value
}

export function LanguageSwitch() {
  const { language, strings, setLanguage, switching } = useLanguage()
  const other = language === 'nl' ? 'en' : 'nl'
  return (
    <>
      <button
        type="button"
        className="language-switch"
        lang={other}
        aria-busy={switching === 'loading'}
        onClick={() => setLanguage(other)}
      >
        {strings.switchLanguage}
      </button>
      {switching === 'failed' && (
        <span className="error language-switch__error" role="alert">{strings.languageFailed}</span>
      )}
    </>
  )
}
