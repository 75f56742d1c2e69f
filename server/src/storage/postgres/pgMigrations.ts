/**
 * @module storage/postgres/pgMigrations
 * The PostgreSQL schema: the same tables as the SQLite `sqlite/migrations.ts` (users, units,
 * grants, sessions, sheets, workflow_events, updates, snapshots, audit) with PostgreSQL
 * types, plus `doc_heads` (the last seq of every sheet, the row that serialises appends
 * from many nodes). Times stay ISO 8601 TEXT, as in SQLite, so both backends return the
 * same strings. Applied in order by `pgDatabase.ts`, tracked in `taizhang_migrations`.
 * Never edit a shipped migration: add a new one.
 */

export const pgMigrations: string[] = [
  /* 1: everything the SQLite migrations 1–4 create */ `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    disabled BOOLEAN NOT NULL DEFAULT false,
    is_admin BOOLEAN NOT NULL DEFAULT false,
    created_at TEXT NOT NULL
  );
  CREATE TABLE units (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    parent_id TEXT REFERENCES units(id),
    level TEXT NOT NULL CHECK (level IN ('district','township','community','grid')),
    created_at TEXT NOT NULL,
    ord BIGSERIAL NOT NULL
  );
  CREATE INDEX units_parent ON units(parent_id);
  CREATE TABLE grants (
    user_id TEXT NOT NULL REFERENCES users(id),
    unit_id TEXT NOT NULL REFERENCES units(id),
    role TEXT NOT NULL CHECK (role IN ('filler','lead','consolidator','reviewer','admin')),
    PRIMARY KEY (user_id, unit_id, role)
  );
  CREATE INDEX grants_unit ON grants(unit_id);
  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
  CREATE INDEX sessions_user ON sessions(user_id);
  CREATE INDEX sessions_expiry ON sessions(expires_at);
  CREATE TABLE sheets (
    id TEXT PRIMARY KEY,
    unit_id TEXT NOT NULL REFERENCES units(id),
    template TEXT NOT NULL CHECK (template IN ('ledger','scoring','report')),
    title TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft'
      CHECK (status IN ('draft','submitted','returned','accepted')),
    created_by TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    ord BIGSERIAL NOT NULL
  );
  CREATE INDEX sheets_unit ON sheets(unit_id);
  CREATE TABLE workflow_events (
    id BIGSERIAL PRIMARY KEY,
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
  -- one row per sheet: appends lock it, so seqs are gap-free and commit in seq order
  CREATE TABLE doc_heads (
    sheet_id TEXT PRIMARY KEY,
    last_seq BIGINT NOT NULL
  );
  CREATE TABLE updates (
    sheet_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    user_id TEXT,
    at TEXT NOT NULL,
    data BYTEA NOT NULL,
    PRIMARY KEY (sheet_id, seq)
  );
  CREATE TABLE snapshots (
    sheet_id TEXT PRIMARY KEY,
    upto_seq BIGINT NOT NULL,
    data BYTEA NOT NULL,
    at TEXT NOT NULL
  );
  CREATE TABLE audit (
    id BIGSERIAL PRIMARY KEY,
    at TEXT NOT NULL,
    user_id TEXT,
    action TEXT NOT NULL,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
  );
  `,
  /* 2: single-use sync tickets (SQLite migration 5) */ `
  CREATE TABLE sync_tickets (
    ticket_hash TEXT PRIMARY KEY,
    session_hash TEXT NOT NULL,
    user_id TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
  CREATE INDEX sync_tickets_user ON sync_tickets(user_id);
  `,
  /* 3: the audit log's signatures (SQLite migration 6) */ `
  ALTER TABLE audit ADD COLUMN mac TEXT;
  `,
  /* 4: reporting rounds (SPEC §8), as SQLite migration 7 */ `
  CREATE TABLE rounds (
    id TEXT PRIMARY KEY,
    unit_id TEXT NOT NULL REFERENCES units(id),
    template TEXT NOT NULL,
    template_version INTEGER NOT NULL,
    period TEXT NOT NULL,
    title TEXT NOT NULL,
    due_date TEXT NOT NULL,
    carry_forward BOOLEAN NOT NULL DEFAULT true,
    created_by TEXT,
    created_at TEXT NOT NULL,
    ready BOOLEAN NOT NULL DEFAULT false,
    ord BIGSERIAL NOT NULL,
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
    id BIGSERIAL PRIMARY KEY,
    round_id TEXT NOT NULL REFERENCES rounds(id),
    unit_id TEXT NOT NULL REFERENCES units(id),
    message TEXT,
    sent_by TEXT,
    at TEXT NOT NULL
  );
  CREATE INDEX round_reminders_unit ON round_reminders(unit_id, id);
  CREATE INDEX round_reminders_round ON round_reminders(round_id, id);
  `,
  /* 5: as SQLite migration 8 */ `
  ALTER TABLE round_sheets ADD COLUMN written_seq BIGINT;
  `,
  /* 6: administration (issue 18), as SQLite's 9: must-change-password, last login,
     archived units */ `
  ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT false;
  ALTER TABLE users ADD COLUMN last_login_at TEXT;
  ALTER TABLE units ADD COLUMN archived_at TEXT;
  `,
  /* 7: stored, versioned templates (SPEC §7), as SQLite's 10 */ `
  CREATE TABLE templates (
    id TEXT PRIMARY KEY,
    unit_id TEXT NOT NULL REFERENCES units(id),
    kind TEXT NOT NULL CHECK (kind IN ('ledger','scoring')),
    created_by TEXT,
    created_at TEXT NOT NULL
  );
  CREATE INDEX templates_unit ON templates(unit_id);
  CREATE TABLE template_versions (
    template_id TEXT NOT NULL REFERENCES templates(id),
    version INTEGER NOT NULL CHECK (version >= 1),
    name TEXT NOT NULL,
    definition TEXT NOT NULL,
    created_by TEXT,
    created_at TEXT NOT NULL,
    PRIMARY KEY (template_id, version)
  );
  CREATE FUNCTION template_versions_immutable() RETURNS trigger AS $$
  BEGIN
    RAISE EXCEPTION 'published template versions are immutable';
  END $$ LANGUAGE plpgsql;
  CREATE TRIGGER template_versions_no_change BEFORE UPDATE OR DELETE ON template_versions
    FOR EACH ROW EXECUTE FUNCTION template_versions_immutable();
  ALTER TABLE sheets ADD COLUMN template_id TEXT;
  ALTER TABLE sheets ADD COLUMN template_version INTEGER;
  UPDATE sheets SET template_id = template, template_version = 1;
  `,
]
