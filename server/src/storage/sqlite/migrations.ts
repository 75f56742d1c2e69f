/**
 * @module storage/sqlite/migrations
 * The SQLite schema, as an ordered list of migrations. `db.ts` applies those not yet
 * applied (tracked in `PRAGMA user_version`). Never edit a migration that has shipped:
 * add a new one. The PostgreSQL backend keeps the same tables (see docs/ARCHITECTURE.md).
 */

export const migrations: string[] = [
  /* 1: users, units, permissions, sessions */ `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
  );
  CREATE TABLE units (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    parent_id TEXT REFERENCES units(id),
    level TEXT NOT NULL CHECK (level IN ('district','township','community','grid')),
    created_at TEXT NOT NULL
  );
  CREATE INDEX units_parent ON units(parent_id);
  -- a role granted at a unit applies to all units below it (SPEC §1)
  CREATE TABLE grants (
    user_id TEXT NOT NULL REFERENCES users(id),
    unit_id TEXT NOT NULL REFERENCES units(id),
    role TEXT NOT NULL CHECK (role IN ('filler','lead','consolidator','reviewer','admin')),
    PRIMARY KEY (user_id, unit_id, role)
  );
  -- tokens are stored hashed (sha256), so a copied database does not leak live sessions
  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
  CREATE INDEX sessions_user ON sessions(user_id);
  `,
  /* 2: sheets, workflow, the update log and snapshots */ `
  CREATE TABLE sheets (
    id TEXT PRIMARY KEY,
    unit_id TEXT NOT NULL REFERENCES units(id),
    template TEXT NOT NULL CHECK (template IN ('ledger','scoring','report')),
    title TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft'
      CHECK (status IN ('draft','submitted','returned','accepted')),
    created_by TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX sheets_unit ON sheets(unit_id);
  -- every transition and every logged decision (conflict resolution, reopen) with who/when/why
  CREATE TABLE workflow_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sheet_id TEXT NOT NULL REFERENCES sheets(id),
    action TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT,
    user_id TEXT,
    reason TEXT,
    detail TEXT,
    at TEXT NOT NULL
  );
  CREATE INDEX workflow_events_sheet ON workflow_events(sheet_id, id);
  -- append-only, attributed Yjs update log: written before an update is relayed
  CREATE TABLE updates (
    sheet_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    user_id TEXT,
    at TEXT NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (sheet_id, seq)
  );
  -- compaction: the merged state of updates 1..upto_seq; the log above upto_seq is kept
  CREATE TABLE snapshots (
    sheet_id TEXT PRIMARY KEY,
    upto_seq INTEGER NOT NULL,
    data BLOB NOT NULL,
    at TEXT NOT NULL
  );
  `,
  /* 3: hash-chained audit log (audit/auditLog.ts) */ `
  CREATE TABLE audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    user_id TEXT,
    action TEXT NOT NULL,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
  );
  `,
  /* 4: the first admin (and any later global admin) holds admin over the whole tree,
     which a grant cannot express before the first unit exists */ `
  ALTER TABLE users ADD COLUMN is_admin INTEGER NOT NULL DEFAULT 0;
  CREATE INDEX grants_unit ON grants(unit_id);
  CREATE INDEX sessions_expiry ON sessions(expires_at);
  `,
  /* 5: single-use sync tickets (issue 17): the web app opens a socket with one of these
     instead of putting its session token into the URL */ `
  CREATE TABLE sync_tickets (
    ticket_hash TEXT PRIMARY KEY,
    session_hash TEXT NOT NULL,
    user_id TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
  CREATE INDEX sync_tickets_user ON sync_tickets(user_id);
  `,
  /* 6: the audit log is signed with a key kept outside the database (issue 17) */ `
  ALTER TABLE audit ADD COLUMN mac TEXT;
  `,
  /* 7: reporting rounds (SPEC §8): one sheet per target unit, 催报 reminders */ `
  CREATE TABLE rounds (
    id TEXT PRIMARY KEY,
    unit_id TEXT NOT NULL REFERENCES units(id),
    template TEXT NOT NULL,
    template_version INTEGER NOT NULL,
    period TEXT NOT NULL,
    title TEXT NOT NULL,
    due_date TEXT NOT NULL,
    carry_forward INTEGER NOT NULL DEFAULT 1,
    created_by TEXT,
    created_at TEXT NOT NULL,
    ready INTEGER NOT NULL DEFAULT 0,
    -- a round issued twice (a double click) is created once
    UNIQUE (unit_id, template, period)
  );
  CREATE TABLE round_sheets (
    round_id TEXT NOT NULL REFERENCES rounds(id),
    unit_id TEXT NOT NULL REFERENCES units(id),
    sheet_id TEXT NOT NULL UNIQUE REFERENCES sheets(id),
    ord INTEGER NOT NULL,
    PRIMARY KEY (round_id, unit_id)
  );
  CREATE INDEX round_sheets_unit ON round_sheets(unit_id);
  CREATE TABLE round_reminders (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    round_id TEXT NOT NULL REFERENCES rounds(id),
    unit_id TEXT NOT NULL REFERENCES units(id),
    message TEXT,
    sent_by TEXT,
    at TEXT NOT NULL
  );
  CREATE INDEX round_reminders_unit ON round_reminders(unit_id, id);
  CREATE INDEX round_reminders_round ON round_reminders(round_id, id);
  `,
  /* 8: the log position right after a round sheet was written, so the board tells 未填报 from
     填报中 (a later update is somebody's edit) */ `
  ALTER TABLE round_sheets ADD COLUMN written_seq INTEGER;
  `,
  /* 9: administration (issue 18): must-change-password, last login, archived units */ `
  ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE users ADD COLUMN last_login_at TEXT;
  ALTER TABLE units ADD COLUMN archived_at TEXT;
  `,
  /* 10: stored, versioned templates (SPEC §7); a sheet pins its template id and version.
     sheets.template stays the sheet's kind (ledger/scoring/report) */ `
  CREATE TABLE templates (
    id TEXT PRIMARY KEY,
    unit_id TEXT NOT NULL REFERENCES units(id),
    kind TEXT NOT NULL CHECK (kind IN ('ledger','scoring')),
    created_by TEXT,
    created_at TEXT NOT NULL
  );
  CREATE INDEX templates_unit ON templates(unit_id);
  -- every save publishes a version; published versions never change
  CREATE TABLE template_versions (
    template_id TEXT NOT NULL REFERENCES templates(id),
    version INTEGER NOT NULL CHECK (version >= 1),
    name TEXT NOT NULL,
    definition TEXT NOT NULL,
    created_by TEXT,
    created_at TEXT NOT NULL,
    PRIMARY KEY (template_id, version)
  );
  CREATE TRIGGER template_versions_no_update BEFORE UPDATE ON template_versions
  BEGIN SELECT RAISE(ABORT, 'published template versions are immutable'); END;
  CREATE TRIGGER template_versions_no_delete BEFORE DELETE ON template_versions
  BEGIN SELECT RAISE(ABORT, 'published template versions are immutable'); END;
  ALTER TABLE sheets ADD COLUMN template_id TEXT;
  ALTER TABLE sheets ADD COLUMN template_version INTEGER;
  -- every sheet made before: a built-in (their ids are the kinds), version 1
  UPDATE sheets SET template_id = template, template_version = 1;
  `,
]
