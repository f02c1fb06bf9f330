import type { Config } from './config.js';
import type { IssuanceConfig } from './issuance/issuance-config.js';
import type { DevPki } from './pki/dev-pki/ensure-dev-pki.js';
import type { StaffOidcConfig } from './staff/staff-config.js';
import type { SimulatorAddresses } from './systems/resolve-options.js';

/**
 * What the process's edge hands the gateway beyond configuration. In
 * production that is configuration alone ({@link configuredEnvironment}); the
 * dev profile's edge (src/dev/dev-environment.ts, loaded by main.ts only in
 * that profile) adds the dev PKI, the bundled simulators' addresses and the
 * dev identity provider. The gateway never imports the dev edge itself.
 */
export interface GatewayEnvironment {
  /** The dev PKI for JPKI signatures when no trust anchors are configured (dev profile only). */
  pki: DevPki | undefined;
  /** Where the bundled simulators listen (dev profile only): what configuration leaves out is taken from here. */
  simulators: SimulatorAddresses;
  /** Callback secrets by system: the configured ones, in the dev profile with the simulators' too. */
  callbackSecrets: Record<string, string>;
  /** Issuance: configured, or the dev PKI's test city. */
  issuance: IssuanceConfig | undefined;
  /** Staff sign-in: the configured provider, or the bundled one. */
  staffOidc: StaffOidcConfig | undefined;
  /** Stops what the edge started. */
  close(): Promise<void>;
}

/** The environment of a gateway that runs on configuration alone (the production profile). */
export function configuredEnvironment(config: Config): GatewayEnvironment {
  return {
    pki: undefined,
    simulators: { payment: {} },
    callbackSecrets: config.callbacks.secrets,
    issuance: config.issuance,
    staffOidc: config.staff.oidc,
    close: async () => {},
  };
}
