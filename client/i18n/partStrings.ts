/**
 * Words used only by code that is downloaded when first used (a dialog, the card forms, her list,
 * the start page) live in i18n/parts/, both languages in one table, and are bundled with that
 * code, not with every page as nl.ts is. Such code reads them together with the page's strings,
 * as one `strings`, through useLanguageWith.
 */
import { useMemo } from 'react'
import { useLanguage } from './language'
import type { Language } from './languages'
import type { Strings } from './nl'

/** One part's words: the same sections in each language. */
export type PartTable<T extends object> = Readonly<Record<Language, T>>

/** The sections of a part's table, as `strings` has them. */
export type PartSections<T> = T extends PartTable<infer S> ? S : never

const none: PartTable<object> = { nl: {}, en: {} }

/** useLanguage(), with `strings` holding also the sections of one to three part tables. */
export function useLanguageWith<A extends object, B extends object = object, C extends object = object>(
  a: PartTable<A>,
  b: PartTable<B> = none as PartTable<B>,
  c: PartTable<C> = none as PartTable<C>,
) {
  const value = useLanguage()
  const { strings, language } = value
  const merged = useMemo(() => ({ ...strings, ...a[language], ...b[language], ...c[language] }), [strings, language, a, b, c])
  return { ...value, strings: merged as Strings & A & B & C }
}
