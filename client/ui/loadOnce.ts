/**
 * A download made once and remembered: `start` gives the one promise while it runs or after it
 * succeeded; after a failure the next `start` tries again (the network may be back). `current`
 * is the value once it is there, so a part already downloaded can render at once.
 */
export interface LoadOnce<T> {
  start(): Promise<T>
  current(): T | null
}

export function loadOnce<T>(load: () => Promise<T>): LoadOnce<T> {
  let loading: Promise<T> | null = null
  let value: T | null = null
  return {
    start() {
      loading ??= load().then(
        (loaded) => (value = loaded),
        (error: unknown) => {
          loading = null
          throw error
        },
      )
      return loading
    },
    current: () => value,
  }
}
