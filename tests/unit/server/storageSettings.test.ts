/**
 * The storage tuning read from the environment (server/storage/settings.ts; docs/api.md,
 * Configuration): the measured defaults, and the bounds of each variable.
 */
import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../../server/config'
import { DEFAULT_SQLITE_SETTINGS } from '../../../server/storage'
import { readStorageSettings } from '../../../server/storage/settings'

describe('storage settings', () => {
  it('are the measured defaults without the variables', () => {
    expect(readStorageSettings({})).toEqual({
      sqlite: { synchronous: 'NORMAL', pageSize: 512, walAutocheckpointPages: 32000, foldLogRows: 4000 },
      groupCommit: { windowMs: 0, turnMaxMs: 1 },
    })
    expect(readStorageSettings({}).sqlite).toEqual(DEFAULT_SQLITE_SETTINGS)
  })

  it('reads each variable within its bounds and refuses anything else', () => {
    expect(readStorageSettings({ SQLITE_FOLD_LOG_ROWS: '50', SQLITE_PAGE_SIZE: '1024', SQLITE_WAL_AUTOCHECKPOINT: '8000' }).sqlite).toMatchObject({
      foldLogRows: 50,
      pageSize: 1024,
      walAutocheckpointPages: 8000,
    })
    expect(readStorageSettings({ GROUP_COMMIT_TURN_MAX_MS: '0' }).groupCommit).toEqual({ windowMs: 0, turnMaxMs: 0 })
    for (const env of [{ GROUP_COMMIT_TURN_MAX_MS: '51' }, { GROUP_COMMIT_TURN_MAX_MS: '-1' }, { SQLITE_FOLD_LOG_ROWS: '0' }, { SQLITE_FOLD_LOG_ROWS: '100001' }, { SQLITE_FOLD_LOG_ROWS: 'many' }, { SQLITE_PAGE_SIZE: '768' }]) {
      expect(() => readStorageSettings(env), JSON.stringify(env)).toThrow(ConfigError)
    }
  })
})
