import type { Adapter, AdapterPayload } from 'oidc-provider';

/**
 * The bundled provider's storage: in memory, per model, gone at restart
 * (dev profile only: a restart signs test staff out of the provider, not out
 * of the console, whose sessions are in the gateway's store).
 */
export function memoryAdapterFactory(): (model: string) => Adapter {
  const records = new Map<string, { payload: AdapterPayload; expiresAt: number }>();
  const key = (model: string, id: string) => `${model}:${id}`;
  const live = (id: string) => {
    const record = records.get(id);
    if (!record) return undefined;
    if (record.expiresAt <= Date.now()) {
      records.delete(id);
      return undefined;
    }
    return record.payload;
  };
  return (model: string): Adapter => ({
    async upsert(id, payload, expiresIn) {
      records.set(key(model, id), { payload: { ...payload }, expiresAt: Date.now() + (expiresIn ?? 3600) * 1000 });
    },
    async find(id) {
      return live(key(model, id));
    },
    async findByUserCode(userCode) {
      for (const [id, record] of records) if (id.startsWith(`${model}:`) && record.payload.userCode === userCode) return live(id);
      return undefined;
    },
    async findByUid(uid) {
      for (const [id, record] of records) if (id.startsWith(`${model}:`) && record.payload.uid === uid) return live(id);
      return undefined;
    },
    async consume(id) {
      const payload = live(key(model, id));
      if (payload) payload.consumed = Math.floor(Date.now() / 1000);
    },
    async destroy(id) {
      records.delete(key(model, id));
    },
    async revokeByGrantId(grantId) {
      for (const [id, record] of records) if (record.payload.grantId === grantId) records.delete(id);
    },
  });
}
