/** The intersection of a tuple of part types: what the composed object offers. */
export type PartsIntersection<Parts extends readonly object[]> = Parts extends readonly [infer First, ...infer Rest extends readonly object[]]
  ? First & PartsIntersection<Rest>
  : unknown;

/**
 * One object offering every method of every part, each bound to its part, so
 * a store is a composition of small part classes instead of one long class of
 * delegations. A part's public interface is the methods on its class's
 * prototype: helpers a part needs are module functions or live in the shared
 * context, never private methods. Two parts offering the same method name is a
 * programming error and throws here, at the store's construction.
 */
export function composeParts<const Parts extends readonly object[]>(...parts: Parts): PartsIntersection<Parts> {
  const composed: Record<string, unknown> = {};
  for (const part of parts) {
    const prototype = Object.getPrototypeOf(part) as object;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const method: unknown = Reflect.get(prototype, name);
      if (name === 'constructor' || typeof method !== 'function') continue;
      if (name in composed) throw new Error(`two store parts offer ${name}`);
      composed[name] = (method as (...args: unknown[]) => unknown).bind(part);
    }
  }
  return composed as PartsIntersection<Parts>;
}
