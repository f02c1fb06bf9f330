import { CALLBACK_RECEIPT_SECONDS } from '../callbacks/authenticate-callback.js';
import { CALLBACK_SIGNATURE_WINDOW_SECONDS } from '../callbacks/signature.js';

/**
 * The OpenAPI paragraph on how a callback is signed and when the gateway
 * refuses it, the same for every callback route. `whose` names the secret,
 * e.g. "configured for `{system}`".
 */
export function callbackSignatureDescription(whose: string): string {
  return (
    'Authentication: `X-Kakehashi-Signature: t=<unix seconds>,v1=<hex>`, where `<hex>` is the hex HMAC-SHA256 of the bytes `t` + `.` + the ' +
    `exact raw request body under the secret ${whose} (no API key). \`t\` must be within ${CALLBACK_SIGNATURE_WINDOW_SECONDS} seconds of the ` +
    "gateway's clock (else 401 `callback-signature-expired`); a header that is not exactly one `t` and one to four `v1` entries is 401 " +
    '`callback-signature-malformed`, a wrong signature 401 `callback-signature-invalid`. While a secret is rotated the gateway accepts the ' +
    'current and the previous one (`callbacks.previousSecrets`), and a sender may send one `v1` per secret: any match is accepted. The ' +
    'signature is checked before the body is parsed; e.g. `printf %s "$t.$body" | openssl dgst -sha256 -hmac "$secret"`. Sign every attempt ' +
    'afresh with the current time.\n\n' +
    'Replays: the gateway remembers every callback it accepted by what the signature covers (`t` and the body), for ' +
    `${CALLBACK_RECEIPT_SECONDS} seconds after \`t\`. The same signed callback again is answered 200 \`{"status":"duplicate"}\` and has no ` +
    'effect: the first one was taken, so a sender that lost the first answer stops retrying. A callback the gateway refused (4xx, 5xx) was not ' +
    'taken and may be sent again, with the same signature or a new one.'
  );
}
