/**
 * Whether a waiting job's payload lets `system` resume it: only the system the
 * job waits on may answer it. A job parked before the waiting system was
 * recorded names none; the await-reply step still drops another system's reply.
 */
export function waitsOn(payload: Record<string, unknown>, system: string): boolean {
  const waiting = payload.waiting;
  if (typeof waiting !== 'object' || waiting === null || Array.isArray(waiting)) return true;
  const expected = (waiting as Record<string, unknown>).system;
  return expected === undefined || expected === system;
}
