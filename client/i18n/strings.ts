/**
 * Every string of our own UI, in one place. tldraw's own UI uses tldraw's translations, switched
 * by the same language setting. Dutch is the default; plain language (B1).
 */
import type { ParticipantRole } from '../../shared/domain/roles'
import type { IdentityProblem } from '../../shared/domain/roles'

export type Language = 'nl' | 'en'
export const LANGUAGES: Language[] = ['nl', 'en']

const nl = {
  appName: 'Tafelbord',
  languageName: 'Nederlands',
  switchLanguage: 'English',
  start: {
    title: 'Samen aan tafel',
    intro:
      'Een gedeeld bord voor een gesprek met de bewoner en iedereen die helpt. Iedereen ziet hetzelfde, aan tafel en op afstand.',
    newMeeting: 'Nieuw gesprek',
    creating: 'Gesprek wordt gemaakt…',
    adminKey: 'Beheerderssleutel',
    adminKeyHelp: 'Op deze server mag alleen een beheerder een gesprek maken.',
    created: 'Het gesprek is klaar.',
    facilitatorLink: 'Link voor de gespreksleider',
    facilitatorLinkHelp: 'Geeft alle rechten. Deel deze link niet.',
    participantLink: 'Link voor deelnemers',
    participantLinkHelp: 'Voor iedereen die meedoet, aan tafel of op afstand.',
    copy: 'Kopieer',
    copied: 'Gekopieerd',
    openAsFacilitator: 'Open het bord als gespreksleider',
    createFailed: 'Het gesprek kon niet worden gemaakt.',
  },
  join: {
    title: 'Doe mee aan het gesprek',
    intro: 'Vertel wie u bent. Anderen zien uw naam bij uw aanwijzer.',
    name: 'Uw naam',
    role: 'Uw rol',
    chooseRole: 'Kies een rol',
    organisation: 'Organisatie (mag leeg blijven)',
    submit: 'Naar het bord',
    problems: {
      nameMissing: 'Vul uw naam in.',
      nameTooLong: 'Uw naam is te lang (hooguit 60 tekens).',
      roleMissing: 'Kies uw rol.',
      organisationTooLong: 'De naam van de organisatie is te lang (hooguit 80 tekens).',
    } satisfies Record<IdentityProblem, string>,
  },
  roles: {
    bewoner: 'Bewoner',
    gespreksleider: 'Gespreksleider',
    professional: 'Professional',
    vrijwilliger: 'Vrijwilliger',
    netwerk: 'Familie of netwerk',
    tolk: 'Tolk',
    clientondersteuner: 'Cliëntondersteuner',
  } satisfies Record<ParticipantRole, string>,
  access: {
    facilitator: 'Gespreksleider',
    participant: 'Deelnemer',
  },
  connection: {
    connecting: 'Verbinden…',
    live: 'Verbonden',
    offline: 'Geen verbinding',
    reconnecting: 'Opnieuw verbinden…',
    unsent: 'Nog niet verstuurd',
    offlineHelp: 'U kunt doorwerken. Uw wijzigingen worden verstuurd zodra de verbinding terug is.',
  },
  board: {
    loading: 'Het bord wordt geladen…',
    people: 'Aanwezig',
    you: 'u',
    unsentWarning: 'Er zijn wijzigingen die nog niet zijn verstuurd. Als u nu sluit, gaan ze verloren.',
    invalidRecords: (n: number) =>
      n === 1 ? '1 onderdeel van het bord kon niet worden getoond.' : `${n} onderdelen van het bord konden niet worden getoond.`,
  },
  errors: {
    title: 'Dit bord kan niet worden geopend',
    missingToken:
      'De link is niet compleet. Vraag de gespreksleider om de link opnieuw te sturen, of open de link uit het bericht nog een keer.',
    unauthorized: 'Deze link geeft geen toegang tot dit bord. Vraag de gespreksleider om een nieuwe link.',
    unknownBoard: 'Dit bord bestaat niet (meer). Misschien is het verwijderd.',
    network: 'De server is niet bereikbaar. Controleer de verbinding en probeer het opnieuw.',
    schemaNewer:
      'Dit bord is gemaakt met een nieuwere versie van Tafelbord. Herlaad de pagina om verder te gaan.',
    schemaOlder:
      'Dit bord is gemaakt met een oudere versie van Tafelbord. Herlaad de pagina; helpt dat niet, neem dan contact op met de beheerder.',
    reload: 'Pagina herladen',
    messageRejected: 'De server heeft de verbinding gesloten. Herlaad de pagina.',
    retry: 'Opnieuw proberen',
    toStart: 'Naar de startpagina',
  },
}

export type Strings = typeof nl

const en: Strings = {
  appName: 'Tafelbord',
  languageName: 'English',
  switchLanguage: 'Nederlands',
  start: {
    title: 'Together at one table',
    intro:
      'A shared board for a meeting with the resident and everyone who helps. Everyone sees the same, at the table and remotely.',
    newMeeting: 'New meeting',
    creating: 'Creating the meeting…',
    adminKey: 'Admin key',
    adminKeyHelp: 'On this server only an administrator may create a meeting.',
    created: 'The meeting is ready.',
    facilitatorLink: 'Link for the facilitator',
    facilitatorLinkHelp: 'Gives all rights. Do not share this link.',
    participantLink: 'Link for participants',
    participantLinkHelp: 'For everyone who takes part, at the table or remotely.',
    copy: 'Copy',
    copied: 'Copied',
    openAsFacilitator: 'Open the board as facilitator',
    createFailed: 'The meeting could not be created.',
  },
  join: {
    title: 'Join the meeting',
    intro: 'Tell us who you are. Others see your name next to your pointer.',
    name: 'Your name',
    role: 'Your role',
    chooseRole: 'Choose a role',
    organisation: 'Organisation (optional)',
    submit: 'Go to the board',
    problems: {
      nameMissing: 'Please fill in your name.',
      nameTooLong: 'Your name is too long (at most 60 characters).',
      roleMissing: 'Please choose your role.',
      organisationTooLong: 'The organisation name is too long (at most 80 characters).',
    },
  },
  roles: {
    bewoner: 'Resident',
    gespreksleider: 'Facilitator',
    professional: 'Professional',
    vrijwilliger: 'Volunteer',
    netwerk: 'Family or network',
    tolk: 'Interpreter',
    clientondersteuner: 'Client supporter',
  },
  access: {
    facilitator: 'Facilitator',
    participant: 'Participant',
  },
  connection: {
    connecting: 'Connecting…',
    live: 'Connected',
    offline: 'Offline',
    reconnecting: 'Reconnecting…',
    unsent: 'Not sent yet',
    offlineHelp: 'You can keep working. Your changes are sent as soon as the connection is back.',
  },
  board: {
    loading: 'Loading the board…',
    people: 'Present',
    you: 'you',
    unsentWarning: 'Some changes have not been sent yet. If you close now, they are lost.',
    invalidRecords: (n: number) =>
      n === 1 ? '1 part of the board could not be shown.' : `${n} parts of the board could not be shown.`,
  },
  errors: {
    title: 'This board cannot be opened',
    missingToken:
      'The link is incomplete. Ask the facilitator to send the link again, or open the link from the message once more.',
    unauthorized: 'This link gives no access to this board. Ask the facilitator for a new link.',
    unknownBoard: 'This board does not exist (any more). It may have been deleted.',
    network: 'The server cannot be reached. Check the connection and try again.',
    schemaNewer: 'This board was made with a newer version of Tafelbord. Reload the page to continue.',
    schemaOlder:
      'This board was made with an older version of Tafelbord. Reload the page; if that does not help, contact the administrator.',
    reload: 'Reload page',
    messageRejected: 'The server closed the connection. Reload the page.',
    retry: 'Try again',
    toStart: 'To the start page',
  },
}

export const STRINGS: Record<Language, Strings> = { nl, en }
