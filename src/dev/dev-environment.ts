import { startPaymentSimulator } from '../../adapters/payment/simulator/index.js';
import { simulatorsEnabled, type Config } from '../config.js';
import type { Logger } from '../logger.js';
import { ensureDevPki, type DevPki } from '../pki/dev-pki/ensure-dev-pki.js';

/** The bearer key of the bundled payment simulator (dev profile only). */
export const DEV_PAYMENT_API_KEY = 'dev-payment-provider-key';
/** The provider name frontends use with the bundled payment simulator. */
export const DEV_PAYMENT_PROVIDER = 'dev-card';

/** What the dev profile adds to a gateway: the dev PKI and the bundled simulators. */
export interface DevEnvironment {
  /** The dev PKI, when no trust anchors are configured (dev profile only). */
  pki: DevPki | undefined;
  /** Payment providers to use: the configured ones, plus the simulator when it runs. */
  paymentProviders: Config['payment']['providers'];
  close(): Promise<void>;
}

/**
 * Starts what the dev profile needs beyond configuration: the dev PKI (made on
 * the first run under `devPki.directory`) and, when simulators are enabled, the
 * bundled simulators on 127.0.0.1. Each says in the log where it runs.
 */
export async function startDevEnvironment(config: Config, logger: Logger): Promise<DevEnvironment> {
  const closers: (() => Promise<void>)[] = [];
  let pki: DevPki | undefined;
  if (config.profile === 'dev' && config.pki.trustAnchorFiles.length === 0) {
    pki = await ensureDevPki({ directory: config.devPki.directory, residentsFile: config.devPki.residentsFile, logger });
    logger.info({ directory: config.devPki.directory }, 'dev PKI in use: TEST certificates only');
  }
  const paymentProviders = { ...config.payment.providers };
  if (simulatorsEnabled(config)) {
    const payment = await startPaymentSimulator({ port: config.simulators.paymentPort, apiKey: DEV_PAYMENT_API_KEY });
    closers.push(() => payment.close());
    paymentProviders[DEV_PAYMENT_PROVIDER] ??= { baseUrl: payment.url, apiKey: DEV_PAYMENT_API_KEY, timeoutMs: 5000 };
    logger.info({ simulator: 'payment', url: payment.url, provider: DEV_PAYMENT_PROVIDER }, 'payment provider simulator started');
  }
  return {
    pki,
    paymentProviders,
    close: async () => {
      await Promise.all(closers.map((close) => close()));
    },
  };
}
