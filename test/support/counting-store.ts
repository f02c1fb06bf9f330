import type { Store } from '../../src/store/types.js';

/** Wraps a store and counts applications it actually recorded. */
export function countingStore(inner: Store): Store & { recorded: () => number } {
  let recorded = 0;
  return new Proxy(inner, {
    get(target, property, receiver) {
      if (property === 'recorded') return () => recorded;
      const value = Reflect.get(target, property, receiver);
      if (property === 'createApplication') {
        return async (...args: Parameters<Store['createApplication']>) => {
          await target.createApplication(...args);
          recorded += 1;
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as Store & { recorded: () => number };
}
