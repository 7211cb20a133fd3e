/// <reference types="vite/client" />
interface ImportMetaEnv {
  /** tldraw licence key; required on a public HTTPS host, not on localhost. */
  readonly VITE_TLDRAW_LICENSE_KEY?: string
}
