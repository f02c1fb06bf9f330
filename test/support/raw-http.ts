import { connect } from 'node:net';

/** What came back on a raw connection, split as HTTP/1.1, and how long until the server closed it. */
export interface RawExchange {
  status: number;
  headers: Record<string, string>;
  body: string;
  closedAfterMs: number;
}

/**
 * Writes `parts` on a fresh TCP connection to 127.0.0.1:`port`, `gapMs` apart, then
 * waits for the server to close the connection (5 s at most, else it fails).
 * Nothing is checked or corrected on the way out: the bytes are the test's.
 */
export function exchangeRaw(port: number, parts: string[], gapMs = 0): Promise<RawExchange> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const guard = setTimeout(() => socket.destroy(new Error('the server kept the connection open for 5 s')), 5000);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? undefined : reject(error)));
    socket.on('close', () => {
      clearTimeout(guard);
      resolve({ ...parseReply(Buffer.concat(chunks).toString('utf8')), closedAfterMs: Date.now() - started });
    });
    socket.once('connect', async () => {
      for (const part of parts) {
        if (socket.destroyed) return;
        socket.write(part);
        if (gapMs > 0) await new Promise((resume) => setTimeout(resume, gapMs));
      }
    });
  });
}

function parseReply(reply: string): Omit<RawExchange, 'closedAfterMs'> {
  const end = reply.indexOf('\r\n\r\n');
  const [statusLine = '', ...lines] = reply.slice(0, end < 0 ? reply.length : end).split('\r\n');
  const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(statusLine)?.[1] ?? 0);
  const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
  return { status, headers, body: end < 0 ? '' : reply.slice(end + 4) };
}
