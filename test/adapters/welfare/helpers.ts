import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChildAllowanceClaimRecord } from '../../../adapters/welfare/records.js';

/** The HMAC secret the tests share between simulator and receiver. */
export const SECRET = 'welfare-test-secret-0123456789abcdef';

export { context, thrown } from '../support/adapter-context.js';

/**
 * The 髙橋 household of the resident fixtures claiming for two children: 翔太
 * (in the registry, born 令和元年5月1日) and 花 (born 令和6年3月1日, not yet
 * registered, so no 宛名番号), as the mapping would produce the record.
 */
export function twoChildClaim(): ChildAllowanceClaimRecord & Record<string, unknown> {
  return {
    claimant: {
      atenaNumber: '1034004400',
      setaiNumber: '0007127952',
      name: '髙橋　一郎',
      nameKana: 'ﾀｶﾊｼ ｲﾁﾛｳ',
      birthDate: '3640107',
      address: '大阪府大阪市北区天満2丁目1番8号',
      bankAccount: { bankCode: '0005', branchCode: '411', accountType: '1', accountNumber: '1234567', holderKana: 'ﾀｶﾊｼ ｲﾁﾛｳ' },
      income: 4_200_000,
      dependants: 2,
    },
    children: [
      { atenaNumber: '1034062176', name: '髙橋　翔太', nameKana: 'ﾀｶﾊｼ ｼｮｳﾀ', birthDate: '5010501', relationship: '11', livingTogether: true },
      { atenaNumber: null, name: '髙橋　花', nameKana: 'ﾀｶﾊｼ ﾊﾅ', birthDate: '5060301', relationship: '11', livingTogether: false },
    ],
  };
}

/** The documented CSV of {@link twoChildClaim} under message id `app-1:send-claim`. */
export const TWO_CHILD_CLAIM_CSV =
  'メッセージID,受給者宛名番号,世帯番号,受給者氏名,受給者氏名カナ,受給者生年月日,受給者住所,金融機関コード,支店コード,預金種別,口座番号,口座名義カナ,合計所得金額,扶養親族数,児童宛名番号,児童氏名,児童氏名カナ,児童生年月日,続柄,同居別居区分\r\n' +
  'app-1:send-claim,1034004400,0007127952,髙橋　一郎,ﾀｶﾊｼ ｲﾁﾛｳ,3640107,大阪府大阪市北区天満2丁目1番8号,0005,411,1,1234567,ﾀｶﾊｼ ｲﾁﾛｳ,4200000,2,1034062176,髙橋　翔太,ﾀｶﾊｼ ｼｮｳﾀ,5010501,11,1\r\n' +
  'app-1:send-claim,1034004400,0007127952,髙橋　一郎,ﾀｶﾊｼ ｲﾁﾛｳ,3640107,大阪府大阪市北区天満2丁目1番8号,0005,411,1,1234567,ﾀｶﾊｼ ｲﾁﾛｳ,4200000,2,,髙橋　花,ﾀｶﾊｼ ﾊﾅ,5060301,11,2\r\n';

/** One request the callback receiver got. */
export interface ReceivedCallback {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A stand-in for the gateway's callback route: records raw requests and answers with `respond`. */
export interface CallbackReceiver {
  url: string;
  requests: ReceivedCallback[];
  /** Status for each request; default 204. */
  respond: (request: ReceivedCallback) => number;
  close(): Promise<void>;
}

/** Starts a callback receiver on a free port. */
export async function startCallbackReceiver(): Promise<CallbackReceiver> {
  const receiver: CallbackReceiver = { url: '', requests: [], respond: () => 204, close: async () => undefined };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const received = { path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks) };
      receiver.requests.push(received);
      response.writeHead(receiver.respond(received)).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  receiver.close = async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  };
  return receiver;
}
