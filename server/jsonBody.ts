/**
 * What a request body must be before any route reads it: JSON that says so, without keys that
 * reach into an object's prototype when the body is copied or merged later.
 */

/** Whether a Content-Type header names JSON (`application/json`, with or without parameters). */
export function isJsonMediaType(contentType: string | undefined): boolean {
  if (!contentType) return false
  return contentType.split(';')[0].trim().toLowerCase() === 'application/json'
}

/** Keys refused anywhere in a body: copying them into an object changes its prototype. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

export class ForbiddenKeyError extends Error {
  constructor(readonly key: string) {
    super(`the key "${key}" is not accepted in a request body`)
  }
}

/** JSON.parse, refusing the keys above at any depth (SyntaxError or ForbiddenKeyError). */
export function parseJsonBody(text: string): unknown {
  return JSON.parse(text, (key, value) => {
    if (FORBIDDEN_KEYS.has(key)) throw new ForbiddenKeyError(key)
    return value
  })
}
