/**
 * Meeting fixtures for the integration tests: valid cards written into a board document the way
 * the browser binding writes them (one Y.Map per record, `props` and `meta` nested), calls to the
 * meeting API, raw editors with an ordering barrier, and the stored documents read straight from
 * SQLite.
 */
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import WebSocket from 'ws'
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import {
  CARD_DEFAULTS,
  CARD_TYPES,
  type ActionCardProps,
  type AgencyCardProps,
  type ResidentCardProps,
} from '../../shared/domain/cards'
import { getRecordsMap, recordToYMap, type RecordJson } from '../../shared/ydoc/layout'
import { MessageType } from '../../shared/protocol'
import type { ServerProcess } from './serverProcess'
import { postgresUrlOf } from './serverProcess'
import { execSync, fromByteaHex, literal, selectSync } from './postgres'
import { shapeRecord } from './domainFixtures'
import { decodeRun } from '../../server/storage/updateRuns'

export { shapeRecord }

// ---------------------------------------------------------------- cards


/** Writes one record into a (client's) board document, in one transaction. */
export function putRecord(doc: Y.Doc, record: RecordJson): void {
  doc.transact(() => getRecordsMap(doc).set(record.id, recordToYMap(record)))
}

export function putResidentCard(doc: Y.Doc, id: string, props: Partial<ResidentCardProps> = {}): string {
  putRecord(doc, shapeRecord(id, CARD_TYPES.resident, { ...CARD_DEFAULTS.resident(), ...props }))
  return id
}

export function putAgencyCard(doc: Y.Doc, id: string, props: Partial<AgencyCardProps> = {}): string {
  putRecord(doc, shapeRecord(id, CARD_TYPES.agency, { ...CARD_DEFAULTS.agency(), ...props }, { x: 400 }))
  return id
}

export function putActionCard(doc: Y.Doc, id: string, props: Partial<ActionCardProps> = {}, y = 300): string {
  putRecord(doc, shapeRecord(id, CARD_TYPES.action, { ...CARD_DEFAULTS.action(), ...props }, { y }))
  return id
}

/** Changes some props of a card already in the document, key by key (as the binding does). */
export function changeCardProps(doc: Y.Doc, id: string, changes: Record<string, unknown>): void {
  const props = getRecordsMap(doc).get(id)?.get('props')
  if (!(props instanceof Y.Map)) throw new Error(`no card ${id}`)
  doc.transact(() => {
    for (const [key, value] of Object.entries(changes)) props.set(key, value)
  })
}

/** The props of a card as a document holds them, or undefined. */
export function cardProps(doc: Y.Doc, id: string): Record<string, unknown> | undefined {
  const props = getRecordsMap(doc).get(id)?.get('props')
  return props instanceof Y.Map ? (props.toJSON() as Record<string, unknown>) : undefined
}

// ---------------------------------------------------------------- API

export interface ApiAnswer<T = Record<string, unknown>> {
  status: number
  body: T
}

/** One call to the meeting API with a bearer token; `body` is sent as JSON unless it is a string. */
export async function api<T = Record<string, unknown>>(
  server: ServerProcess,
  method: string,
  apiPath: string,
  token: string | null,
  body?: unknown,
): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = {}
  if (token !== null) headers.Authorization = `Bearer ${token}`
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  const res = await fetch(`${server.baseUrl}${apiPath}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: (text === '' ? {} : JSON.parse(text)) as T }
}

export interface PersonInput {
  userId: string
  name: string
  role: string
  organisation?: string
  atTable?: boolean
  /** The browser's own key for its entry (optional, as for older clients). */
  key?: string
}

export function registerParticipant(server: ServerProcess, boardId: string, token: string, person: PersonInput) {
  return api(server, 'POST', `/api/boards/${boardId}/participants`, token, {
    organisation: '',
    atTable: true,
    ...person,
  })
}

export function recordDecision(
  server: ServerProcess,
  boardId: string,
  token: string,
  decision: { actionId: string; decision: string; residentWords?: string; teachBack?: string; recordedBy: { userId: string } },
) {
  return api(server, 'POST', `/api/boards/${boardId}/decisions`, token, decision)
}

// ---------------------------------------------------------------- raw editors

export interface RawEditor {
  doc: Y.Doc
  ws: WebSocket
  closed: Promise<{ code: number; reason: string }>
  /** Changes its own document and sends the change as one `update` message. */
  edit(change: (doc: Y.Doc) => void): void
  /**
   * Resolves when the server has handled everything sent before: it sends sync step 1 and waits
   * for the server's step 2 on this socket (the server handles one socket's messages in order).
   */
  barrier(): Promise<void>
}

/** A bare `ws` client of `/sync/<room>` with its own Y.Doc: no UI, no rules, just the protocol. */
export async function openRawEditor(server: ServerProcess, room: string, token: string): Promise<RawEditor> {
  const ws = new WebSocket(`${server.wsUrl}/sync/${room}?token=${encodeURIComponent(token)}`)
  ws.on('error', () => {})
  const doc = new Y.Doc()
  let step2Count = 0
  const waiters: Array<{ after: number; resolve: () => void }> = []
  ws.on('message', (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data))
    if (decoding.readVarUint(decoder) !== MessageType.sync) return
    if (decoding.readVarUint(decoder) !== syncProtocol.messageYjsSyncStep2) return
    step2Count++
    for (const waiter of waiters.splice(0)) {
      if (step2Count > waiter.after) waiter.resolve()
      else waiters.push(waiter)
    }
  })
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))
  })
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('close', () => reject(new Error('closed before open')))
  })
  const send = (message: Uint8Array) => ws.send(message)
  return {
    doc,
    ws,
    closed,
    edit(change) {
      const updates: Uint8Array[] = []
      const onUpdate = (update: Uint8Array) => updates.push(update)
      doc.on('update', onUpdate)
      doc.transact(() => change(doc))
      doc.off('update', onUpdate)
      for (const update of updates) send(frame(MessageType.sync, syncProtocol.messageYjsUpdate, update))
    },
    barrier() {
      const after = step2Count
      const reached = new Promise<void>((resolve) => waiters.push({ after, resolve }))
      send(frame(MessageType.sync, syncProtocol.messageYjsSyncStep1, Y.encodeStateVector(doc)))
      return reached
    },
  }
}

/**
 * A raw editor that starts from the board as the server has it (copied from a client that is in
 * sync) and applies what the server sends it, so it can change existing records and see the
 * server's answer.
 */
export async function openSyncedRawEditor(server: ServerProcess, room: string, token: string, synced: Y.Doc): Promise<RawEditor> {
  const raw = await openRawEditor(server, room, token)
  Y.applyUpdate(raw.doc, Y.encodeStateAsUpdate(synced))
  raw.ws.on('message', (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data))
    if (decoding.readVarUint(decoder) !== MessageType.sync) return
    syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), raw.doc, 'server')
  })
  await raw.barrier()
  return raw
}

/** `[type][syncType][payload]`, as y-protocols' writers build it. */
function frame(type: number, syncType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, type)
  encoding.writeVarUint(encoder, syncType)
  encoding.writeVarUint8Array(encoder, payload)
  return encoding.toUint8Array(encoder)
}

// ---------------------------------------------------------------- storage
// Each reads the storage the server of `dataDir` used: the SQLite file there, or — on a
// TEST_BACKEND=postgres run — its PostgreSQL database (tests/helpers/serverProcess.ts).

/** A board's stored document (snapshot, then updates), rebuilt from the stored rows read-only. */
export function readStoredDoc(dataDir: string, boardId: string, kind: 'board' | 'meeting'): Y.Doc {
  const url = postgresUrlOf(dataDir)
  if (url !== undefined) {
    const doc = new Y.Doc()
    const snapshot = selectSync(url, `SELECT snapshot FROM ${kind}_snapshots WHERE board_id = ${literal(boardId)}`)[0]
    const updates = selectSync(url, `SELECT "update" AS u FROM ${kind}_updates WHERE board_id = ${literal(boardId)} ORDER BY seq`)
    if (snapshot) Y.applyUpdateV2(doc, new Uint8Array(fromByteaHex(snapshot.snapshot)))
    for (const { u } of updates) Y.applyUpdate(doc, new Uint8Array(fromByteaHex(u)))
    return doc
  }
  const db = new Database(path.join(dataDir, 'boards.sqlite'), { readonly: true })
  try {
    const doc = new Y.Doc()
    const snapshot = db.prepare(`SELECT snapshot FROM ${kind}_snapshots WHERE board_id = ?`).get(boardId) as
      | { snapshot: Buffer }
      | undefined
    if (snapshot) Y.applyUpdateV2(doc, new Uint8Array(snapshot.snapshot))
    for (const update of sqliteStoredUpdates(db, boardId, kind)) Y.applyUpdate(doc, update)
    return doc
  } finally {
    db.close()
  }
}

/** Rows of every table whose text (blobs read as latin1) mentions `needle`, per table. */
export function rowsMentioning(dataDir: string, needle: string): Record<string, number> {
  const url = postgresUrlOf(dataDir)
  if (url !== undefined) {
    const tables = selectSync(url, "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()")
    const counts: Record<string, number> = {}
    // bytea arrives as \x… hex: read it as latin1, as the SQLite side reads blobs.
    const text = (v: unknown) => (typeof v === 'string' && /^\\x[0-9a-f]*$/.test(v) ? fromByteaHex(v).toString('latin1') : typeof v === 'string' ? v : JSON.stringify(v))
    for (const { name } of tables as { name: string }[]) {
      counts[name] = selectSync(url, `SELECT * FROM "${name}"`).filter((row) => Object.values(row).some((v) => text(v).includes(needle))).length
    }
    return counts
  }
  const db = new Database(path.join(dataDir, 'boards.sqlite'), { readonly: true })
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
    const counts: Record<string, number> = {}
    for (const { name } of tables) {
      const rows = db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[]
      counts[name] = rows.filter((row) =>
        Object.values(row).some((v) => (Buffer.isBuffer(v) ? v.toString('latin1') : String(v)).includes(needle)),
      ).length
    }
    return counts
  } finally {
    db.close()
  }
}

export const totalRows = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0)

/**
 * True when the server of `dataDir` stores in PostgreSQL (TEST_BACKEND=postgres), after printing
 * that `check` — one that reads the SQLite file itself — is skipped there and why.
 */
export function skipSqliteFileCheck(dataDir: string, check: string): boolean {
  if (postgresUrlOf(dataDir) === undefined) return false
  process.stderr.write(`[TEST_BACKEND=postgres] skipped: ${check}\n`)
  return true
}

/**
 * The stored updates of one document of a board (not yet covered by its snapshot), in the storage
 * the server of `dataDir` used: on PostgreSQL its rows of `board_updates` / `meeting_updates`; on
 * SQLite its rows in `update_log` plus the updates in its runs (migration 8).
 */
export function countStoredUpdates(dataDir: string, boardId: string, kind: 'board' | 'meeting' = 'board'): number {
  if (postgresUrlOf(dataDir) !== undefined) return countRows(dataDir, `SELECT COUNT(*) AS n FROM ${kind}_updates WHERE board_id = ?`, boardId)
  const db = new Database(path.join(dataDir, 'boards.sqlite'), { readonly: true, fileMustExist: true })
  try {
    return sqliteStoredUpdates(db, boardId, kind).length
  } finally {
    db.close()
  }
}

/** On SQLite: a document's updates in `seq` order — those in its runs, then its rows in `update_log` (migration 8). */
function sqliteStoredUpdates(db: Database.Database, boardId: string, kind: 'board' | 'meeting'): Uint8Array[] {
  const runs = db.prepare(`SELECT updates FROM ${kind}_updates WHERE board_id = ? ORDER BY seq`).pluck().all(boardId) as Buffer[]
  const logged = db.prepare('SELECT "update" FROM update_log WHERE board_id = ? AND kind = ? ORDER BY seq').pluck().all(boardId, kind === 'board' ? 0 : 1) as Buffer[]
  return [...runs.flatMap((run) => decodeRun(run).map((entry) => entry.update)), ...logged.map((u) => new Uint8Array(u))]
}

/** Counts with SQL valid in both engines (`?` placeholders, bound in order), in the storage the server of `dataDir` used. */
export function countRows(dataDir: string, sql: string, ...values: Array<string | number>): number {
  const url = postgresUrlOf(dataDir)
  if (url !== undefined) {
    let i = 0
    const bound = sql.replace(/\?/g, () => {
      const v = values[i++]
      return typeof v === 'number' ? String(Math.trunc(v)) : literal(v)
    })
    return Number(Object.values(selectSync(url, bound)[0])[0])
  }
  const db = new Database(path.join(dataDir, 'boards.sqlite'), { readonly: true, fileMustExist: true })
  try {
    return Number(Object.values(db.prepare(sql).get(...values) as Record<string, unknown>)[0])
  } finally {
    db.close()
  }
}

/** Runs a writing statement (`?` placeholders) against the storage the server of `dataDir` used: to show the database refuses it. */
export function runStatement(dataDir: string, sql: string, ...values: Array<string | number>): void {
  const url = postgresUrlOf(dataDir)
  if (url !== undefined) {
    let i = 0
    execSync(url, sql.replace(/\?/g, () => {
      const v = values[i++]
      return typeof v === 'number' ? String(Math.trunc(v)) : literal(v)
    }))
    return
  }
  const db = new Database(path.join(dataDir, 'boards.sqlite'))
  try {
    db.prepare(sql).run(...values)
  } finally {
    db.close()
  }
}

/** A board's row in the storage the server of `dataDir` used, or undefined. */
export function readBoardRow(dataDir: string, boardId: string): Record<string, unknown> | undefined {
  const url = postgresUrlOf(dataDir)
  if (url !== undefined) return selectSync(url, `SELECT * FROM boards WHERE id = ${literal(boardId)}`)[0]
  const db = new Database(path.join(dataDir, 'boards.sqlite'), { readonly: true })
  try {
    return db.prepare('SELECT * FROM boards WHERE id = ?').get(boardId) as Record<string, unknown> | undefined
  } finally {
    db.close()
  }
}

/** Every row of every table of the storage the server of `dataDir` used, as text (blobs as latin1): to look for secrets. */
export function dumpAllRows(dataDir: string): string {
  const url = postgresUrlOf(dataDir)
  if (url !== undefined) {
    const tables = selectSync(url, 'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()') as { name: string }[]
    return tables
      .map(({ name }) => JSON.stringify(selectSync(url, `SELECT * FROM "${name}"`), (_k, v: unknown) =>
        typeof v === 'string' && /^\\x[0-9a-f]*$/.test(v) ? fromByteaHex(v).toString('latin1') : v,
      ))
      .join('\n')
  }
  const db = new Database(path.join(dataDir, 'boards.sqlite'), { readonly: true })
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
    return tables
      .map(({ name }) => JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all(), (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('latin1') : v)))
      .join('\n')
  } finally {
    db.close()
  }
}

/** The bytes of the database file and its WAL (those that exist), to look for leftovers. */
export function databaseFileBytes(dataDir: string): Buffer[] {
  return ['boards.sqlite', 'boards.sqlite-wal']
    .map((file) => path.join(dataDir, file))
    .filter((file) => fs.existsSync(file))
    .map((file) => fs.readFileSync(file))
}

/** One row of the `sessions` table exactly as stored, or undefined. */
export interface SessionRow {
  board_id: string
  number: number
  started_at: string
  closed_at: string
  board_snapshot: Buffer
  meeting_snapshot: Buffer
  picture_png: Buffer | null
}

export function readSessionRow(dataDir: string, boardId: string, number: number): SessionRow | undefined {
  const url = postgresUrlOf(dataDir)
  if (url !== undefined) {
    const row = selectSync(url, `SELECT * FROM sessions WHERE board_id = ${literal(boardId)} AND number = ${Math.trunc(number)}`)[0]
    if (row === undefined) return undefined
    return {
      board_id: row.board_id as string,
      number: row.number as number,
      started_at: row.started_at as string,
      closed_at: row.closed_at as string,
      board_snapshot: fromByteaHex(row.board_snapshot),
      meeting_snapshot: fromByteaHex(row.meeting_snapshot),
      picture_png: row.picture_png === null ? null : fromByteaHex(row.picture_png),
    }
  }
  const db = new Database(path.join(dataDir, 'boards.sqlite'), { readonly: true })
  try {
    return db.prepare('SELECT * FROM sessions WHERE board_id = ? AND number = ?').get(boardId, number) as SessionRow | undefined
  } finally {
    db.close()
  }
}

/** `boards.last_closed_at` of a board (ms or null), or undefined when the board is gone. */
export function lastClosedAt(dataDir: string, boardId: string): number | null | undefined {
  const url = postgresUrlOf(dataDir)
  if (url !== undefined) {
    const row = selectSync(url, `SELECT last_closed_at FROM boards WHERE id = ${literal(boardId)}`)[0]
    return row === undefined ? undefined : row.last_closed_at === null ? null : Number(row.last_closed_at)
  }
  const db = new Database(path.join(dataDir, 'boards.sqlite'), { readonly: true })
  try {
    const row = db.prepare('SELECT last_closed_at FROM boards WHERE id = ?').get(boardId) as { last_closed_at: number | null } | undefined
    return row?.last_closed_at
  } finally {
    db.close()
  }
}

/** A V2 snapshot (as archived) read back into a fresh document. */
export function docFromSnapshot(snapshot: Uint8Array): Y.Doc {
  const doc = new Y.Doc()
  Y.applyUpdateV2(doc, snapshot)
  return doc
}

// ---------------------------------------------------------------- sessions API

/** `picture` is the optional close body (`{ pictureSvg?, picturePng? }`), or raw text. */
export function closeMeeting<T = Record<string, unknown>>(server: ServerProcess, boardId: string, token: string, picture?: unknown) {
  return api<T>(server, 'POST', `/api/boards/${boardId}/close`, token, picture)
}

/** The facilitator confirms the proposed follow-up date (setting it confirms it), as the close dialog does. */
export async function confirmFollowUpDate(server: ServerProcess, boardId: string, token: string): Promise<void> {
  const info = await api<{ meeting: { followUpDate: string } }>(server, 'GET', `/api/boards/${boardId}`, token)
  const answer = await api(server, 'PATCH', `/api/boards/${boardId}/meeting`, token, { followUpDate: info.body.meeting.followUpDate })
  if (answer.status !== 200) throw new Error(`confirming the follow-up date failed: ${answer.status}`)
}

export function startFollowUp<T = Record<string, unknown>>(server: ServerProcess, boardId: string, token: string) {
  return api<T>(server, 'POST', `/api/boards/${boardId}/follow-up`, token)
}

export function recordOutcome<T = Record<string, unknown>>(
  server: ServerProcess,
  boardId: string,
  token: string,
  outcome: { actionId: string; outcome: string; residentWords?: string; recordedBy: { userId: string } },
) {
  return api<T>(server, 'POST', `/api/boards/${boardId}/outcomes`, token, outcome)
}
