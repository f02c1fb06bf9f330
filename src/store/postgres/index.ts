export { createPostgresStore, openPostgresStore, type PostgresStoreOptions } from './postgres-store.js';
export { describePostgresUrl } from './connect.js';
