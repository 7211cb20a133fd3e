/**
 * The case storage contract (server/storage/accountStorage.ts `CaseStorage`, issue 12), run
 * against BOTH implementations: `SqliteCaseStorage` on a fresh SQLite file and
 * `PostgresCaseStorage` on a fresh database of the throwaway PostgreSQL cluster
 * (tests/helpers/postgres.ts). Both migrated by the real migrations (tables of migrations 6 and 7).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Account, AuditRowToStore, CaseStorage, FacilitatorEntry } from '../../server/storage/accountStorage'
import { memberIdOf } from '../../server/storage/accountStorage'
import { SqliteCaseStorage } from '../../server/storage/caseSqlite'
import { PostgresCaseStorage } from '../../server/storage/casePostgres'
import { migrateSqlite } from '../../server/storage/sqliteMigrations'
import { migratePostgres } from '../../server/storage/postgresMigrations'
import type { TestPostgres } from '../helpers/postgres'
import { startPostgres } from '../helpers/postgres'

interface Opened {
  storage: CaseStorage
  /** Runs raw SQL on the same database (to try what the storage must refuse). */
  exec(sql: string): Promise<void>
  countRows(table: string, boardId: string): Promise<number>
}

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

let postgres: TestPostgres
beforeAll(async () => {
  postgres = await startPostgres()
})
afterAll(async () => {
  await postgres?.stop()
})

const BACKENDS: Record<'sqlite' | 'postgres', () => Promise<Opened>> = {
  async sqlite() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tafelbord-cases-'))
    const db = new Database(path.join(dir, 'boards.sqlite'))
    migrateSqlite(db)
    cleanups.push(() => {
      db.close()
      fs.rmSync(dir, { recursive: true, force: true })
    })
    return {
      storage: new SqliteCaseStorage(db),
      async exec(sql) {
        db.exec(sql)
      },
      async countRows(table, boardId) {
        return (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE board_id = ?`).get(boardId) as { n: number }).n
      },
    }
  },
  async postgres() {
    const url = await postgres.createDatabase()
    const pool = new pg.Pool({ connectionString: url, max: 4 })
    await migratePostgres(pool)
    cleanups.push(() => pool.end())
    return {
      storage: new PostgresCaseStorage(pool),
      async exec(sql) {
        await pool.query(sql)
      },
      async countRows(table, boardId) {
        const result = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE board_id = $1`, [boardId])
        return Number(result.rows[0].n)
      },
    }
  },
}

const ISSUER = 'https://idp.example.nl/realms/gemeente'
const BOARD = 'AAAAAAAAAAAAAAAAAAAAAA'
const OTHER_BOARD = 'BBBBBBBBBBBBBBBBBBBBBB'

const account = (subject: string, email: string, name = `Name ${subject}`): Account => ({ issuer: ISSUER, subject, name, email, organisation: 'Gemeente' })

const creatorEntry = (who: Account, addedAt = 1000): FacilitatorEntry => ({
  email: who.email,
  name: who.name,
  issuer: who.issuer,
  subject: who.subject,
  creator: true,
  addedAt,
})

/** A member as noteMember takes it: the account's name and organisation at that opening. */
const member = (subject: string, name = `Name ${subject}`, organisation = 'Wijkteam'): Pick<Account, 'issuer' | 'subject' | 'name' | 'organisation'> => ({
  issuer: ISSUER,
  subject,
  name,
  organisation,
})

const byEmail = (email: string, addedAt = 2000): FacilitatorEntry => ({ email, name: '', issuer: null, subject: null, creator: false, addedAt })

const auditRow = (overrides: Partial<AuditRowToStore> = {}): AuditRowToStore => ({
  boardId: BOARD,
  at: 5000,
  actorKind: 'account',
  actorSubject: `${ISSUER}|marieke`,
  actorName: 'Marieke',
  access: 'facilitator',
  action: 'board.open',
  sessionNumber: null,
  result: 'ok',
  reason: null,
  origin: '127.0.0.1',
  ...overrides,
})

for (const [name, open] of Object.entries(BACKENDS)) {
  describe(`case storage on ${name}`, () => {
    it('adds, lists, binds and removes facilitators', async () => {
      const { storage } = await open()
      const marieke = account('marieke', 'marieke@gemeente.nl', 'Marieke')
      expect(await storage.addFacilitator(BOARD, creatorEntry(marieke))).toBe(true)
      expect(await storage.addFacilitator(BOARD, byEmail('jan@gemeente.nl'))).toBe(true)
      // The same e-mail twice on one board: false, nothing changes.
      expect(await storage.addFacilitator(BOARD, byEmail('jan@gemeente.nl', 3000))).toBe(false)
      expect(await storage.listFacilitators(BOARD)).toEqual([
        creatorEntry(marieke),
        byEmail('jan@gemeente.nl'),
      ])
      expect(await storage.isFacilitator(BOARD, ISSUER, 'marieke')).toBe(true)
      expect(await storage.isFacilitator(OTHER_BOARD, ISSUER, 'marieke')).toBe(false)

      // Jan signs in with that (verified) e-mail: bound to his account, his name filled in.
      const jan = account('jan', 'jan@gemeente.nl', 'Jan Jansen')
      expect(await storage.isFacilitator(BOARD, ISSUER, 'jan')).toBe(false)
      await storage.bindFacilitatorEmail(jan)
      expect(await storage.isFacilitator(BOARD, ISSUER, 'jan')).toBe(true)
      expect((await storage.listFacilitators(BOARD))[1]).toEqual({ ...byEmail('jan@gemeente.nl'), name: 'Jan Jansen', issuer: ISSUER, subject: 'jan' })

      // Someone else with the same e-mail later (another provider's account) does not take it over.
      await storage.bindFacilitatorEmail({ ...jan, issuer: 'https://other.example', subject: 'impostor' })
      expect(await storage.isFacilitator(BOARD, 'https://other.example', 'impostor')).toBe(false)
      // Without a verified e-mail nothing is bound.
      await storage.addFacilitator(OTHER_BOARD, byEmail('piet@gemeente.nl'))
      await storage.bindFacilitatorEmail(account('piet', ''))
      expect(await storage.isFacilitator(OTHER_BOARD, ISSUER, 'piet')).toBe(false)

      expect(await storage.removeFacilitator(BOARD, 'nobody@gemeente.nl')).toBe('unknown')
      expect(await storage.removeFacilitator(BOARD, 'jan@gemeente.nl')).toBe('removed')
      expect(await storage.isFacilitator(BOARD, ISSUER, 'jan')).toBe(false)
      expect((await storage.listFacilitators(BOARD)).map((f) => f.email)).toEqual(['marieke@gemeente.nl'])
      // The last one stays.
      expect(await storage.removeFacilitator(BOARD, 'marieke@gemeente.nl')).toBe('last')
    })

    it('never removes the last BOUND facilitator: an address nobody signed in with does not count', async () => {
      const { storage } = await open()
      const marieke = account('marieke', 'marieke@gemeente.nl')
      await storage.addFacilitator(BOARD, creatorEntry(marieke))
      await storage.addFacilitator(BOARD, byEmail('typo@gemeente.nk'))
      expect(await storage.removeFacilitator(BOARD, 'marieke@gemeente.nl')).toBe('last')
      expect(await storage.isFacilitator(BOARD, ISSUER, 'marieke')).toBe(true)
      // The typo may go: the bound creator stays.
      expect(await storage.removeFacilitator(BOARD, 'typo@gemeente.nk')).toBe('removed')
    })

    it('lets only one of two removals at the same moment pass when they would leave nobody bound', async () => {
      const { storage } = await open()
      for (let round = 0; round < 5; round++) {
        const board = `${'C'.repeat(21)}${round}`
        await storage.addFacilitator(board, creatorEntry(account('marieke', 'marieke@gemeente.nl')))
        await storage.addFacilitator(board, creatorEntry(account('jan', 'jan@gemeente.nl'), 2000))
        const outcomes = await Promise.all([storage.removeFacilitator(board, 'marieke@gemeente.nl'), storage.removeFacilitator(board, 'jan@gemeente.nl')])
        expect(outcomes.sort(), `round ${round}`).toEqual(['last', 'removed'])
        expect(await storage.listFacilitators(board)).toHaveLength(1)
      }
    })

    it('remembers members, and lists the cases of an account (facilitator wins)', async () => {
      const { storage } = await open()
      const marieke = account('marieke', 'marieke@gemeente.nl')
      await storage.addFacilitator(BOARD, creatorEntry(marieke))
      expect(await storage.isMember(OTHER_BOARD, ISSUER, 'marieke')).toBe(false)
      await storage.noteMember(OTHER_BOARD, member('marieke'), 10)
      await storage.noteMember(OTHER_BOARD, member('marieke'), 20)
      await storage.noteMember(BOARD, member('marieke'), 30)
      expect(await storage.isMember(OTHER_BOARD, ISSUER, 'marieke')).toBe(true)
      expect(await storage.isMember(OTHER_BOARD, ISSUER, 'jan')).toBe(false)
      const cases = await storage.casesOf(ISSUER, 'marieke')
      expect(cases.sort((a, b) => a.boardId.localeCompare(b.boardId))).toEqual([
        { boardId: BOARD, role: 'facilitator' },
        { boardId: OTHER_BOARD, role: 'participant' },
      ])
      expect(await storage.casesOf(ISSUER, 'nobody')).toEqual([])
      expect(await storage.casesOf('https://other.example', 'marieke')).toEqual([])
    })

    it('lists a board\'s members with name and organisation, the newest opening\'s; removes one by its opaque id', async () => {
      const { storage } = await open()
      expect(await storage.listMembers(BOARD)).toEqual([])
      await storage.noteMember(BOARD, member('piet', 'Piet', 'Thuiszorg'), 10)
      await storage.noteMember(BOARD, member('marieke', 'Marieke', 'GGZ'), 20)
      // Piet again, renamed by his provider: the newest name counts, the first opening stays.
      await storage.noteMember(BOARD, member('piet', 'Piet de Boer', 'Thuiszorg West'), 30)
      // An older opening arriving late changes neither the name nor the last time.
      await storage.noteMember(BOARD, member('piet', 'Piet (old)', 'Old'), 15)
      await storage.noteMember(OTHER_BOARD, member('jan'), 5)
      const listed = await storage.listMembers(BOARD)
      expect(listed).toEqual([
        { issuer: ISSUER, subject: 'piet', name: 'Piet de Boer', organisation: 'Thuiszorg West', firstSeenAt: 10, lastSeenAt: 30 },
        { issuer: ISSUER, subject: 'marieke', name: 'Marieke', organisation: 'GGZ', firstSeenAt: 20, lastSeenAt: 20 },
      ])

      const pietId = memberIdOf({ issuer: ISSUER, subject: 'piet' })
      expect(pietId).toMatch(/^[0-9a-f]{16}$/)
      expect(pietId).not.toContain('piet')
      // Another board's member, or an id nobody has: nothing removed.
      expect(await storage.removeMember(BOARD, memberIdOf({ issuer: ISSUER, subject: 'jan' }))).toBeNull()
      expect(await storage.removeMember(BOARD, '0000000000000000')).toBeNull()
      expect(await storage.removeMember(BOARD, pietId)).toEqual(listed[0])
      expect(await storage.isMember(BOARD, ISSUER, 'piet')).toBe(false)
      expect(await storage.removeMember(BOARD, pietId)).toBeNull()
      expect((await storage.listMembers(BOARD)).map((m) => m.subject)).toEqual(['marieke'])
      expect(await storage.isMember(OTHER_BOARD, ISSUER, 'jan')).toBe(true)
      // Opening by link again makes a member again.
      await storage.noteMember(BOARD, member('piet', 'Piet de Boer', 'Thuiszorg West'), 40)
      expect(await storage.isMember(BOARD, ISSUER, 'piet')).toBe(true)
    })

    it('appends and reads the access log in order, per board', async () => {
      const { storage } = await open()
      await storage.appendAudit(auditRow({ at: 1, action: 'board.create' }))
      await storage.appendAudit(auditRow({ boardId: OTHER_BOARD, at: 2 }))
      await storage.appendAudit(auditRow({ at: 3, action: 'command.decide', sessionNumber: 2 }))
      await storage.appendAudit(auditRow({ at: 4, actorKind: 'anonymous', actorSubject: null, actorName: null, access: null, result: 'refused', reason: 'unauthorized' }))
      await storage.appendAudit(auditRow({ boardId: null, action: 'auth.signIn', access: null }))
      const { rows, truncated } = await storage.readAudit(BOARD)
      expect(truncated).toBe(false)
      expect(rows.map((r) => r.action)).toEqual(['board.create', 'command.decide', 'board.open'])
      expect(rows[0].seq).toBeLessThan(rows[1].seq)
      expect(rows[1]).toEqual({ ...auditRow({ at: 3, action: 'command.decide', sessionNumber: 2 }), seq: rows[1].seq })
      expect(rows[2]).toMatchObject({ actorKind: 'anonymous', actorSubject: null, access: null, result: 'refused', reason: 'unauthorized' })
      expect(typeof rows[0].seq).toBe('number')
      expect(typeof rows[0].at).toBe('number')
    })

    it('refuses to change a line of the access log (append-only)', async () => {
      const { storage, exec } = await open()
      await storage.appendAudit(auditRow())
      await expect(exec("UPDATE audit_log SET actor_name = 'someone else'")).rejects.toThrow(/append-only/)
      expect((await storage.readAudit(BOARD)).rows[0].actorName).toBe('Marieke')
    })

    it('forgets a case: its log, facilitators and members go, one tombstone line stays', async () => {
      const { storage, countRows } = await open()
      const marieke = account('marieke', 'marieke@gemeente.nl')
      await storage.addFacilitator(BOARD, creatorEntry(marieke))
      await storage.addFacilitator(BOARD, byEmail('jan@gemeente.nl'))
      await storage.noteMember(BOARD, member('piet'), 1)
      await storage.appendAudit(auditRow({ at: 1 }))
      await storage.appendAudit(auditRow({ at: 2 }))
      // Another case is left alone.
      await storage.addFacilitator(OTHER_BOARD, creatorEntry(marieke))
      await storage.appendAudit(auditRow({ boardId: OTHER_BOARD }))

      const tombstone = auditRow({ at: 9, action: 'board.delete' })
      await storage.forgetCase(BOARD, tombstone)
      const left = (await storage.readAudit(BOARD)).rows
      expect(left).toEqual([{ ...tombstone, seq: left[0].seq }])
      expect(await countRows('board_facilitators', BOARD)).toBe(0)
      expect(await countRows('board_members', BOARD)).toBe(0)
      expect(await storage.casesOf(ISSUER, 'marieke')).toEqual([{ boardId: OTHER_BOARD, role: 'facilitator' }])
      expect((await storage.readAudit(OTHER_BOARD)).rows).toHaveLength(1)
    })

    it('forgets a case without a tombstone (sign-in off): nothing names the board any more', async () => {
      const { storage, countRows } = await open()
      await storage.addFacilitator(BOARD, creatorEntry(account('marieke', 'marieke@gemeente.nl')))
      await storage.noteMember(BOARD, member('piet'), 1)
      await storage.appendAudit(auditRow({ at: 1 }))
      expect(await storage.countBoardsWithAccountFacilitators()).toBe(1)
      await storage.forgetCase(BOARD)
      for (const table of ['audit_log', 'board_facilitators', 'board_members']) expect(await countRows(table, BOARD), table).toBe(0)
      expect(await storage.countBoardsWithAccountFacilitators()).toBe(0)
      // A board that never had anything (links only): nothing to do, no error.
      await storage.forgetCase(OTHER_BOARD, null)
    })

    it('reads only the newest lines when asked, saying it left older ones out', async () => {
      const { storage } = await open()
      for (let at = 1; at <= 5; at++) await storage.appendAudit(auditRow({ at }))
      const newest = await storage.readAudit(BOARD, 3)
      expect(newest.truncated).toBe(true)
      expect(newest.rows.map((r) => r.at)).toEqual([3, 4, 5])
      expect(await storage.readAudit(BOARD, 5)).toMatchObject({ truncated: false })
      expect((await storage.readAudit(BOARD, 5)).rows.map((r) => r.at)).toEqual([1, 2, 3, 4, 5])
    })

    it('knows the last change the log records: creation or a changing command that was done', async () => {
      const { storage } = await open()
      expect(await storage.lastLoggedChange(BOARD)).toBeNull()
      await storage.appendAudit(auditRow({ at: 10, action: 'board.create' }))
      expect(await storage.lastLoggedChange(BOARD)).toBe(10)
      await storage.appendAudit(auditRow({ at: 20, action: 'command.decide' }))
      // Reading, opening, a refused or failed change and another board's change do not count.
      await storage.appendAudit(auditRow({ at: 30, action: 'board.open' }))
      await storage.appendAudit(auditRow({ at: 31, action: 'command.sessions' }))
      await storage.appendAudit(auditRow({ at: 32, action: 'command.lock', result: 'refused', reason: 'forbidden' }))
      await storage.appendAudit(auditRow({ at: 33, action: 'command.lock', result: 'failed', reason: 'internal' }))
      await storage.appendAudit(auditRow({ boardId: OTHER_BOARD, at: 40, action: 'command.lock' }))
      expect(await storage.lastLoggedChange(BOARD)).toBe(20)
      expect(await storage.lastLoggedChange(OTHER_BOARD)).toBe(40)
    })

    it('deletes the lines of no board older than a time; a board\'s lines stay, whatever their age', async () => {
      const { storage } = await open()
      await storage.appendAudit(auditRow({ boardId: null, action: 'auth.signIn', access: null, at: 100 }))
      await storage.appendAudit(auditRow({ boardId: null, action: 'auth.signOut', access: null, at: 300 }))
      await storage.appendAudit(auditRow({ at: 50 }))
      expect(await storage.deleteBoardlessAuditBefore(200)).toBe(1)
      expect(await storage.deleteBoardlessAuditBefore(200)).toBe(0)
      expect((await storage.readAudit(BOARD)).rows).toHaveLength(1)
      // The sign-out line of 300 is still there.
      expect(await storage.deleteBoardlessAuditBefore(301)).toBe(1)
    })
  })
}
