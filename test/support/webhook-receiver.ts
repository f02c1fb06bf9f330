import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { freePort } from './free-port.js';

/** One POST the receiver took, and whether its Standard Webhooks signature checked out. */
export interface ReceivedWebhook {
  id: string;
  timestamp: number;
  body: string;
  signatureValid: boolean;
  contentType: string | undefined;
}

/**
 * How the receiver answers the next requests: a status (only `times` times, then 204; only to webhooks `only`
 * picks, 204 to the others), or a delay longer than the sender waits.
 */
export type ReceiverMode = { status: number; times?: number; only?: (webhookId: string) => boolean } | { delayMs: number };

/**
 * A frontend's webhook receiver on a fixed port of 127.0.0.1 that can go down
 * and come back on the same port. It checks signatures its own way (not with
 * the gateway's code): the secret's base64 after `whsec_`, HMAC-SHA256 of
 * `id.timestamp.body`, each `v1,` signature of the header compared in constant time.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  mode: ReceiverMode = { status: 204 };
  private server: Server | null = null;

  private constructor(
    readonly port: number,
    private readonly secret: string,
  ) {}

  static async create(secret: string): Promise<WebhookReceiver> {
    return new WebhookReceiver(await freePort(), secret);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks/kakehashi`;
  }

  async up(): Promise<void> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const id = String(request.headers['webhook-id']);
        const timestamp = Number(request.headers['webhook-timestamp']);
        const signatures = String(request.headers['webhook-signature'] ?? '').split(' ');
        this.received.push({ id, timestamp, body, signatureValid: this.verify(id, timestamp, body, signatures), contentType: request.headers['content-type'] });
        const mode = this.mode;
        if ('delayMs' in mode) setTimeout(() => response.writeHead(204).end(), mode.delayMs);
        else if (mode.only && !mode.only(id)) response.writeHead(204).end();
        else {
          response.writeHead(mode.status).end();
          if (mode.times !== undefined && --mode.times <= 0) this.mode = { status: 204 };
        }
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  async down(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  private verify(id: string, timestamp: number, body: string, signatures: string[]): boolean {
    const key = Buffer.from(this.secret.replace(/^whsec_/, ''), 'base64');
    const expected = Buffer.from(createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64'));
    return signatures.some((signature) => {
      const [version, value] = signature.split(',');
      const given = Buffer.from(value ?? '');
      return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
    });
  }
}
