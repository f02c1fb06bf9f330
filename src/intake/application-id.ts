import { randomFillSync } from 'node:crypto';

/** Random bytes fetched in bulk: one call into OpenSSL per 256 ids, not one per id. */
const POOL_IDS = 256;
/** 2 for the sequence's start in a new millisecond, 8 for the 62 random bits (the variant takes 2). */
const RANDOM_BYTES_PER_ID = 10;
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
const MAX_SEQUENCE = 0xfff;

/**
 * Application ids as UUIDv7 (RFC 9562 §5.7): 48 bits of Unix milliseconds, then
 * a 12-bit sequence (method 1 of §6.2: it starts at a random value below 2048 in
 * each millisecond and counts up), then 62 random bits. Ids made later sort
 * after ids made earlier, so the store's primary-key index grows at its end
 * instead of taking each insert at a random page, which matters once it holds
 * millions of applications; the 62 random bits keep ids unguessable (whoever may
 * see an application is decided by access checks, never by the id being secret).
 * The time in an id is the creation time the application's status shows anyway.
 */
export class TimeOrderedIds {
  readonly #pool = Buffer.alloc(POOL_IDS * RANDOM_BYTES_PER_ID);
  #poolOffset = this.#pool.length;
  #lastMs = -1;
  #sequence = 0;

  /** The next id for the wall-clock time `nowMs`; never smaller than an earlier one, even when the clock steps back. */
  next(nowMs: number = Date.now()): string {
    const random = this.#randomBytes();
    if (nowMs > this.#lastMs) {
      this.#lastMs = nowMs;
      this.#sequence = ((random[0]! << 8) | random[1]!) & 0x7ff;
    } else if (this.#sequence < MAX_SEQUENCE) {
      this.#sequence++;
    } else {
      // 4096 ids in one millisecond (or a clock that went back): borrow the next millisecond
      this.#lastMs++;
      this.#sequence = 0;
    }
    const ms = this.#lastMs;
    const high = Math.floor(ms / 0x1000000);
    const low = ms % 0x1000000;
    return (
      HEX[(high >>> 16) & 0xff]! + HEX[(high >>> 8) & 0xff]! + HEX[high & 0xff]! + HEX[(low >>> 16) & 0xff]! +
      '-' + HEX[(low >>> 8) & 0xff]! + HEX[low & 0xff]! +
      '-' + HEX[0x70 | (this.#sequence >>> 8)]! + HEX[this.#sequence & 0xff]! +
      '-' + HEX[0x80 | (random[2]! & 0x3f)]! + HEX[random[3]!]! +
      '-' + HEX[random[4]!]! + HEX[random[5]!]! + HEX[random[6]!]! + HEX[random[7]!]! + HEX[random[8]!]! + HEX[random[9]!]!
    );
  }

  #randomBytes(): Buffer {
    if (this.#poolOffset === this.#pool.length) {
      randomFillSync(this.#pool);
      this.#poolOffset = 0;
    }
    const bytes = this.#pool.subarray(this.#poolOffset, this.#poolOffset + RANDOM_BYTES_PER_ID);
    this.#poolOffset += RANDOM_BYTES_PER_ID;
    return bytes;
  }
}
