/**
 * Which right on a case counts (issue 12), when both a link and a signed-in professional's
 * account may give one. Pure: the server asks it for the HTTP API and the websocket alike, with
 * what the token and the case's rights by account say.
 */
/** The three kinds of access (shared/protocol.ts `Access`; written out here, as in meeting.ts, since the domain imports nothing above it). */
type Access = 'facilitator' | 'participant' | 'resident'

/** How the access was given: by the presented link alone, or by the signed-in account's own right. */
export type AccessVia = 'link' | 'account'

export interface RightsOnCase {
  /** The signed-in account is a (bound) facilitator of the case. */
  accountFacilitates: boolean
  /** What the presented link's token gives, or null (no token, or not one of this board's). */
  link: Access | null
  /** The signed-in account took part before (opened it by link): a member. */
  accountTookPart: boolean
}

/**
 * The account's facilitator right wins over any link ("the account's right on the case wins over
 * the kind of link"); else the link's own access, exactly as without sign-in; else a member comes
 * back as participant by account; else nothing.
 */
export function rightThatCounts(rights: RightsOnCase): { access: Access; via: AccessVia } | null {
  if (rights.accountFacilitates) return { access: 'facilitator', via: 'account' }
  if (rights.link !== null) return { access: rights.link, via: 'link' }
  if (rights.accountTookPart) return { access: 'participant', via: 'account' }
  return null
}

/**
 * Whether opening the board makes a signed-in professional a member (the case then is in their
 * list and opens without the link): by a participant or facilitator link — never by the resident
 * link, which is hers.
 */
export function opensAsMember(access: Access, via: AccessVia): boolean {
  return via === 'link' && access !== 'resident'
}
