import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { auditDayAsJsonLines, readAuditDay } from '../audit/audit-day.js';
import { createCheckpointSignatureCheck } from '../audit/checkpoint-signature.js';
import { verifyAuditTrail } from '../audit/verify-audit.js';
import { loadConfig, type Config } from '../config.js';
import { devIssuanceConfig } from '../issuance/issuance-config.js';
import { loadTrustAnchors } from '../issuance/sign/certificate-signer.js';
import { createLogger } from '../logger.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/types.js';
import type { CliIo } from './io.js';

/** The city root that checkpoint signatures chain to: `--trust-anchor`, else the issuance configuration (the dev PKI's in the dev profile). */
function trustAnchorFileOf(config: Config, option: string | undefined): string {
  if (option !== undefined) return option;
  if (config.issuance) return config.issuance.trustAnchorFile;
  return devIssuanceConfig(config.devPki.directory, 'http://localhost:8080').trustAnchorFile;
}

async function withStore<T>(config: Config, io: CliIo, use: (store: Store) => Promise<T>): Promise<T | 2> {
  if (config.store.kind === 'sqlite' && !existsSync(config.store.path)) {
    io.stderr(`no store at ${config.store.path} (set KAKEHASHI_SQLITE_PATH, KAKEHASHI_REDIS_URL or KAKEHASHI_POSTGRES_URL as for the gateway)\n`);
    return 2;
  }
  const store = await openStore(config.store, createLogger({ level: 'silent' }));
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

/**
 * `audit verify [--trust-anchor city-root.pem]`: checks the audit trail's chain and signed
 * checkpoints in the configured store (the gateway's configuration: KAKEHASHI_SQLITE_PATH,
 * KAKEHASHI_REDIS_URL, KAKEHASHI_POSTGRES_URL, KAKEHASHI_CONFIG …). Exit 0 when it holds, 1 naming the first broken entry.
 *
 * `audit export --day YYYY-MM-DD`: the day's entries (JST) and its checkpoint as JSON Lines.
 */
export async function runAuditCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: { day: { type: 'string' }, 'trust-anchor': { type: 'string' } }, strict: true });
  const config = loadConfig(process.env);
  if (sub === 'verify') {
    const checkSignature = createCheckpointSignatureCheck(await loadTrustAnchors(trustAnchorFileOf(config, values['trust-anchor'])));
    return withStore(config, io, async (store) => {
      const result = await verifyAuditTrail(store, checkSignature);
      const pending = result.pendingDays.length > 0 ? `; not yet checkpointed: ${result.pendingDays.join(', ')}` : '';
      if (result.findings.length === 0) {
        io.stdout(`audit trail intact: ${result.entries} entries, ${result.checkpoints} signed checkpoints${pending}\n`);
        return 0;
      }
      const first = result.findings[0]!;
      io.stdout(first.seq !== undefined ? `audit trail broken at entry ${first.seq}: ${first.problem}\n` : `audit trail broken on ${first.day}: ${first.problem}\n`);
      for (const finding of result.findings.slice(1)) io.stdout(`  also: ${finding.problem}\n`);
      return 1;
    });
  }
  if (sub === 'export') {
    const day = values.day;
    if (day === undefined) {
      io.stderr('audit export needs --day YYYY-MM-DD (a JST calendar day)\n');
      return 2;
    }
    return withStore(config, io, async (store) => {
      const found = await readAuditDay(store, day);
      if (!found) {
        io.stderr(`--day ${day}: not a calendar day in the form YYYY-MM-DD\n`);
        return 2;
      }
      io.stdout(auditDayAsJsonLines(found));
      return 0;
    });
  }
  io.stderr('usage: audit verify [--trust-anchor FILE] | audit export --day YYYY-MM-DD\n');
  return 2;
}
