import { describe, expect, it } from 'vitest'
import { ForbiddenKeyError, isJsonMediaType, parseJsonBody } from '../../../server/jsonBody'

describe('request bodies', () => {
  it('accepts application/json with or without a charset, in any case', () => {
    expect(isJsonMediaType('application/json')).toBe(true)
    expect(isJsonMediaType('Application/JSON; charset=utf-8')).toBe(true)
    expect(isJsonMediaType('text/plain')).toBe(false)
    expect(isJsonMediaType('application/x-www-form-urlencoded')).toBe(false)
    expect(isJsonMediaType(undefined)).toBe(false)
  })

  it('refuses __proto__ and constructor keys at any depth', () => {
    expect(() => parseJsonBody('{"__proto__":{"admin":true}}')).toThrow(ForbiddenKeyError)
    expect(() => parseJsonBody('{"a":[{"b":{"constructor":{"prototype":{}}}}]}')).toThrow(ForbiddenKeyError)
    expect(parseJsonBody('{"name":"__proto__","list":["constructor"]}')).toEqual({ name: '__proto__', list: ['constructor'] })
  })

  it('still throws a SyntaxError for text that is not JSON', () => {
    expect(() => parseJsonBody('{name: 1}')).toThrow(SyntaxError)
  })
})
