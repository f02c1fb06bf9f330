/**
 * The bundled simulators in a process of their own, for tests that kill
 * gateway processes: the simulators' ledgers (what each core system did)
 * survive the gateways' deaths, so a test can count every effect once at
 * the end. Started by `start-simulators-process.ts`; takes its settings as
 * JSON in SIMULATORS_SETTINGS and prints one JSON line with the addresses.
 * GET <ledger>/ledger answers what each system did, by message id.
 */
import { createServer } from 'node:http';
import { join } from 'node:path';
import { startConvenienceStoreSimulator } from '../../../adapters/convenience-store/simulator/index.js';
import { startPaymentSimulator } from '../../../adapters/payment/simulator/index.js';
import { startResidentRegistrySimulator } from '../../../adapters/resident-registry/simulator/index.js';
import { startTaxSimulator } from '../../../adapters/tax/simulator/index.js';
import { startWelfareSimulator } from '../../../adapters/welfare/simulator/index.js';
import { listenOn } from '../../../adapters/simulator-http/listen.js';
import { DEV_CALLBACK_SECRETS, DEV_PAYMENT_API_KEY, DEV_STORE_NETWORK_API_KEY } from '../../../src/dev/dev-environment.js';
import { messageIdsOfRequestFiles } from '../../adapters/tax/helpers.js';
import type { SimulatorsLedger, SimulatorsSettings } from './settings.js';

const settings = JSON.parse(process.env.SIMULATORS_SETTINGS ?? '{}') as SimulatorsSettings;

const payment = await startPaymentSimulator({ apiKey: DEV_PAYMENT_API_KEY });
const registry = await startResidentRegistrySimulator({});
const welfare = await startWelfareSimulator({
  callbackSecret: DEV_CALLBACK_SECRETS['welfare']!,
  callbackUrl: settings.welfareCallbackUrl,
  callbackDelayMs: settings.welfareCallbackDelayMs,
  // long enough to outlast the restart of the gateway the callbacks go to
  callbackRetry: { attempts: 12, baseDelayMs: 250, timeoutMs: 3_000 },
});
const tax = await startTaxSimulator({ exchangeDirectory: settings.taxExchangeDirectory, pollIntervalMs: settings.taxPollIntervalMs });
const stores = await startConvenienceStoreSimulator({ apiKey: DEV_STORE_NETWORK_API_KEY, storeKey: 'dev-store-key', callbackSecret: DEV_CALLBACK_SECRETS['convenience-store']! });

async function ledger(): Promise<SimulatorsLedger> {
  return {
    registryNotices: registry.movingOutReceipts().map((receipt) => receipt.messageId),
    welfareImports: welfare.imports().map((item) => item.messageId),
    welfareCallbacks: welfare.callbacks().filter((attempt) => attempt.status >= 200 && attempt.status < 300).map((attempt) => attempt.messageId),
    taxRequestLines: await messageIdsOfRequestFiles(join(settings.taxExchangeDirectory, 'processed')),
    storePickups: stores.pickups().map((pickup) => pickup.request.requestId),
  };
}

const server = createServer((request, response) => {
  if (request.url !== '/ledger') return void response.writeHead(404).end();
  ledger().then(
    (body) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body)),
    (error: unknown) => response.writeHead(500).end(String(error)),
  );
});
const ledgerUrl = await listenOn(server, {});

process.stdout.write(
  `${JSON.stringify({ ready: true, payment: payment.url, residentRegistry: registry.url, welfare: welfare.url, convenienceStore: stores.url, ledgerUrl })}\n`,
);
process.on('SIGTERM', () => {
  void Promise.all([payment.close(), registry.close(), welfare.close(), tax.close(), stores.close()]).finally(() => process.exit(0));
});
