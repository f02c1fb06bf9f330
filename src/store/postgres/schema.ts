import type { PostgresMigration } from './migrations.js';

/**
 * The PostgreSQL schema, as an ordered list of migrations. It mirrors the
 * SQLite schema's tables and columns (`../sqlite/migrations.ts`), so both
 * stores map rows with the same code: JSON columns are TEXT, and times are
 * the ISO-8601 UTC strings the caller passes, so text order (COLLATE "C") is
 * time order. Never edit a published migration: add the next one.
 */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    description: 'every table of the store, as the SQLite schema has them after its migration 15',
    sql: `
      CREATE TABLE applications (
        id TEXT COLLATE "C" PRIMARY KEY,
        procedure_id TEXT COLLATE "C" NOT NULL,
        client_id TEXT COLLATE "C" NOT NULL,
        status TEXT NOT NULL,
        form TEXT NOT NULL,
        identity TEXT,
        payment TEXT,
        issuance TEXT,
        access_token_hash TEXT NOT NULL,
        created_at TEXT COLLATE "C" NOT NULL,
        updated_at TEXT COLLATE "C" NOT NULL,
        terminal_at TEXT COLLATE "C",
        purged_at TEXT COLLATE "C",
        idempotency_client_id TEXT,
        idempotency_key TEXT
      );
      CREATE INDEX applications_retention ON applications(procedure_id, terminal_at, id) WHERE terminal_at IS NOT NULL AND purged_at IS NULL;
      CREATE INDEX applications_by_created_at ON applications(created_at);

      CREATE TABLE timeline (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        application_id TEXT COLLATE "C" NOT NULL REFERENCES applications(id),
        status TEXT NOT NULL,
        at TEXT COLLATE "C" NOT NULL,
        source TEXT NOT NULL,
        detail TEXT NOT NULL
      );
      CREATE INDEX timeline_by_application ON timeline(application_id, seq);

      CREATE TABLE claims (
        kind TEXT COLLATE "C" NOT NULL,
        key TEXT COLLATE "C" NOT NULL,
        application_id TEXT COLLATE "C" NOT NULL REFERENCES applications(id),
        PRIMARY KEY (kind, key)
      );

      CREATE TABLE idempotency (
        client_id TEXT COLLATE "C" NOT NULL,
        key TEXT COLLATE "C" NOT NULL,
        request_hash TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('in-flight', 'completed')),
        response TEXT,
        created_at TEXT COLLATE "C" NOT NULL,
        expires_at TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (client_id, key)
      );
      CREATE INDEX idempotency_by_expiry ON idempotency(expires_at);

      CREATE TABLE jobs (
        id TEXT COLLATE "C" PRIMARY KEY,
        application_id TEXT COLLATE "C" NOT NULL REFERENCES applications(id),
        step INTEGER NOT NULL,
        name TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('ready', 'leased', 'waiting', 'done', 'dead')),
        payload TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        run_at TEXT COLLATE "C" NOT NULL,
        lease_owner TEXT,
        lease_until TEXT COLLATE "C",
        last_error TEXT,
        correlation_key TEXT COLLATE "C",
        created_at TEXT COLLATE "C" NOT NULL,
        updated_at TEXT COLLATE "C" NOT NULL
      );
      CREATE INDEX jobs_claimable ON jobs(state, run_at, id);
      CREATE INDEX jobs_leases ON jobs(state, lease_until);
      CREATE INDEX jobs_by_owner ON jobs(lease_owner) WHERE state = 'leased';
      CREATE INDEX jobs_waiting_by_correlation ON jobs(correlation_key) WHERE state = 'waiting';
      CREATE INDEX jobs_dead ON jobs(state, updated_at, id);
      CREATE INDEX jobs_by_application ON jobs(application_id);

      -- seq: first-insert order, which listDeliveries keeps (SQLite's rowid).
      CREATE TABLE deliveries (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        application_id TEXT COLLATE "C" NOT NULL REFERENCES applications(id),
        system TEXT COLLATE "C" NOT NULL,
        message_id TEXT COLLATE "C" NOT NULL,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        last_error TEXT,
        updated_at TEXT COLLATE "C" NOT NULL,
        UNIQUE (application_id, system, message_id)
      );
      CREATE INDEX deliveries_by_updated_at ON deliveries(updated_at);

      CREATE TABLE certificates (
        id TEXT COLLATE "C" PRIMARY KEY,
        application_id TEXT COLLATE "C" NOT NULL REFERENCES applications(id),
        type TEXT NOT NULL,
        document TEXT NOT NULL,
        document_hash TEXT NOT NULL,
        signature TEXT NOT NULL,
        issued_at TEXT COLLATE "C" NOT NULL,
        revoked_at TEXT COLLATE "C",
        revocation_reason TEXT,
        purged_at TEXT COLLATE "C"
      );
      CREATE INDEX certificates_by_application ON certificates(application_id, issued_at);

      CREATE TABLE pickups (
        certificate_id TEXT COLLATE "C" PRIMARY KEY,
        code TEXT COLLATE "C" UNIQUE,
        application_id TEXT COLLATE "C" NOT NULL REFERENCES applications(id),
        request_id TEXT NOT NULL,
        certificate_type TEXT NOT NULL,
        copies INTEGER NOT NULL,
        fee INTEGER NOT NULL,
        expires_at TEXT COLLATE "C" NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'requested', 'fetched', 'printed', 'expired')),
        not_before TEXT COLLATE "C" NOT NULL,
        fetched_at TEXT COLLATE "C",
        created_at TEXT COLLATE "C" NOT NULL,
        updated_at TEXT COLLATE "C" NOT NULL
      );
      CREATE INDEX pickups_due ON pickups(status, not_before, certificate_id);
      -- Unique (SQLite checks before it writes): two processes saving one pickup number for two certificates cannot both succeed.
      CREATE UNIQUE INDEX pickups_by_number ON pickups(substr(code, 1, 8));

      CREATE TABLE pickup_locks (
        certificate_id TEXT COLLATE "C" PRIMARY KEY REFERENCES pickups(certificate_id),
        wrong_check_parts INTEGER NOT NULL CHECK (wrong_check_parts >= 0),
        locked_at TEXT COLLATE "C"
      );

      CREATE TABLE store_probe (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        written_at TEXT NOT NULL
      );

      CREATE TABLE callback_receipts (
        system TEXT COLLATE "C" NOT NULL,
        receipt_id TEXT COLLATE "C" NOT NULL,
        received_at TEXT COLLATE "C" NOT NULL,
        keep_until TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (system, receipt_id)
      );
      CREATE INDEX callback_receipts_expiry ON callback_receipts(keep_until);

      CREATE TABLE form_event_sessions (
        procedure_id TEXT COLLATE "C" NOT NULL,
        session TEXT COLLATE "C" NOT NULL,
        day TEXT COLLATE "C" NOT NULL,
        started_at TEXT COLLATE "C" NOT NULL,
        left_at TEXT COLLATE "C",
        submitted INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (procedure_id, session)
      );
      CREATE INDEX form_event_sessions_started ON form_event_sessions(started_at);

      CREATE TABLE form_event_marks (
        procedure_id TEXT COLLATE "C" NOT NULL,
        session TEXT COLLATE "C" NOT NULL,
        mark TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (procedure_id, session, mark)
      );

      CREATE TABLE form_event_counts (
        procedure_id TEXT COLLATE "C" NOT NULL,
        day TEXT COLLATE "C" NOT NULL,
        metric TEXT COLLATE "C" NOT NULL,
        pointer TEXT COLLATE "C" NOT NULL,
        code TEXT COLLATE "C" NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (procedure_id, day, metric, pointer, code)
      );

      CREATE TABLE audit_entries (
        seq BIGINT PRIMARY KEY,
        at TEXT COLLATE "C" NOT NULL,
        actor_kind TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        actor_role TEXT NOT NULL,
        action TEXT NOT NULL,
        target_type TEXT NOT NULL,
        target_id TEXT NOT NULL,
        reason TEXT,
        prev_hash TEXT NOT NULL UNIQUE,
        hash TEXT NOT NULL
      );
      CREATE INDEX audit_entries_at ON audit_entries (at);
      CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit entries are append-only'; END;
      $$;
      CREATE TRIGGER audit_entries_no_update BEFORE UPDATE OR DELETE ON audit_entries
        FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();

      CREATE TABLE audit_checkpoints (
        day TEXT COLLATE "C" PRIMARY KEY,
        seq BIGINT NOT NULL,
        hash TEXT NOT NULL,
        signed_at TEXT NOT NULL,
        signature TEXT NOT NULL
      );

      CREATE TABLE dead_letter_requests (
        job_id TEXT COLLATE "C" PRIMARY KEY REFERENCES jobs (id),
        action TEXT NOT NULL CHECK (action IN ('replay', 'discard')),
        reason TEXT,
        requested_by_kind TEXT NOT NULL,
        requested_by_id TEXT NOT NULL,
        requested_by_role TEXT NOT NULL,
        requested_at TEXT COLLATE "C" NOT NULL
      );

      CREATE TABLE reviews (
        application_id TEXT COLLATE "C" PRIMARY KEY REFERENCES applications(id),
        procedure_id TEXT COLLATE "C" NOT NULL,
        ward TEXT COLLATE "C" NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('open', 'claimed', 'approved', 'rejected', 'returned')),
        overdue INTEGER NOT NULL CHECK (overdue IN (0, 1)),
        version INTEGER NOT NULL,
        record TEXT NOT NULL,
        created_at TEXT COLLATE "C" NOT NULL
      );
      CREATE INDEX reviews_queue ON reviews(ward, created_at, application_id);
      CREATE INDEX reviews_by_age ON reviews(created_at, application_id);

      CREATE TABLE staff_sign_ins (
        id TEXT COLLATE "C" PRIMARY KEY,
        state TEXT NOT NULL,
        nonce TEXT NOT NULL,
        code_verifier TEXT NOT NULL,
        return_to TEXT NOT NULL,
        created_at TEXT COLLATE "C" NOT NULL,
        expires_at TEXT COLLATE "C" NOT NULL
      );
      CREATE INDEX staff_sign_ins_by_expiry ON staff_sign_ins(expires_at);

      CREATE TABLE staff_sessions (
        id TEXT COLLATE "C" PRIMARY KEY,
        staff_id TEXT NOT NULL,
        name TEXT NOT NULL,
        roles TEXT NOT NULL,
        wards TEXT NOT NULL,
        csrf_token TEXT NOT NULL,
        created_at TEXT COLLATE "C" NOT NULL,
        last_seen_at TEXT COLLATE "C" NOT NULL,
        idle_expires_at TEXT COLLATE "C" NOT NULL,
        absolute_expires_at TEXT COLLATE "C" NOT NULL
      );
      CREATE INDEX staff_sessions_by_idle_end ON staff_sessions(idle_expires_at);
      CREATE INDEX staff_sessions_by_absolute_end ON staff_sessions(absolute_expires_at);

      CREATE TABLE attachments (
        id TEXT COLLATE "C" PRIMARY KEY,
        client_id TEXT COLLATE "C" NOT NULL,
        procedure_id TEXT COLLATE "C" NOT NULL,
        pointer TEXT NOT NULL,
        sha256 TEXT COLLATE "C" NOT NULL,
        size BIGINT NOT NULL,
        media_type TEXT NOT NULL,
        created_at TEXT COLLATE "C" NOT NULL,
        expires_at TEXT COLLATE "C" NOT NULL,
        referenced_by TEXT COLLATE "C"
      );
      CREATE INDEX attachments_unreferenced_by_expiry ON attachments(expires_at) WHERE referenced_by IS NULL;
      CREATE INDEX attachments_by_digest ON attachments(sha256);

      CREATE TABLE webhook_clients (client_id TEXT COLLATE "C" PRIMARY KEY);

      CREATE TABLE webhook_deliveries (
        webhook_id TEXT COLLATE "C" PRIMARY KEY,
        seq BIGINT NOT NULL,
        application_id TEXT COLLATE "C" NOT NULL,
        client_id TEXT COLLATE "C" NOT NULL,
        procedure_id TEXT COLLATE "C" NOT NULL,
        status TEXT NOT NULL,
        at TEXT COLLATE "C" NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        last_status_code INTEGER,
        last_error TEXT,
        next_attempt_at TEXT COLLATE "C",
        delivered_at TEXT COLLATE "C"
      );
      CREATE INDEX webhook_deliveries_by_application ON webhook_deliveries(application_id, seq);
      CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_attempt_at) WHERE state = 'pending';

      -- Every status change of a webhook client's application enqueues one delivery, in the same transaction as the timeline entry.
      CREATE FUNCTION timeline_enqueues_webhook() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF EXISTS (SELECT 1 FROM applications a JOIN webhook_clients w ON w.client_id = a.client_id WHERE a.id = NEW.application_id)
             AND NEW.status IS DISTINCT FROM (SELECT status FROM timeline WHERE application_id = NEW.application_id AND seq < NEW.seq ORDER BY seq DESC LIMIT 1)
          THEN
            INSERT INTO webhook_deliveries (webhook_id, seq, application_id, client_id, procedure_id, status, at, state, next_attempt_at)
              SELECT 'msg_' || NEW.application_id || '_' || NEW.seq, NEW.seq, a.id, a.client_id, a.procedure_id, NEW.status, NEW.at, 'pending', NEW.at
              FROM applications a WHERE a.id = NEW.application_id
              ON CONFLICT (webhook_id) DO NOTHING;
          END IF;
          RETURN NULL;
        END;
      $$;
      CREATE TRIGGER timeline_enqueues_webhook AFTER INSERT ON timeline
        FOR EACH ROW EXECUTE FUNCTION timeline_enqueues_webhook();

      CREATE TABLE prefill_challenges (
        id TEXT COLLATE "C" PRIMARY KEY,
        client_id TEXT COLLATE "C" NOT NULL,
        created_at TEXT COLLATE "C" NOT NULL,
        expires_at TEXT COLLATE "C" NOT NULL,
        forget_at TEXT COLLATE "C" NOT NULL,
        used_at TEXT COLLATE "C"
      );
      CREATE INDEX prefill_challenges_by_forget ON prefill_challenges(forget_at);
    `,
  },
  {
    version: 2,
    description: 'rate-limit buckets shared by every gateway process',
    sql: `
      -- One GCRA bucket per row (see src/rate-limit/gcra.ts): its theoretical arrival time in ms since the epoch.
      CREATE TABLE rate_buckets (
        bucket TEXT COLLATE "C" PRIMARY KEY,
        tat_ms DOUBLE PRECISION NOT NULL
      );

      -- Decides one request on the server's clock, so processes with skewed clocks share one fair bucket; the row lock orders takers.
      CREATE FUNCTION rate_take(p_bucket TEXT, p_interval DOUBLE PRECISION, p_burst INTEGER,
          OUT allowed BOOLEAN, OUT remaining INTEGER, OUT retry_after_ms DOUBLE PRECISION, OUT reset_ms DOUBLE PRECISION)
        LANGUAGE plpgsql AS $$
        DECLARE
          now_ms DOUBLE PRECISION := extract(epoch FROM clock_timestamp()) * 1000;
          tat DOUBLE PRECISION;
          cur DOUBLE PRECISION;
          allow_at DOUBLE PRECISION;
        BEGIN
          SELECT b.tat_ms INTO tat FROM rate_buckets b WHERE b.bucket = p_bucket FOR UPDATE;
          IF NOT FOUND THEN
            INSERT INTO rate_buckets (bucket, tat_ms) VALUES (p_bucket, 0) ON CONFLICT (bucket) DO NOTHING;
            SELECT b.tat_ms INTO tat FROM rate_buckets b WHERE b.bucket = p_bucket FOR UPDATE;
          END IF;
          cur := greatest(tat, now_ms);
          allow_at := cur + p_interval - p_interval * p_burst;
          IF now_ms < allow_at THEN
            allowed := false; remaining := 0; retry_after_ms := allow_at - now_ms; reset_ms := cur - now_ms;
            RETURN;
          END IF;
          UPDATE rate_buckets SET tat_ms = cur + p_interval WHERE bucket = p_bucket;
          allowed := true; remaining := floor((now_ms - allow_at) / p_interval); retry_after_ms := 0; reset_ms := cur + p_interval - now_ms;
        END;
      $$;
    `,
  },
  {
    version: 3,
    description: 'circuit-breaker states shared by every gateway process',
    sql: `
      -- One row per core system: its breaker opened at opened_at_ms (null: closed), as of changed_at_ms; the latest change wins.
      CREATE TABLE circuit_breakers (
        system TEXT COLLATE "C" PRIMARY KEY,
        opened_at_ms DOUBLE PRECISION,
        changed_at_ms DOUBLE PRECISION NOT NULL
      );
    `,
  },
  {
    version: 4,
    description: 'file-batch exchange journals (the tax exchange) and the lease of the process that owns each exchange',
    sql: `
      -- The process that owns an exchange directory until expires_at (judged by this server's clock); token grows at every change of owner.
      CREATE TABLE exchange_leases (
        exchange TEXT COLLATE "C" PRIMARY KEY,
        owner TEXT NOT NULL,
        token BIGINT NOT NULL,
        expires_at TIMESTAMPTZ NOT NULL
      );
      -- Messages accepted for a batch; batch_file is set once a batch holds them, and they stay known until it is forgotten.
      CREATE TABLE exchange_messages (
        exchange TEXT COLLATE "C" NOT NULL,
        message_id TEXT COLLATE "C" NOT NULL,
        arrival BIGSERIAL,
        accepted_at TEXT NOT NULL,
        message JSONB NOT NULL,
        batch_file TEXT COLLATE "C",
        PRIMARY KEY (exchange, message_id)
      );
      CREATE INDEX exchange_messages_waiting ON exchange_messages (exchange, arrival) WHERE batch_file IS NULL;
      CREATE INDEX exchange_messages_batch ON exchange_messages (exchange, batch_file) WHERE batch_file IS NOT NULL;
      CREATE TABLE exchange_batches (
        exchange TEXT COLLATE "C" NOT NULL,
        file_name TEXT COLLATE "C" NOT NULL,
        sequence INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        message_ids JSONB NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('writing', 'written')),
        written_by_token BIGINT NOT NULL,
        PRIMARY KEY (exchange, file_name)
      );
      CREATE TABLE exchange_results (
        exchange TEXT COLLATE "C" NOT NULL,
        file_name TEXT COLLATE "C" NOT NULL,
        sha256 TEXT COLLATE "C" NOT NULL,
        processed_at TEXT NOT NULL,
        resumed JSONB NOT NULL,
        PRIMARY KEY (exchange, file_name)
      );
      CREATE INDEX exchange_results_sha256 ON exchange_results (exchange, sha256);
      CREATE TABLE exchange_resumed (
        exchange TEXT COLLATE "C" NOT NULL,
        message_id TEXT COLLATE "C" NOT NULL,
        result_file TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (exchange, message_id)
      );
    `,
  },
];
