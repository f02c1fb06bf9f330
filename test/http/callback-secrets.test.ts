import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signTimestampedCallback } from '../../src/callbacks/signature.js';
import { fixtureClock } from '../support/fixture-time.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const STORE_NETWORK = { current: 'store-network-secret-current-0123456789', previous: 'store-network-secret-previous-012345678' };
const WELFARE = { current: 'welfare-secret-current-0123456789abcdef', previous: 'welfare-secret-previous-0123456789abcde' };

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway({
    config: {
      callbacks: {
        secrets: { 'convenience-store': STORE_NETWORK.current, welfare: WELFARE.current },
        previousSecrets: { 'convenience-store': STORE_NETWORK.previous, welfare: WELFARE.previous },
      },
    },
  });
});
afterAll(() => gateway.dispose());

/** Posts `body` signed under `secret` at `t` (default: now on the gateway's clock). */
function post(system: string, body: string, secret: string, t = Math.floor(fixtureClock().getTime() / 1000)): Promise<Response> {
  return Promise.resolve(
    gateway.app.request(`/v1/callbacks/${system}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-kakehashi-signature': signTimestampedCallback([secret], t, body) },
      body,
    }),
  );
}

describe('callback secrets from configuration, as the gateway wires them', () => {
  it('takes the store network\'s current and previous secret, and no other', async () => {
    const body = (n: number) => JSON.stringify({ pickupCode: '999999999999', status: 'expired', at: new Date(Date.UTC(2026, 3, 1, 0, 0, n)).toISOString() });
    expect((await post('convenience-store', body(1), STORE_NETWORK.current)).status).toBe(404);
    expect((await post('convenience-store', body(2), STORE_NETWORK.previous)).status).toBe(404);
    expect((await post('convenience-store', body(3), WELFARE.current)).status).toBe(401);
  });

  it('takes welfare\'s current and previous secret, and remembers what it accepted in the gateway\'s store', async () => {
    const body = JSON.stringify({ messageId: 'no-such-application:send-claim', status: 'completed' });
    const t = Math.floor(fixtureClock().getTime() / 1000);
    expect(await (await post('welfare', body, WELFARE.previous, t)).json()).toEqual({ status: 'ignored' });
    expect(await (await post('welfare', body, WELFARE.current, t)).json()).toEqual({ status: 'duplicate' });
    expect((await post('welfare', `${body} `, STORE_NETWORK.current)).status).toBe(401);
  });
});
