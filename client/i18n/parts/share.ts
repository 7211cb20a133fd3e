/** The words of sharing the board (links, QR code, facilitators and members by account), both languages; bundled with that code, see ../partStrings.ts. */
const nl = {
  share: {
    title: 'Delen',
    participantLink: 'Link voor deelnemers',
    residentLink: 'Link voor de telefoon van de bewoner (Mijn afspraken)',
    qrHelp: 'Scan de code met de camera van de telefoon.',
    copyMyLink: 'Kopieer mijn link',
    copyMyLinkHelp:
      'Uw eigen link als gespreksleider geeft alle rechten. Daarom staat hij niet op het scherm. Bewaar hem voor uzelf; deel hem niet.',
    copied: 'Gekopieerd',
    copyFailed: 'Kopiëren lukte niet op dit apparaat.',
    close: 'Sluiten',
    unavailable:
      'De links konden niet worden opgehaald. Alleen de gespreksleider kan ze zien.',
  },
  /** The facilitators by account of a case, in the share dialog. */
  facilitatorsPanel: {
    title: 'Gespreksleiders',
    intro: 'Deze mensen leiden het gesprek met hun eigen account. Zij hebben geen link nodig.',
    loading: 'Gespreksleiders worden opgehaald…',
    email: 'E-mailadres van een collega',
    emailHelp: 'Uw collega wordt gespreksleider zodra die inlogt met dit e-mailadres.',
    add: 'Toevoegen',
    adding: 'Bezig met toevoegen…',
    remove: 'Weghalen',
    removeLabel: (who: string) => `${who} weghalen als gespreksleider`,
    creator: 'maakte het gesprek',
    notYetSignedIn: 'nog niet ingelogd',
    failed: 'Dat lukte niet.',
  },
  /** The members of a case: who opens it with their account as participant (share dialog). */
  membersPanel: {
    title: 'Toegang met account',
    intro: 'Deze collega’s waren ingelogd toen ze het gesprek openden met de deelnemerslink. Daarom kunnen ze het nu openen met hun account, zonder link. Hoort iemand niet meer bij het gesprek? Haal die persoon dan weg.',
    linkNote: 'Let op: wie de deelnemerslink nog heeft, kan daarmee opnieuw binnenkomen.',
    loading: 'De lijst wordt opgehaald…',
    empty: 'Nog niemand.',
    noName: 'Naam onbekend',
    lastSeen: (date: string) => `Laatst geopend: ${date}`,
    remove: 'Weghalen',
    removeLabel: (who: string) => `Toegang van ${who} weghalen`,
    failed: 'Dat lukte niet.',
  },
}

const en: typeof nl = {
  share: {
    title: 'Share',
    participantLink: 'Link for participants',
    residentLink: 'Link for the resident’s phone (My agreements)',
    qrHelp: 'Scan the code with the phone’s camera.',
    copyMyLink: 'Copy my link',
    copyMyLinkHelp:
      'Your own facilitator link gives every right. That is why it is not on the screen. Keep it to yourself; do not share it.',
    copied: 'Copied',
    copyFailed: 'Copying did not work on this device.',
    close: 'Close',
    unavailable: 'The links could not be fetched. Only the facilitator can see them.',
  },
  facilitatorsPanel: {
    title: 'Facilitators',
    intro: 'These people lead the meeting with their own account. They need no link.',
    loading: 'Fetching the facilitators…',
    email: 'E-mail address of a colleague',
    emailHelp: 'Your colleague becomes a facilitator on signing in with this e-mail address.',
    add: 'Add',
    adding: 'Adding…',
    remove: 'Remove',
    removeLabel: (who: string) => `Remove ${who} as facilitator`,
    creator: 'created the meeting',
    notYetSignedIn: 'not signed in yet',
    failed: 'That did not work.',
  },
  membersPanel: {
    title: 'Access by account',
    intro: 'These colleagues were signed in when they opened the meeting with the participant link. So they can now open it with their account, without a link. Does someone no longer belong to the meeting? Then remove them.',
    linkNote: 'Note: whoever still has the participant link can come in again with it.',
    loading: 'Fetching the list…',
    empty: 'Nobody yet.',
    noName: 'Name unknown',
    lastSeen: (date: string) => `Last opened: ${date}`,
    remove: 'Remove',
    removeLabel: (who: string) => `Remove the access of ${who}`,
    failed: 'That did not work.',
  },
}

export const SHARE_STRINGS = { nl, en }
