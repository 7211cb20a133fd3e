/**
 * Life domains (leefgebieden): the 13 of the Self-Sufficiency Matrix (ZRM 2017), plus
 * "Verblijf & nationaliteit" and a free "Anders". Each has the professional name and a plain word
 * for the resident, in Dutch and English, and a pictogram key (drawn by client and exports).
 */
export const LIFE_DOMAIN_KEYS = [
  'financien',
  'werk-opleiding',
  'tijdsbesteding',
  'huisvesting',
  'huiselijke-relaties',
  'geestelijke-gezondheid',
  'lichamelijke-gezondheid',
  'middelengebruik',
  'basale-adl',
  'instrumentele-adl',
  'sociaal-netwerk',
  'maatschappelijke-participatie',
  'justitie',
  'verblijf-nationaliteit',
  'anders',
] as const

export type LifeDomainKey = (typeof LIFE_DOMAIN_KEYS)[number]

export interface LifeDomainNames {
  professional: string
  plain: string
}

export interface LifeDomainDefinition {
  key: LifeDomainKey
  nl: LifeDomainNames
  en: LifeDomainNames
  /** Part of the ZRM 2017 (false for the two additions). */
  zrm: boolean
  pictogram: PictogramKey
}

export type PictogramKey =
  | 'money' | 'work' | 'clock' | 'house' | 'family' | 'mind' | 'body' | 'bottle' | 'care'
  | 'tasks' | 'people' | 'hands' | 'law' | 'passport' | 'other'

const d = (
  key: LifeDomainKey,
  pictogram: PictogramKey,
  nl: [string, string],
  en: [string, string],
  zrm = true,
): LifeDomainDefinition => ({
  key,
  pictogram,
  zrm,
  nl: { professional: nl[0], plain: nl[1] },
  en: { professional: en[0], plain: en[1] },
})

export const LIFE_DOMAINS: readonly LifeDomainDefinition[] = [
  d('financien', 'money', ['Financiën', 'Geldzaken'], ['Finances', 'Money']),
  d('werk-opleiding', 'work', ['Werk & Opleiding', 'Werk en opleiding'], ['Work & Education', 'Work and school']),
  d('tijdsbesteding', 'clock', ['Tijdsbesteding', 'Mijn dag'], ['Daytime activities', 'My day']),
  d('huisvesting', 'house', ['Huisvesting', 'Woning'], ['Housing', 'Home']),
  d('huiselijke-relaties', 'family', ['Huiselijke relaties', 'Relaties thuis'], ['Domestic relations', 'Relationships at home']),
  d('geestelijke-gezondheid', 'mind', ['Geestelijke gezondheid', 'Hoe ik me voel'], ['Mental health', 'How I feel']),
  d('lichamelijke-gezondheid', 'body', ['Lichamelijke gezondheid', 'Mijn lichaam'], ['Physical health', 'My body']),
  d('middelengebruik', 'bottle', ['Middelengebruik', 'Verslaving'], ['Substance use', 'Addiction']),
  d('basale-adl', 'care', ['Basale ADL', 'Zelfzorg'], ['Basic ADL', 'Self-care']),
  d('instrumentele-adl', 'tasks', ['Instrumentele ADL', 'Dagelijkse activiteiten'], ['Instrumental ADL', 'Daily tasks']),
  d('sociaal-netwerk', 'people', ['Sociaal netwerk', 'Mensen om mij heen'], ['Social network', 'People around me']),
  d('maatschappelijke-participatie', 'hands', ['Maatschappelijke participatie', 'Inzet voor de maatschappij'], ['Social participation', 'Taking part in society']),
  d('justitie', 'law', ['Justitie', 'Politie en rechter'], ['Justice', 'Police and court']),
  d('verblijf-nationaliteit', 'passport', ['Verblijf & nationaliteit', 'Verblijf en paspoort'], ['Residence & nationality', 'Residence and passport'], false),
  d('anders', 'other', ['Anders', 'Anders'], ['Other', 'Other'], false),
]

/** Every domain's names in one language: `LIFE_DOMAIN_NAMES.nl.financien.plain` is "Geldzaken". */
export const LIFE_DOMAIN_NAMES: Readonly<Record<'nl' | 'en', Readonly<Record<LifeDomainKey, LifeDomainNames>>>> = {
  nl: Object.fromEntries(LIFE_DOMAINS.map((domain) => [domain.key, domain.nl])) as Record<LifeDomainKey, LifeDomainNames>,
  en: Object.fromEntries(LIFE_DOMAINS.map((domain) => [domain.key, domain.en])) as Record<LifeDomainKey, LifeDomainNames>,
}

/**
 * The names a domain card goes by — one rule for the board, her phone, the session record, her
 * summary and the board sketch. An "Anders" domain that was given a name of its own goes by that
 * name, for the professionals and for her alike (the word "Anders" tells her nothing); every other
 * card, and an "Anders" without a name, by its domain's names. `names`: the domain names in the
 * reader's language — `LIFE_DOMAIN_NAMES[language]` on screen, a record translation's `domains`
 * in the exports.
 */
export function lifeDomainCardNames(
  card: { domain: LifeDomainKey; customName: string },
  names: Readonly<Record<LifeDomainKey, LifeDomainNames>>,
): LifeDomainNames {
  const custom = card.domain === 'anders' ? card.customName.trim() : ''
  return custom ? { professional: custom, plain: custom } : names[card.domain]
}

export function isLifeDomainKey(value: unknown): value is LifeDomainKey {
  return typeof value === 'string' && (LIFE_DOMAIN_KEYS as readonly string[]).includes(value)
}

export function lifeDomain(key: LifeDomainKey): LifeDomainDefinition {
  return LIFE_DOMAINS.find((domain) => domain.key === key)!
}

/** ZRM self-sufficiency score, 1-5. */
export const DOMAIN_SCORES = [1, 2, 3, 4, 5] as const
export type DomainScore = (typeof DOMAIN_SCORES)[number]

export const SCORE_LABELS: Record<'nl' | 'en', Record<DomainScore, string>> = {
  nl: {
    1: 'Acute problematiek',
    2: 'Niet zelfredzaam',
    3: 'Beperkt zelfredzaam',
    4: 'Voldoende zelfredzaam',
    5: 'Volledig zelfredzaam',
  },
  en: {
    1: 'Acute problems',
    2: 'Not self-sufficient',
    3: 'Barely self-sufficient',
    4: 'Adequately self-sufficient',
    5: 'Completely self-sufficient',
  },
}

/** Scores 1-3 mean the resident cannot manage this domain alone. */
export function isWorryingScore(score: number | null): boolean {
  return score !== null && score >= 1 && score <= 3
}
