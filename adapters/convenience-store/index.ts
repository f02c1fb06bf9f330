export { createConvenienceStoreClient } from './client.js';
export type { ConvenienceStoreClientOptions } from './client.js';
export { convenienceStoreAdapter, ConvenienceStoreOptionsSchema, type ConvenienceStoreOptions } from './definition.js';
export { ConvenienceStoreError, CONVENIENCE_STORE_SYSTEM } from './errors.js';
export { OSAKA_CITY_MUNICIPALITY_CODE, PickupCallbackWireSchema, type PickupCallbackWire } from './wire.js';
