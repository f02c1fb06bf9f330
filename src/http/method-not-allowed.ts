import type { Hono } from 'hono';
import type { AppEnv } from './env.js';

/** Compiles the app's routes into matchers, to tell a 405 (path exists, other method) from a 404. */
export function allowedMethodsFinder(app: Hono<AppEnv>): (path: string) => string[] {
  let compiled: { pattern: RegExp; method: string }[] | undefined;
  return (path) => {
    compiled ??= app.routes
      .filter((route) => route.method !== 'ALL')
      .map((route) => ({
        method: route.method,
        pattern: new RegExp(`^${route.path.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z0-9_]+/g, '[^/]+').replace(/\*/g, '.*')}$`),
      }));
    const methods = new Set(compiled.filter((route) => route.pattern.test(path)).map((route) => route.method));
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort();
  };
}
