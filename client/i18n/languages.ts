/** The languages of our own UI; Dutch is the default. */
export type Language = 'nl' | 'en'
export const LANGUAGES: Language[] = ['nl', 'en']
