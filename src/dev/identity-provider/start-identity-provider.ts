import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { Logger } from '../../logger.js';
import { DEV_STAFF_CLIENT } from './dev-client.js';
import { findDevStaff } from './dev-staff.js';
import { memoryAdapterFactory } from './memory-adapter.js';
import { errorPage, signInPage } from './sign-in-page.js';


export interface DevIdentityProvider {
  /** The issuer URL, e.g. `http://127.0.0.1:8095`. */
  issuer: string;
  close(): Promise<void>;
}

export interface DevIdentityProviderOptions {
  host: string;
  port: number;
  /** The console's callback URL, the one redirect URI the client may use. */
  redirectUri: string;
  logger: Logger;
}

function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

function configuration(redirectUri: string): Configuration {
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  return {
    adapter: memoryAdapterFactory(),
    // seconds: sign-in on the provider's page, and what it issues to the console
    ttl: { Interaction: 600, Session: 8 * 3600, Grant: 8 * 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    clients: [
      {
        client_id: DEV_STAFF_CLIENT.clientId,
        client_secret: DEV_STAFF_CLIENT.clientSecret,
        redirect_uris: [redirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [{ ...signingKey, kid: `dev-${randomUUID()}`, use: 'sig', alg: 'RS256' }] },
    cookies: { keys: [`dev-identity-provider-cookies-${randomUUID()}`] },
    pkce: { required: () => true },
    claims: { openid: ['sub'], profile: ['name', 'roles', 'wards'] },
    // the console reads name, roles and wards from the ID token
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: KoaContextWithOIDC, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, sub) {
      const member = findDevStaff(sub);
      if (!member) return undefined;
      return { accountId: member.id, claims: async () => ({ sub: member.id, name: member.name, roles: member.roles, wards: member.wards }) };
    },
    // a first-party client: no consent screen, the grant is made on sign-in
    async loadExistingGrant(ctx) {
      const accountId = ctx.oidc.session?.accountId;
      if (!accountId || !ctx.oidc.client) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId });
      grant.addOIDCScope('openid profile');
      await grant.save();
      return grant;
    },
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = errorPage({ ...out });
    },
  };
}

/**
 * Starts the bundled OpenID Connect provider (oidc-provider) on its own port:
 * test staff sign in by choosing themselves on its sign-in page (no password),
 * and the provider issues ID tokens carrying `name`, `roles` and `wards`.
 * Its signing key and cookie keys are made at each start: a restart signs
 * everyone out of the provider, not out of the console.
 */
export async function startDevIdentityProvider(options: DevIdentityProviderOptions): Promise<DevIdentityProvider> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://${options.host}:${port}`;
  const provider = new Provider(issuer, configuration(options.redirectUri));
  const handle = provider.callback();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const route = /^\/interaction\/([\w-]+)(\/login)?$/.exec(new URL(req.url ?? '/', issuer).pathname);
    if (!route) {
      handle(req, res);
      return;
    }
    void interact(provider, route[1]!, route[2] !== undefined, req, res).catch((error: unknown) => {
      options.logger.warn({ err: error }, 'dev identity provider: sign-in interaction failed');
      res.statusCode = 400;
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(errorPage({ error: 'invalid_request', error_description: 'the sign-in has expired or is unknown; start again from the console' }));
    });
  });
  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function interact(provider: Provider, uid: string, submitted: boolean, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new Error('interaction mismatch');
  if (!submitted) {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.setHeader('cache-control', 'no-store');
    res.end(signInPage(uid));
    return;
  }
  if (req.method !== 'POST') throw new Error('sign-in must be posted');
  const member = findDevStaff((await readForm(req)).get('staff') ?? '');
  if (!member) throw new Error('unknown test staff member');
  await provider.interactionFinished(req, res, { login: { accountId: member.id } }, { mergeWithLastSubmission: false });
}
