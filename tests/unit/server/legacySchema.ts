/**
 * The schema exactly as `server/storage.ts` created it before schema versions were recorded
 * (the shipped state, from git history): what a database made by that code holds.
 */
export const PRE_VERSION_SCHEMA = `
CREATE TABLE IF NOT EXISTS boards (
  id TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL,
  facilitator_token_hash TEXT NOT NULL,
  participant_token_hash TEXT NOT NULL,
  resident_token_hash TEXT,
  sealed_links TEXT,
  last_closed_at INTEGER
);

CREATE TABLE IF NOT EXISTS board_updates (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  board_id TEXT NOT NULL REFERENCES boards(id),
  "update" BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS board_updates_by_board ON board_updates (board_id, seq);
CREATE TABLE IF NOT EXISTS board_snapshots (
  board_id TEXT PRIMARY KEY REFERENCES boards(id),
  snapshot BLOB NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS meeting_updates (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  board_id TEXT NOT NULL REFERENCES boards(id),
  "update" BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS meeting_updates_by_board ON meeting_updates (board_id, seq);
CREATE TABLE IF NOT EXISTS meeting_snapshots (
  board_id TEXT PRIMARY KEY REFERENCES boards(id),
  snapshot BLOB NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS sessions (
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
CREATE TRIGGER IF NOT EXISTS sessions_never_change BEFORE UPDATE ON sessions
BEGIN
  SELECT RAISE(ABORT, 'an archived session never changes');
END;
`

/** The pragmas the old code set when it opened the file. */
export const PRE_VERSION_PRAGMAS = ['journal_mode = WAL', 'synchronous = NORMAL', 'foreign_keys = ON', 'secure_delete = ON']
