/**
 * Both languages' strings at once, for code that must read both synchronously: an agency card's
 * height is planned so that it fits in either language (shapes/agencyHeight.ts), and tests. The
 * UI itself gets its strings through language.tsx, which downloads English only when chosen.
 */
import { en } from './en'
import { nl, type Strings } from './nl'
import type { Language } from './languages'

export type { Strings } from './nl'
export { LANGUAGES, type Language } from './languages'

export const STRINGS: Record<Language, Strings> = { nl, en }
