/**
 * The sign-in rules of the configuration (server/config.ts, issue 12): an http PUBLIC_URL only on
 * this machine (the cookies would lose Secure elsewhere), SIGN_IN_PER_MINUTE, the post-logout
 * redirect, and the start-up warning about sign-in without a second factor.
 */
import { describe, expect, it } from 'vitest'
import { ConfigError, readConfig, signInWarnings } from '../../server/config'

const SIGN_IN = {
  OIDC_ISSUER: 'https://login.example.nl/realms/gemeente',
  OIDC_CLIENT_ID: 'tafelbord',
  OIDC_CLIENT_SECRET: 'secret',
  LINK_SEAL_KEY: 'k'.repeat(32),
}

describe('sign-in configuration', () => {
  it('is off without OIDC_ISSUER, whatever PUBLIC_URL is', () => {
    expect(readConfig({ PUBLIC_URL: 'http://bord.example.nl' }).signIn).toBeNull()
  })

  it('refuses an http PUBLIC_URL on another host than this machine', () => {
    for (const publicUrl of ['http://bord.example.nl', 'http://10.0.0.5:3000', 'http://bord.localhost.example.nl']) {
      expect(() => readConfig({ ...SIGN_IN, PUBLIC_URL: publicUrl }), publicUrl).toThrow(ConfigError)
    }
    expect(() => readConfig({ ...SIGN_IN, PUBLIC_URL: 'http://bord.example.nl' })).toThrow(/PUBLIC_URL must be https/)
  })

  it('takes https anywhere, http on a loopback address (tests)', () => {
    for (const publicUrl of ['https://bord.example.nl', 'http://127.0.0.1:3000', 'http://localhost:3000', 'http://[::1]:3000']) {
      expect(readConfig({ ...SIGN_IN, PUBLIC_URL: publicUrl }).signIn, publicUrl).not.toBeNull()
    }
  })

  it('sends the browser back to PUBLIC_URL/ after signing out at the provider', () => {
    expect(readConfig({ ...SIGN_IN, PUBLIC_URL: 'https://bord.example.nl/' }).signIn?.postLogoutRedirectUri).toBe('https://bord.example.nl/')
  })

  it('limits /auth requests per address per minute: 30 by default, SIGN_IN_PER_MINUTE, at least 1', () => {
    const env = { ...SIGN_IN, PUBLIC_URL: 'https://bord.example.nl' }
    expect(readConfig(env).signIn?.signInPerMinute).toBe(30)
    expect(readConfig({ ...env, SIGN_IN_PER_MINUTE: '120' }).signIn?.signInPerMinute).toBe(120)
    expect(() => readConfig({ ...env, SIGN_IN_PER_MINUTE: '0' })).toThrow(ConfigError)
    expect(() => readConfig({ ...env, SIGN_IN_PER_MINUTE: 'many' })).toThrow(ConfigError)
  })

  it('warns at start when sign-in is on without accepted acr values (no second factor asked)', () => {
    const env = { ...SIGN_IN, PUBLIC_URL: 'https://bord.example.nl' }
    expect(signInWarnings(readConfig(env))).toEqual(['sign_in_without_second_factor'])
    expect(signInWarnings(readConfig({ ...env, OIDC_ACCEPTED_ACR: 'urn:example:loa:2' }))).toEqual([])
    expect(signInWarnings(readConfig({}))).toEqual([])
  })
})
