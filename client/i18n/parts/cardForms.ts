/** The words of an action's decision and outcome forms, both languages; bundled with that code, see ../partStrings.ts. */
const nl = {
  decisionForm: {
    title: 'Wat vindt de bewoner?',
    words: 'Wat zegt de bewoner? In haar eigen woorden',
    teachBack: 'Teruggezegd in eigen woorden (terugvraagmethode, mag leeg)',
    recording: 'Bezig met vastleggen…',
    failed: 'Het besluit kon niet worden vastgelegd.',
    onlyFacilitator: 'De gespreksleider legt het besluit vast, samen met de bewoner.',
    history: 'Eerder vastgelegd',
    by: (name: string, when: string) => `door ${name}, ${when}`,
    teachBackLabel: 'Teruggezegd',
    outdated: 'Deze actie is veranderd nadat de bewoner besliste. Vraag het haar opnieuw.',
  },
  outcomeForm: {
    title: 'Wat is ervan terechtgekomen?',
    planned: 'Afgesproken in het vorige gesprek',
    words: 'Wat zegt de bewoner erover? In haar eigen woorden',
    failed: 'Het kon niet worden vastgelegd.',
  },
}

const en: typeof nl = {
  decisionForm: {
    title: 'What does the resident want?',
    words: 'What does the resident say? In her own words',
    teachBack: 'Said back in her own words (teach-back, optional)',
    recording: 'Recording…',
    failed: 'The decision could not be recorded.',
    onlyFacilitator: 'The facilitator records the decision, together with the resident.',
    history: 'Recorded before',
    by: (name: string, when: string) => `by ${name}, ${when}`,
    teachBackLabel: 'Said back',
    outdated: 'This action changed after the resident decided. Ask her again.',
  },
  outcomeForm: {
    title: 'What became of it?',
    planned: 'Agreed in the previous meeting',
    words: 'What does the resident say about it? In her own words',
    failed: 'It could not be recorded.',
  },
}

export const CARD_FORMS_STRINGS = { nl, en }
