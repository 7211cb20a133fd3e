/**
 * The storage schema's versions: numbered migrations, in one place. Version N is what migrations
 * 1…N made. The database records every migration applied to it in `schema_migrations` (one row
 * per version); at start the server applies the ones it lacks, in order, each in one transaction
 * together with its row, so a crash leaves the database at one version or the next, never between.
 *
 * Rules:
 * - A migration never changes once it has shipped: a change of the schema is a new migration.
 * - No fallbacks for states that never shipped: every database is at a recorded version, except a
 *   file made before versions were recorded, which has exactly the tables of migration 1 (checked,
 *   then recorded as version 1; see `sqliteMigrations.ts`).
 * - A database at a version newer than this code knows is refused (no silent downgrade).
 *
 * The SQL is per database engine: `sqlite` (server/storage/sqliteMigrations.ts) and `postgres`
 * (server/storage/postgresMigrations.ts, issue 11), with the same numbers, the same tables and the
 * same `schema_migrations` table (its DDL below is valid in both). PostgreSQL runs the same plan
 * under a session advisory lock, since several nodes may start at once; SQLite has one server
 * process per file, so it needs none. Where a migration changes nothing on one engine its text
 * for that engine is empty and says why in a comment.
 */

export interface Migration {
  /** 1, 2, 3, … without gaps. */
  version: number
  /** What it does, for the log and for `schema_migrations.name`. */
  name: string
  /** The statements for SQLite, run together in one transaction. */
  sqlite: string
  /**
   * The statements for PostgreSQL, run together in one transaction (the simple query protocol:
   * several statements in one text). Every shipped migration has one; the PostgreSQL runner
   * refuses a migration without.
   */
  postgres?: string
}

/**
 * The tables of migration 6 (sign-in, case rights, access log) in either engine's types: times
 * in ms since the epoch, the creator flag, and the log's own increasing `seq`.
 */
function accountTables(t: { time: string; bool: string; serial: string }): string {
  return `
CREATE TABLE auth_logins (
  id_hash TEXT PRIMARY KEY,
  state TEXT NOT NULL,
  nonce TEXT NOT NULL,
  code_verifier TEXT NOT NULL,
  return_to TEXT NOT NULL,
  expires_at ${t.time} NOT NULL
);
CREATE TABLE auth_sessions (
  id_hash TEXT PRIMARY KEY,
  issuer TEXT NOT NULL,
  subject TEXT NOT NULL,
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  organisation TEXT NOT NULL,
  created_at ${t.time} NOT NULL,
  last_seen_at ${t.time} NOT NULL,
  expires_at ${t.time} NOT NULL
);
CREATE INDEX auth_sessions_by_account ON auth_sessions (issuer, subject);
CREATE TABLE board_facilitators (
  board_id TEXT NOT NULL,
  email TEXT NOT NULL,
  issuer TEXT,
  subject TEXT,
  name TEXT NOT NULL,
  creator ${t.bool} NOT NULL,
  added_at ${t.time} NOT NULL,
  PRIMARY KEY (board_id, email)
);
CREATE INDEX board_facilitators_by_account ON board_facilitators (issuer, subject);
CREATE INDEX board_facilitators_by_email ON board_facilitators (email);
CREATE TABLE board_members (
  board_id TEXT NOT NULL,
  issuer TEXT NOT NULL,
  subject TEXT NOT NULL,
  first_seen_at ${t.time} NOT NULL,
  last_seen_at ${t.time} NOT NULL,
  PRIMARY KEY (board_id, issuer, subject)
);
CREATE INDEX board_members_by_account ON board_members (issuer, subject);
CREATE TABLE audit_log (
  seq ${t.serial} PRIMARY KEY,
  board_id TEXT,
  at ${t.time} NOT NULL,
  actor_kind TEXT NOT NULL,
  actor_subject TEXT,
  actor_name TEXT,
  access TEXT,
  action TEXT NOT NULL,
  session_number INTEGER,
  result TEXT NOT NULL,
  reason TEXT,
  origin TEXT NOT NULL
);
CREATE INDEX audit_log_by_board ON audit_log (board_id, seq);
`
}

/** Migration 7, the same in both engines. */
const MEMBER_NAMES = `
ALTER TABLE board_members ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE board_members ADD COLUMN organisation TEXT NOT NULL DEFAULT '';
`

export const MIGRATIONS_TABLE = 'schema_migrations'

/** PostgreSQL only (migration 5): the rate-limit counters shared by all nodes. */
export const RATE_LIMIT_TABLE = 'rate_limits'

/** Valid SQL for SQLite and PostgreSQL alike. `applied_at`: ms since the epoch. */
export const MIGRATIONS_TABLE_DDL = `
CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at BIGINT NOT NULL
)`

/** Exactly the schema that shipped before versions were recorded. */
const INITIAL_SCHEMA_SQLITE = `
CREATE TABLE boards (
  id TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL,
  facilitator_token_hash TEXT NOT NULL,
  participant_token_hash TEXT NOT NULL,
  resident_token_hash TEXT,
  sealed_links TEXT,
  last_closed_at INTEGER
);
CREATE TABLE board_updates (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  board_id TEXT NOT NULL REFERENCES boards(id),
  "update" BLOB NOT NULL
);
CREATE INDEX board_updates_by_board ON board_updates (board_id, seq);
CREATE TABLE board_snapshots (
  board_id TEXT PRIMARY KEY REFERENCES boards(id),
  snapshot BLOB NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE meeting_updates (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  board_id TEXT NOT NULL REFERENCES boards(id),
  "update" BLOB NOT NULL
);
CREATE INDEX meeting_updates_by_board ON meeting_updates (board_id, seq);
CREATE TABLE meeting_snapshots (
  board_id TEXT PRIMARY KEY REFERENCES boards(id),
  snapshot BLOB NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE sessions (
  board_id TEXT NOT NULL REFERENCES boards(id),
  number INTEGER NOT NULL,
  started_at TEXT NOT NULL,
  closed_at TEXT NOT NULL,
  board_snapshot BLOB NOT NULL,
  meeting_snapshot BLOB NOT NULL,
  picture_svg TEXT,
  picture_png BLOB,
  PRIMARY KEY (board_id, number)
);
CREATE TRIGGER sessions_never_change BEFORE UPDATE ON sessions
BEGIN
  SELECT RAISE(ABORT, 'an archived session never changes');
END;
`

/**
 * Migration 1 on PostgreSQL: the same tables and columns. `BIGINT` for the ms timestamps (SQLite's
 * INTEGER is 64-bit), `BYTEA` for SQLite's BLOB, `BIGSERIAL` for the AUTOINCREMENT `seq` (a
 * sequence: a new row's `seq` is above every earlier one), and the never-change trigger as a
 * PL/pgSQL function.
 */
const INITIAL_SCHEMA_POSTGRES = `
CREATE TABLE boards (
  id TEXT PRIMARY KEY,
  created_at BIGINT NOT NULL,
  facilitator_token_hash TEXT NOT NULL,
  participant_token_hash TEXT NOT NULL,
  resident_token_hash TEXT,
  sealed_links TEXT,
  last_closed_at BIGINT
);
${['board', 'meeting'].map((kind) => `
CREATE TABLE ${kind}_updates (
  seq BIGSERIAL PRIMARY KEY,
  board_id TEXT NOT NULL REFERENCES boards(id),
  "update" BYTEA NOT NULL
);
CREATE INDEX ${kind}_updates_by_board ON ${kind}_updates (board_id, seq);
CREATE TABLE ${kind}_snapshots (
  board_id TEXT PRIMARY KEY REFERENCES boards(id),
  snapshot BYTEA NOT NULL,
  updated_at BIGINT NOT NULL
);`).join('')}
CREATE TABLE sessions (
  board_id TEXT NOT NULL REFERENCES boards(id),
  number INTEGER NOT NULL,
  started_at TEXT NOT NULL,
  closed_at TEXT NOT NULL,
  board_snapshot BYTEA NOT NULL,
  meeting_snapshot BYTEA NOT NULL,
  picture_svg TEXT,
  picture_png BYTEA,
  PRIMARY KEY (board_id, number)
);
CREATE FUNCTION sessions_never_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'an archived session never changes';
END
$$;
CREATE TRIGGER sessions_never_change BEFORE UPDATE ON sessions
  FOR EACH ROW EXECUTE FUNCTION sessions_never_change();
`

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial schema', sqlite: INITIAL_SCHEMA_SQLITE, postgres: INITIAL_SCHEMA_POSTGRES },
  {
    // The SVG the close request carried was stored but never read (the record's PDF uses the
    // PNG). With secure_delete on, SQLite overwrites the dropped contents.
    version: 2,
    name: 'sessions without picture_svg',
    sqlite: 'ALTER TABLE sessions DROP COLUMN picture_svg;',
    postgres: 'ALTER TABLE sessions DROP COLUMN picture_svg;',
  },
  {
    // AUTOINCREMENT wrote the sqlite_sequence table in every commit (one more page per commit,
    // issue 10). The rowid alone serves as `seq`: a new row's rowid is one above the largest in
    // its table, so per document the newest update always has the highest `seq`, and a `seq`
    // reused after compaction deleted the largest rows is again above every row left — the only
    // orders storage relies on (loading in `seq` order; compaction deleting `seq <= covered`).
    version: 3,
    name: 'update tables without AUTOINCREMENT',
    sqlite: ['board', 'meeting'].map((kind) => `
CREATE TABLE ${kind}_updates_v3 (
  seq INTEGER PRIMARY KEY,
  board_id TEXT NOT NULL REFERENCES boards(id),
  "update" BLOB NOT NULL
);
INSERT INTO ${kind}_updates_v3 (seq, board_id, "update") SELECT seq, board_id, "update" FROM ${kind}_updates ORDER BY seq;
DROP TABLE ${kind}_updates;
ALTER TABLE ${kind}_updates_v3 RENAME TO ${kind}_updates;
CREATE INDEX ${kind}_updates_by_board ON ${kind}_updates (board_id, seq);
`).join(''),
    // A PostgreSQL sequence writes no extra page per commit worth a table rebuild (it logs one
    // WAL record per 32 values): the BIGSERIAL `seq` of migration 1 stays.
    postgres: '-- nothing to change on PostgreSQL',
  },
  {
    // Who serves a board (issue 11, docs/api.md "Several nodes"): one row per board that ever had
    // an owner; `epoch` grows with every change of owner and fences the writes of an old owner.
    // SQLite serves one node, whose every lease is its own (server/storage.ts): no table.
    version: 4,
    name: 'board leases',
    sqlite: '-- one node per SQLite file: no leases',
    postgres: `
CREATE TABLE board_leases (
  board_id TEXT PRIMARY KEY,
  node_id TEXT NOT NULL,
  node_url TEXT NOT NULL,
  epoch BIGINT NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL
);`,
  },
  {
    // Rate-limit counters every node shares (issue 11; server/http/boardCreationLimit.ts): the
    // table rate-limiter-flexible's `RateLimiterPostgres` expects (its `_getCreateTableStmt`;
    // it inserts the three columns by position, in this order), made here and not by the library
    // at run time (`tableCreated: true`). `key` is TEXT rather than the library's varchar(255),
    // so a long client address is counted, not refused by the database. `expire`: ms since the
    // epoch. SQLite serves one node: its counters stay in the process's memory.
    version: 5,
    name: 'rate-limit counters',
    sqlite: '-- one node per SQLite file: counters in memory',
    postgres: `
CREATE TABLE ${RATE_LIMIT_TABLE} (
  key TEXT PRIMARY KEY,
  points INTEGER NOT NULL DEFAULT 0,
  expire BIGINT
);`,
  },
  {
    // Sign-in, case rights and the access log (issue 12, docs/sign-in.md): shared by every node.
    // Times are ms since the epoch. Secrets only as hashes: `id_hash` is the SHA-256 of the
    // opaque id in the cookie. The access log is append-only (a trigger refuses every UPDATE);
    // rows leave only with their case (deleted or purged), leaving one tombstone line.
    version: 6,
    name: 'sign-in, case rights and access log',
    sqlite: accountTables({ time: 'INTEGER', bool: 'INTEGER', serial: 'INTEGER' }) + `CREATE TRIGGER audit_log_never_changes BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the access log is append-only');
END;
`,
    postgres: accountTables({ time: 'BIGINT', bool: 'BOOLEAN', serial: 'BIGSERIAL' }) + `CREATE FUNCTION audit_log_never_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the access log is append-only';
END
$$;
CREATE TRIGGER audit_log_never_changes BEFORE UPDATE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_never_changes();
`,
  },
  {
    // Members by account (issue 12): the facilitator sees who opens the case by account — name and
    // organisation as the account gave them at the last opening by link — and can take it away.
    // Rows from before stay '' until their next opening by link.
    version: 7,
    name: 'members with name and organisation',
    sqlite: MEMBER_NAMES,
    postgres: MEMBER_NAMES,
  },
  {
    // Issue 10: one page written per commit. The `(board_id, seq)` index of migration 3 cost a
    // second page per commit, and a table clustered by board costs more still: SQLite keeps
    // b-tree pages full, so appending to each board's range splits a page at almost every
    // insert. Only appending at the end of a rowid table is cheap (a new page every few rows).
    // So an accepted update is appended to `update_log` (all boards and both documents; `kind`
    // 0 = board, 1 = meeting); when the log is long, it is folded into one row per document —
    // a run of its updates, keyed by the run's last `seq` (server/storage/updateRuns.ts) — and
    // emptied. The rows there are carried over into the log, renumbered in their order (no
    // snapshot refers to a `seq`). `seq` is now one counter for the whole file.
    version: 8,
    name: 'update log folded into runs per document',
    sqlite: `
CREATE TABLE update_log (
  seq INTEGER PRIMARY KEY,
  board_id TEXT NOT NULL REFERENCES boards(id),
  kind INTEGER NOT NULL CHECK (kind IN (0, 1)),
  "update" BLOB NOT NULL
);
INSERT INTO update_log (board_id, kind, "update") SELECT board_id, 0, "update" FROM board_updates ORDER BY seq;
INSERT INTO update_log (board_id, kind, "update") SELECT board_id, 1, "update" FROM meeting_updates ORDER BY seq;
DROP TABLE board_updates;
DROP TABLE meeting_updates;
${['board', 'meeting'].map((kind) => `
CREATE TABLE ${kind}_updates (
  seq INTEGER PRIMARY KEY,
  board_id TEXT NOT NULL REFERENCES boards(id),
  updates BLOB NOT NULL
);
CREATE INDEX ${kind}_updates_by_board ON ${kind}_updates (board_id, seq);`).join('')}
`,
    // PostgreSQL writes its own WAL records per row, not whole pages per commit: its update
    // tables stay as they are (one row per update, BIGSERIAL `seq`, the index).
    postgres: '-- nothing to change on PostgreSQL',
  },
]

/** The version this code brings every database to. */
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version

/** Thrown when a database cannot be brought to this code's version; the server does not start. */
export class SchemaVersionError extends Error {}

/**
 * What to do with a database, given the versions recorded in it. Engine-independent.
 * `recorded`: the versions in `schema_migrations`, or null when that table does not exist;
 * `hasTables`: whether the database holds any table of ours (of an unrecorded version 1).
 */
export function planMigrations(
  recorded: readonly number[] | null,
  hasTables: boolean,
  migrations: readonly Migration[] = MIGRATIONS,
): { adoptVersion1: boolean; apply: Migration[] } {
  checkNumbering(migrations)
  const latest = migrations.length === 0 ? 0 : migrations[migrations.length - 1].version
  // A file made before versions were recorded: it is version 1 (the caller checks its tables).
  const adoptVersion1 = recorded === null && hasTables
  const done = new Set(adoptVersion1 ? [1] : (recorded ?? []))
  const known = new Set(migrations.map((m) => m.version))
  const unknown = [...done].filter((version) => !known.has(version))
  if (unknown.length > 0) {
    throw new SchemaVersionError(
      `the database is at schema version ${Math.max(...unknown)}, newer than this server knows (${latest}); use a newer server`,
    )
  }
  const apply = migrations.filter((m) => !done.has(m.version))
  // Versions are applied in order: a recorded version above a missing one means a damaged table.
  const gap = apply.find((m) => [...done].some((version) => version > m.version))
  if (gap !== undefined) {
    throw new SchemaVersionError(`schema_migrations records later versions but not version ${gap.version}`)
  }
  return { adoptVersion1, apply }
}

function checkNumbering(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) throw new Error(`migration ${migration.version} is out of order`)
  })
}
