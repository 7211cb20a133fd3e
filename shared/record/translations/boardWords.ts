/**
 * The words the board and the record share (roles, her decisions, outcomes), so both say the same.
 * Apart from the record's translations: the board's page (client/i18n) carries these words, not
 * the whole record in both languages. A record language the board does not speak writes its own
 * words in its file.
 */
import type { RecordTranslation } from './types'

type BoardWords = Pick<RecordTranslation, 'roles' | 'decisions' | 'outcomes'>

export const BOARD_WORDS = {
  nl: {
    roles: {
      bewoner: 'Bewoner',
      gespreksleider: 'Gespreksleider',
      professional: 'Professional',
      vrijwilliger: 'Vrijwilliger',
      netwerk: 'Familie of netwerk',
      tolk: 'Tolk',
      clientondersteuner: 'Cliëntondersteuner',
      server: 'Systeem',
    },
    decisions: {
      agreed: 'Wil ik',
      declined: 'Wil ik niet',
      thinking: 'Wil ik over nadenken',
    },
    outcomes: {
      done: 'Gedaan',
      partly: 'Deels',
      notDone: 'Niet gedaan',
      noLongerNeeded: 'Niet meer nodig',
    },
  },
  en: {
    roles: {
      bewoner: 'Resident',
      gespreksleider: 'Facilitator',
      professional: 'Professional',
      vrijwilliger: 'Volunteer',
      netwerk: 'Family or network',
      tolk: 'Interpreter',
      clientondersteuner: 'Client supporter',
      server: 'System',
    },
    decisions: {
      agreed: 'I want this',
      declined: 'I do not want this',
      thinking: 'I want to think about it',
    },
    outcomes: {
      done: 'Done',
      partly: 'Partly done',
      notDone: 'Not done',
      noLongerNeeded: 'No longer needed',
    },
  },
} satisfies Record<'nl' | 'en', BoardWords>
