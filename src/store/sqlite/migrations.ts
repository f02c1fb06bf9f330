import type Database from 'better-sqlite3';
import { ConfigurationError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { WEBHOOK_MIGRATION } from './webhook-deliveries.js';

/** One numbered schema change. Never edit a published migration: add the next one. */
export interface Migration {
  /** 1, 2, 3 … in order; stored in `PRAGMA user_version` once applied. */
  version: number;
  description: string;
  sql: string;
}

/**
 * The schema, as an ordered list of migrations. JSON columns are TEXT; times
 * are the ISO-8601 strings the caller passes, so text order is time order.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'applications, timeline, claims, idempotency, jobs, deliveries, certificates',
    sql: `
      CREATE TABLE applications (
        id TEXT PRIMARY KEY,
        procedure_id TEXT NOT NULL,
        client_id TEXT NOT NULL,
        status TEXT NOT NULL,
        form TEXT NOT NULL,
        identity TEXT,
        payment TEXT,
        issuance TEXT,
        access_token_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE timeline (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        application_id TEXT NOT NULL REFERENCES applications(id),
        status TEXT NOT NULL,
        at TEXT NOT NULL,
        source TEXT NOT NULL,
        detail TEXT NOT NULL
      ) STRICT;
      CREATE INDEX timeline_by_application ON timeline(application_id, seq);

      CREATE TABLE claims (
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        application_id TEXT NOT NULL REFERENCES applications(id),
        PRIMARY KEY (kind, key)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE idempotency (
        client_id TEXT NOT NULL,
        key TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('in-flight', 'completed')),
        response TEXT,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        PRIMARY KEY (client_id, key)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX idempotency_by_expiry ON idempotency(expires_at);

      CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        application_id TEXT NOT NULL REFERENCES applications(id),
        step INTEGER NOT NULL,
        name TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('ready', 'leased', 'waiting', 'done', 'dead')),
        payload TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        run_at TEXT NOT NULL,
        lease_owner TEXT,
        lease_until TEXT,
        last_error TEXT,
        correlation_key TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX jobs_claimable ON jobs(state, run_at);
      CREATE INDEX jobs_leases ON jobs(state, lease_until);
      CREATE INDEX jobs_by_owner ON jobs(lease_owner) WHERE state = 'leased';
      CREATE INDEX jobs_waiting_by_correlation ON jobs(correlation_key) WHERE state = 'waiting';
      CREATE INDEX jobs_dead ON jobs(updated_at, id) WHERE state = 'dead';
      CREATE INDEX jobs_by_application ON jobs(application_id);

      CREATE TABLE deliveries (
        application_id TEXT NOT NULL REFERENCES applications(id),
        system TEXT NOT NULL,
        message_id TEXT NOT NULL,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        last_error TEXT,
        updated_at TEXT NOT NULL,
        UNIQUE (application_id, system, message_id)
      ) STRICT;

      CREATE TABLE certificates (
        id TEXT PRIMARY KEY,
        application_id TEXT NOT NULL REFERENCES applications(id),
        type TEXT NOT NULL,
        document TEXT NOT NULL,
        document_hash TEXT NOT NULL,
        signature TEXT NOT NULL,
        issued_at TEXT NOT NULL,
        revoked_at TEXT,
        revocation_reason TEXT
      ) STRICT;
      CREATE INDEX certificates_by_application ON certificates(application_id, issued_at);
    `,
  },
  {
    version: 2,
    description: 'claim and dead-letter indexes in (runAt, id) and (updatedAt, id) order, so a backlog is never sorted',
    sql: `
      DROP INDEX jobs_claimable;
      CREATE INDEX jobs_claimable ON jobs(state, run_at, id);
      DROP INDEX jobs_dead;
      CREATE INDEX jobs_dead ON jobs(state, updated_at, id);
    `,
  },
  {
    version: 3,
    description: 'convenience-store pickups: one per certificate, unique pickup codes, pending ones by notBefore',
    sql: `
      CREATE TABLE pickups (
        certificate_id TEXT PRIMARY KEY,
        code TEXT UNIQUE,
        application_id TEXT NOT NULL REFERENCES applications(id),
        request_id TEXT NOT NULL,
        certificate_type TEXT NOT NULL,
        copies INTEGER NOT NULL,
        fee INTEGER NOT NULL,
        expires_at TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'requested', 'fetched', 'printed', 'expired')),
        not_before TEXT NOT NULL,
        fetched_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX pickups_due ON pickups(status, not_before, certificate_id);
    `,
  },
  {
    version: 4,
    description: 'store probe: the one row readiness rewrites to see whether writes succeed again',
    sql: `
      CREATE TABLE store_probe (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        written_at TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 5,
    description: 'callback receipts: signed callbacks already accepted, kept until their signature can no longer be replayed',
    sql: `
      CREATE TABLE callback_receipts (
        system TEXT NOT NULL,
        receipt_id TEXT NOT NULL,
        received_at TEXT NOT NULL,
        keep_until TEXT NOT NULL,
        PRIMARY KEY (system, receipt_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX callback_receipts_expiry ON callback_receipts(keep_until);
    `,
  },
  {
    version: 6,
    description: 'pickup codes by pickup number (first 8 digits), and the wrong check parts tried on each, which lock a code',
    sql: `
      CREATE INDEX pickups_by_number ON pickups(substr(code, 1, 8));
      CREATE TABLE pickup_locks (
        certificate_id TEXT PRIMARY KEY REFERENCES pickups(certificate_id),
        wrong_check_parts INTEGER NOT NULL CHECK (wrong_check_parts >= 0),
        locked_at TEXT
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 7,
    description: 'form events: counts per procedure and day, and the per-session state that counts each session once',
    sql: `
      CREATE TABLE form_event_sessions (
        procedure_id TEXT NOT NULL,
        session TEXT NOT NULL,
        day TEXT NOT NULL,
        started_at TEXT NOT NULL,
        left_at TEXT,
        submitted INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (procedure_id, session)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX form_event_sessions_started ON form_event_sessions(started_at);
      CREATE TABLE form_event_marks (
        procedure_id TEXT NOT NULL,
        session TEXT NOT NULL,
        mark TEXT NOT NULL,
        PRIMARY KEY (procedure_id, session, mark)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE form_event_counts (
        procedure_id TEXT NOT NULL,
        day TEXT NOT NULL,
        metric TEXT NOT NULL,
        pointer TEXT NOT NULL,
        code TEXT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (procedure_id, day, metric, pointer, code)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 8,
    description: 'retention: when each application became terminal, when it was purged, and which idempotency record its submission left',
    sql: `
      ALTER TABLE applications ADD COLUMN terminal_at TEXT;
      ALTER TABLE applications ADD COLUMN purged_at TEXT;
      ALTER TABLE applications ADD COLUMN idempotency_client_id TEXT;
      ALTER TABLE applications ADD COLUMN idempotency_key TEXT;
      ALTER TABLE certificates ADD COLUMN purged_at TEXT;
      UPDATE applications SET terminal_at = (SELECT at FROM timeline WHERE application_id = applications.id ORDER BY seq DESC LIMIT 1)
        WHERE status IN ('completed', 'rejected', 'failed', 'issued', 'picked-up', 'expired')
          AND status = (SELECT status FROM timeline WHERE application_id = applications.id ORDER BY seq DESC LIMIT 1);
      CREATE INDEX applications_retention ON applications(procedure_id, terminal_at, id) WHERE terminal_at IS NOT NULL AND purged_at IS NULL;
    `,
  },
  {
    version: 9,
    description: 'audit trail: the hash-chained entries (append-only), the signed daily checkpoints, and dead-letter actions waiting for a second person',
    sql: `
      CREATE TABLE audit_entries (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor_kind TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        actor_role TEXT NOT NULL,
        action TEXT NOT NULL,
        target_type TEXT NOT NULL,
        target_id TEXT NOT NULL,
        reason TEXT,
        prev_hash TEXT NOT NULL UNIQUE,
        hash TEXT NOT NULL
      ) STRICT;
      CREATE INDEX audit_entries_at ON audit_entries (at);
      CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
        BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
      CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
        BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
      CREATE TABLE audit_checkpoints (
        day TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        hash TEXT NOT NULL,
        signed_at TEXT NOT NULL,
        signature TEXT NOT NULL
      ) STRICT;
      CREATE TABLE dead_letter_requests (
        job_id TEXT PRIMARY KEY REFERENCES jobs (id),
        action TEXT NOT NULL CHECK (action IN ('replay', 'discard')),
        reason TEXT,
        requested_by_kind TEXT NOT NULL,
        requested_by_id TEXT NOT NULL,
        requested_by_role TEXT NOT NULL,
        requested_at TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 10,
    description: 'reviews: one per application, with the queue columns (ward, procedure, state, overdue) in (createdAt, id) order',
    sql: `
      CREATE TABLE reviews (
        application_id TEXT PRIMARY KEY REFERENCES applications(id),
        procedure_id TEXT NOT NULL,
        ward TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('open', 'claimed', 'approved', 'rejected', 'returned')),
        overdue INTEGER NOT NULL CHECK (overdue IN (0, 1)),
        version INTEGER NOT NULL,
        record TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX reviews_queue ON reviews(ward, created_at, application_id);
      CREATE INDEX reviews_by_age ON reviews(created_at, application_id);
    `,
  },
  {
    version: 11,
    description: 'staff sign-ins in progress and staff sessions, by the hash of their cookie token',
    sql: `
      CREATE TABLE staff_sign_ins (
        id TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        nonce TEXT NOT NULL,
        code_verifier TEXT NOT NULL,
        return_to TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX staff_sign_ins_by_expiry ON staff_sign_ins(expires_at);
      CREATE TABLE staff_sessions (
        id TEXT PRIMARY KEY,
        staff_id TEXT NOT NULL,
        name TEXT NOT NULL,
        roles TEXT NOT NULL,
        wards TEXT NOT NULL,
        csrf_token TEXT NOT NULL,
        created_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        idle_expires_at TEXT NOT NULL,
        absolute_expires_at TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX staff_sessions_by_idle_end ON staff_sessions(idle_expires_at);
      CREATE INDEX staff_sessions_by_absolute_end ON staff_sessions(absolute_expires_at);
    `,
  },
  {
    version: 12,
    description: 'attachments: upload metadata, the unreferenced ones by expiry',
    sql: `
      CREATE TABLE attachments (
        id TEXT PRIMARY KEY,
        client_id TEXT NOT NULL,
        procedure_id TEXT NOT NULL,
        pointer TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        media_type TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        referenced_by TEXT
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX attachments_unreferenced_by_expiry ON attachments(expires_at) WHERE referenced_by IS NULL;
      CREATE INDEX attachments_by_digest ON attachments(sha256);
    `,
  },
  WEBHOOK_MIGRATION,
  {
    version: 14,
    description: 'prefill challenges, by the hash of the challenge: the client, expiry and when it was used',
    sql: `
      CREATE TABLE prefill_challenges (
        id TEXT PRIMARY KEY,
        client_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        forget_at TEXT NOT NULL,
        used_at TEXT
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX prefill_challenges_by_forget ON prefill_challenges(forget_at);
    `,
  },
  {
    version: 15,
    description: 'operational statistics: applications by when they were received, deliveries by their latest change',
    sql: `
      CREATE INDEX applications_by_created_at ON applications(created_at);
      CREATE INDEX deliveries_by_updated_at ON deliveries(updated_at);
    `,
  },
];

/**
 * Brings the database up to the newest migration, each one in its own
 * transaction together with its `user_version` bump, so a crash mid-way leaves
 * the file at the last completed version. Refuses a database written by newer
 * code: running old code against it could corrupt data it does not understand.
 */
export function applyMigrations(db: Database.Database, file: string, migrations: readonly Migration[] = MIGRATIONS, logger?: Logger): void {
  const latest = migrations.at(-1)?.version ?? 0;
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latest) {
    throw new ConfigurationError(
      `database schema version ${current} is newer than the newest version this code knows (${latest}); upgrade the gateway`,
      { file },
    );
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      // Another process may have migrated between our read and this write lock.
      if ((db.pragma('user_version', { simple: true }) as number) >= migration.version) return;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
    logger?.info({ version: migration.version, description: migration.description }, 'store schema migrated');
  }
}
