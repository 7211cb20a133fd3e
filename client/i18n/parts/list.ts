/** The words of the list view, both languages; bundled with that code, see ../partStrings.ts. */
const nl = {
  list: {
    title: 'Overzicht van het gesprek',
    domains: 'Leefgebieden',
    agencies: 'Instanties',
    actions: 'Acties',
    none: 'Nog niets.',
    followUp: 'Vervolggesprek',
    participants: 'Deelnemers',
    remote: 'op afstand',
  },
}

const en: typeof nl = {
  list: {
    title: 'Overview of the meeting',
    domains: 'Life domains',
    agencies: 'Agencies',
    actions: 'Actions',
    none: 'Nothing yet.',
    followUp: 'Follow-up meeting',
    participants: 'Participants',
    remote: 'remote',
  },
}

export const LIST_STRINGS = { nl, en }
