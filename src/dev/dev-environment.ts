import { startConvenienceStoreSimulator, type ConvenienceStoreSimulator } from '../../adapters/convenience-store/simulator/index.js';
import { startPaymentSimulator } from '../../adapters/payment/simulator/index.js';
import { startResidentRegistrySimulator } from '../../adapters/resident-registry/simulator/index.js';
import { startTaxSimulator } from '../../adapters/tax/simulator/index.js';
import { startWelfareSimulator } from '../../adapters/welfare/simulator/index.js';
import { simulatorsEnabled, type Config } from '../config.js';
import type { GatewayEnvironment } from '../gateway-environment.js';
import { devIssuanceConfig } from '../issuance/issuance-config.js';
import type { Logger } from '../logger.js';
import { ensureDevPki } from '../pki/dev-pki/ensure-dev-pki.js';
import { taxExchangeDirectory, type SimulatorAddresses } from '../systems/resolve-options.js';
import { DEV_STAFF_CLIENT } from './identity-provider/dev-client.js';

/** The bearer key of the bundled payment simulator (dev profile only). */
export const DEV_PAYMENT_API_KEY = 'dev-payment-provider-key';
/** The key the gateway presents to the bundled convenience-store network simulator (dev profile only). */
export const DEV_STORE_NETWORK_API_KEY = 'dev-store-network-api-key';

/** HMAC secrets the bundled simulators sign their callbacks with (dev profile only). */
export const DEV_CALLBACK_SECRETS: Record<string, string> = {
  welfare: 'dev-welfare-callback-secret-not-for-production',
  'convenience-store': 'dev-store-callback-secret-not-for-production',
};

/** The provider name frontends use with the bundled payment simulator. */
export const DEV_PAYMENT_PROVIDER = 'dev-card';

/** What the dev profile adds to a gateway: the dev PKI and the bundled simulators' addresses, and the simulated store network. */
export interface DevEnvironment extends GatewayEnvironment {
  /** The simulated store network, when it runs: a demo or test presses "print" on it. */
  storeNetwork: ConvenienceStoreSimulator | undefined;
}

/**
 * Starts what the dev profile needs beyond configuration: the dev PKI (made on
 * the first run under `devPki.directory`) and, when simulators are enabled, the
 * bundled simulators on 127.0.0.1. Each says in the log where it runs. The
 * simulators keep the gateway's clock, so a gateway on a test clock meets
 * core systems that agree on what day it is.
 */
export async function startDevEnvironment(config: Config, logger: Logger, clock: () => Date = () => new Date()): Promise<DevEnvironment> {
  const closers: (() => Promise<void>)[] = [];
  const needsDevPki = config.profile === 'dev' && (config.pki.trustAnchorFiles.length === 0 || !config.issuance);
  const devPki = needsDevPki ? await ensureDevPki({ directory: config.devPki.directory, residentsFile: config.devPki.residentsFile, logger }) : undefined;
  if (devPki) logger.info({ directory: config.devPki.directory }, 'dev PKI in use: TEST certificates only');
  const pki = config.pki.trustAnchorFiles.length === 0 ? devPki : undefined;
  const simulators: SimulatorAddresses = { payment: {} };
  if (simulatorsEnabled(config)) {
    const payment = await startPaymentSimulator({ port: config.simulators.paymentPort, apiKey: DEV_PAYMENT_API_KEY, clock });
    closers.push(() => payment.close());
    simulators.payment[DEV_PAYMENT_PROVIDER] = { baseUrl: payment.url, apiKey: DEV_PAYMENT_API_KEY };
    logger.info({ simulator: 'payment', url: payment.url, provider: DEV_PAYMENT_PROVIDER }, 'payment provider simulator started');
  }
  const callbackSecrets = config.profile === 'dev' ? { ...DEV_CALLBACK_SECRETS, ...config.callbacks.secrets } : config.callbacks.secrets;
  const exchangeDirectory = taxExchangeDirectory(config);
  const gatewayUrl = config.publicBaseUrl ?? (config.port === 0 ? undefined : `http://127.0.0.1:${config.port}`);
  const issuance = config.issuance ?? (devPki ? devIssuanceConfig(config.devPki.directory, gatewayUrl ?? 'http://localhost:8080') : undefined);
  let storeNetwork: ConvenienceStoreSimulator | undefined;
  if (simulatorsEnabled(config)) {
    const { host } = config.simulators;
    const registry = await startResidentRegistrySimulator({ host, port: config.simulators.residentRegistryPort, residentsFile: config.devPki.residentsFile, now: clock, logger });
    closers.push(() => registry.close());
    simulators.residentRegistry = { baseUrl: registry.url };
    const welfare = await startWelfareSimulator({
      host,
      port: config.simulators.welfarePort,
      callbackSecret: callbackSecrets['welfare']!,
      ...(gatewayUrl ? { callbackUrl: gatewayUrl } : {}),
      now: clock,
      logger,
    });
    closers.push(() => welfare.close());
    simulators.welfare = { baseUrl: welfare.url };
    const tax = await startTaxSimulator({ exchangeDirectory, pollIntervalMs: config.systems.tax.pollIntervalMs, clock, logger });
    closers.push(() => tax.close());
    const stores = await startConvenienceStoreSimulator({
      port: config.simulators.convenienceStorePort,
      apiKey: DEV_STORE_NETWORK_API_KEY,
      storeKey: 'dev-store-key',
      callbackSecret: callbackSecrets['convenience-store']!,
      ...(gatewayUrl ? { gatewayUrl } : {}),
      clock,
    });
    closers.push(() => stores.close());
    storeNetwork = stores;
    simulators.convenienceStore = { baseUrl: stores.url, apiKey: DEV_STORE_NETWORK_API_KEY };
    logger.info(
      { residentRegistry: registry.url, welfare: welfare.url, taxExchange: exchangeDirectory, convenienceStoreNetwork: stores.url },
      'simulators started (resident registry, tax, welfare, convenience-store network)',
    );
  }
  let staffOidc = config.staff.oidc;
  if (!staffOidc && simulatorsEnabled(config)) {
    // the console is opened at localhost (README); app.request() in tests uses http://localhost too
    const consoleBase = config.publicBaseUrl ?? (config.port === 0 ? 'http://localhost' : `http://localhost:${config.port}`);
    const redirectUri = `${consoleBase.replace(/\/$/, '')}/console/callback`;
    // loaded only here: oidc-provider is a dev-profile dependency and says so on import
    const { startDevIdentityProvider } = await import('./identity-provider/start-identity-provider.js');
    const identityProvider = await startDevIdentityProvider({ host: config.simulators.host, port: config.simulators.identityProviderPort, redirectUri, logger });
    closers.push(() => identityProvider.close());
    staffOidc = { issuer: identityProvider.issuer, ...DEV_STAFF_CLIENT, redirectUri };
    logger.info({ simulator: 'identity-provider', issuer: identityProvider.issuer, console: `${consoleBase}/console` }, 'dev identity provider started: test staff sign in at the console');
  }
  return {
    pki,
    simulators,
    callbackSecrets,
    issuance,
    storeNetwork,
    staffOidc,
    close: async () => {
      await Promise.all(closers.map((close) => close()));
    },
  };
}
