/** The server's sign-in (issue 12), coming back to `returnTo` (a path of ours) afterwards. */
export function signInHref(returnTo: string): string {
  return `/auth/login?returnTo=${encodeURIComponent(returnTo)}`
}
