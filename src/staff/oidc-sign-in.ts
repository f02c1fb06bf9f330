import * as oidc from 'openid-client';
import { isStaffRole, type StaffMember } from './roles.js';
import type { StaffOidcConfig } from './staff-config.js';
import { findWard } from './wards.js';

/** Why a sign-in callback was refused; the console shows a page for each. Never carries personal data. */
export type SignInRefusal = 'provider-refused' | 'callback-invalid' | 'no-staff-role';

export class SignInRefusedError extends Error {
  constructor(
    readonly reason: SignInRefusal,
    detail: string,
    options: { cause?: unknown } = {},
  ) {
    super(detail, options);
    this.name = 'SignInRefusedError';
  }
}

/** The identity provider could not be reached or answered nonsense: the sign-in may work later. */
export class SignInUnavailableError extends Error {
  constructor(options: { cause?: unknown } = {}) {
    super('the identity provider cannot be reached', options);
    this.name = 'SignInUnavailableError';
  }
}

/** What one sign-in attempt must prove on the way back: kept server-side meanwhile. */
export interface SignInChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

function isLoopback(url: URL): boolean {
  return url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
}

/**
 * The console's OpenID Connect client (openid-client): authorization code
 * flow with PKCE (S256), state and nonce. The provider's metadata is read on
 * the first sign-in (and again after a failure), so the gateway starts while
 * the provider is down. Plain http is accepted only for a provider on this
 * machine (the dev profile's bundled one).
 */
export class StaffSignInClient {
  #configuration: Promise<oidc.Configuration> | undefined;

  constructor(private readonly settings: StaffOidcConfig) {}

  static newChecks(): SignInChecks {
    return { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier() };
  }

  /** Where to send the browser to sign in. */
  async authorizationUrl(checks: SignInChecks): Promise<URL> {
    const configuration = await this.configuration();
    return oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.settings.redirectUri,
      scope: 'openid profile',
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
    });
  }

  /**
   * Redeems the callback's code (once: the provider refuses a code used
   * before) and checks state, nonce and the PKCE verifier; returns the staff
   * member the ID token names. `search` is the callback's query string.
   */
  async finish(search: string, checks: SignInChecks): Promise<StaffMember> {
    const configuration = await this.configuration();
    const callbackUrl = new URL(this.settings.redirectUri);
    callbackUrl.search = search;
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        pkceCodeVerifier: checks.codeVerifier,
        idTokenExpected: true,
      });
    } catch (error) {
      if (error instanceof oidc.AuthorizationResponseError) throw new SignInRefusedError('provider-refused', `the identity provider refused: ${error.error}`, { cause: error });
      if (error instanceof oidc.ResponseBodyError) throw new SignInRefusedError('callback-invalid', `the provider refused the code: ${error.error}`, { cause: error });
      if (error instanceof oidc.ClientError) throw new SignInRefusedError('callback-invalid', `the sign-in response does not check out: ${failedCheck(error)}`, { cause: error });
      throw new SignInUnavailableError({ cause: error });
    }
    return staffMemberOf(tokens.claims());
  }

  private configuration(): Promise<oidc.Configuration> {
    if (!this.#configuration) {
      const issuer = new URL(this.settings.issuer);
      const options = issuer.protocol === 'http:' && isLoopback(issuer) ? { execute: [oidc.allowInsecureRequests] } : {};
      this.#configuration = oidc
        .discovery(issuer, this.settings.clientId, undefined, oidc.ClientSecretBasic(this.settings.clientSecret), options)
        .catch((error: unknown) => {
          this.#configuration = undefined;
          throw new SignInUnavailableError({ cause: error });
        });
    }
    return this.#configuration;
  }
}

/** Which check a ClientError of the callback names (e.g. the `nonce` claim), without any value. */
function failedCheck(error: oidc.ClientError): string {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    const claim = (current.cause as { claim?: unknown } | undefined)?.claim;
    if (typeof claim === 'string') return `${error.message} (the ${claim} claim)`;
  }
  return error.message;
}

/** The staff member of an ID token: known roles only, known wards only; at least one role. */
function staffMemberOf(claims: oidc.IDToken | undefined): StaffMember {
  if (!claims) throw new SignInRefusedError('callback-invalid', 'the provider sent no ID token');
  const roles = Array.isArray(claims.roles) ? claims.roles.filter(isStaffRole) : [];
  if (roles.length === 0) throw new SignInRefusedError('no-staff-role', 'the ID token names no staff role');
  const wards = Array.isArray(claims.wards) ? claims.wards.filter((ward): ward is string => typeof ward === 'string' && findWard(ward) !== undefined) : [];
  const name = typeof claims.name === 'string' && claims.name.length > 0 ? claims.name.slice(0, 100) : claims.sub;
  return { id: claims.sub, name, roles: [...new Set(roles)], wards: [...new Set(wards)] };
}
