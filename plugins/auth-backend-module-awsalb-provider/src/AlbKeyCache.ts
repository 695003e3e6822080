import { createPublicKey, KeyObject } from 'node:crypto';
import { describeFetchError } from './describeFetchError';
import { AwsAlbAuthError } from './errors';

/** The ALB's key IDs are UUIDs; anything else is refused before a URL is built from it. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A PEM public key is a few hundred bytes; more than this is not a key, and is not read. */
const MAX_KEY_BYTES = 8 * 1024;

/** How many kids the endpoint said it does not have are remembered at most. */
const MAX_MISSING_KIDS = 1024;

/** True when `kid` has the shape of an ALB key ID. */
export function isAlbKeyId(kid: unknown): kid is string {
  return typeof kid === 'string' && UUID.test(kid);
}

/** @public */
export type AlbKeyCacheOptions = {
  /** The key endpoint; a key is fetched from `<publicKeyEndpoint>/<kid>`. */
  publicKeyEndpoint: string;
  /** How many keys to keep. An ALB region rotates through a handful. Default 64. */
  maxKeys?: number;
  /** How long one key fetch may take, headers and body together, in milliseconds. Default 5000. */
  timeoutMs?: number;
  /**
   * How long a kid the endpoint answered 404 for is remembered, so that tokens naming it fail
   * without another fetch, in milliseconds. Default 60000; 0 remembers nothing.
   */
  missingKeyTtlMs?: number;
  /**
   * How many different keys may be fetched at once; a token naming yet another unknown kid
   * fails at once. Bounds what forged tokens with fresh kids can make the backend do. Default 8.
   */
  maxConcurrentFetches?: number;
  /** The clock, for tests. */
  now?: () => number;
};

/**
 * The ALB's public keys, by key ID. A key ID names one key forever, so a fetched key never
 * expires; the cache only drops the least recently used key when it is full. Concurrent
 * requests for a key not yet cached share one fetch. A kid the endpoint does not have (404) is
 * remembered for `missingKeyTtlMs`, so that forged tokens naming it make no fetch; other
 * failures are not cached, so the next request tries again. At most `maxConcurrentFetches`
 * different keys are fetched at once, and a fetch reads at most 8 KB within `timeoutMs`.
 *
 * @public
 */
export class AlbKeyCache {
  readonly #endpoint: string;
  readonly #maxKeys: number;
  readonly #timeoutMs: number;
  readonly #missingKeyTtlMs: number;
  readonly #maxConcurrentFetches: number;
  readonly #now: () => number;
  readonly #keys = new Map<string, KeyObject>();
  readonly #inFlight = new Map<string, Promise<KeyObject>>();
  /** Kids the endpoint answered 404 for, with when that was; oldest first. */
  readonly #missing = new Map<string, number>();

  constructor(options: AlbKeyCacheOptions) {
    this.#endpoint = options.publicKeyEndpoint.replace(/\/+$/, '');
    this.#maxKeys = options.maxKeys ?? 64;
    this.#timeoutMs = options.timeoutMs ?? 5000;
    this.#missingKeyTtlMs = options.missingKeyTtlMs ?? 60_000;
    this.#maxConcurrentFetches = options.maxConcurrentFetches ?? 8;
    this.#now = options.now ?? Date.now;
  }

  /** How many keys are cached. */
  get size(): number {
    return this.#keys.size;
  }

  /** The most recently used key's ID, if any key is cached. */
  get newestKeyId(): string | undefined {
    let last: string | undefined;
    for (const kid of this.#keys.keys()) last = kid;
    return last;
  }

  /** The URL a key ID's key is fetched from. */
  urlFor(kid: string): string {
    return `${this.#endpoint}/${kid}`;
  }

  async getKey(kid: string): Promise<KeyObject> {
    if (!isAlbKeyId(kid)) {
      throw new AwsAlbAuthError(
        'invalid-kid',
        'The ALB token has no valid key ID: kid must be a UUID',
      );
    }
    const cached = this.#keys.get(kid);
    if (cached) {
      // Map order is insertion order: re-inserting marks the key most recently used.
      this.#keys.delete(kid);
      this.#keys.set(kid, cached);
      return cached;
    }
    let pending = this.#inFlight.get(kid);
    if (!pending) {
      this.#checkMayFetch(kid);
      pending = this.#fetchKey(kid).finally(() => this.#inFlight.delete(kid));
      this.#inFlight.set(kid, pending);
    }
    return pending;
  }

  /** Refuses a fetch for a kid recently reported missing, or one past the concurrency cap. */
  #checkMayFetch(kid: string) {
    const missingSince = this.#missing.get(kid);
    if (missingSince !== undefined) {
      const age = this.#now() - missingSince;
      if (age < this.#missingKeyTtlMs) {
        throw new AwsAlbAuthError(
          'key-fetch-failed',
          `The ALB key endpoint did not have the public key ${kid} when asked ${Math.round(
            age / 1000,
          )} s ago; it is asked again after ${this.#missingKeyTtlMs / 1000} s`,
        );
      }
      this.#missing.delete(kid);
    }
    if (this.#inFlight.size >= this.#maxConcurrentFetches) {
      throw new AwsAlbAuthError(
        'key-fetch-failed',
        `Could not get the ALB public key ${kid}: ${this.#inFlight.size} other keys are being fetched already (at most ${this.#maxConcurrentFetches} at once)`,
      );
    }
  }

  #rememberMissing(kid: string) {
    if (this.#missingKeyTtlMs <= 0) return;
    this.#missing.delete(kid);
    this.#missing.set(kid, this.#now());
    if (this.#missing.size > MAX_MISSING_KIDS) {
      this.#missing.delete(this.#missing.keys().next().value!);
    }
  }

  /**
   * Reads at most MAX_KEY_BYTES of the answer, within the one deadline that also covers the
   * connection and the headers: an endpoint that streams without end costs 8 KB and
   * `timeoutMs` at most. Our own loop rather than `response.text()`, which reads an answer of
   * any length before it can be measured.
   */
  async #readPem(response: Response, fail: (cause: string) => Error) {
    const declared = Number(response.headers.get('content-length'));
    if (declared > MAX_KEY_BYTES || !response.body) {
      await response.body?.cancel();
      throw fail('the answer is not a PEM public key');
    }
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let length = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      length += value.length;
      if (length > MAX_KEY_BYTES) {
        await reader.cancel();
        throw fail(
          `the answer is not a PEM public key (more than ${MAX_KEY_BYTES} bytes)`,
        );
      }
      chunks.push(value);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  async #fetchKey(kid: string): Promise<KeyObject> {
    const url = this.urlFor(kid);
    const failed = (cause: string) =>
      new AwsAlbAuthError(
        'key-fetch-failed',
        `Could not get the ALB public key ${kid} from ${url}: ${cause}`,
      );

    let pem: string;
    try {
      const response = await fetch(url, {
        signal: AbortSignal.timeout(this.#timeoutMs),
        redirect: 'error',
      });
      if (response.status !== 200) {
        await response.body?.cancel();
        if (response.status === 404) this.#rememberMissing(kid);
        throw failed(`HTTP ${response.status}`);
      }
      pem = await this.#readPem(response, failed);
    } catch (error) {
      if (error instanceof AwsAlbAuthError) throw error;
      throw failed(describeFetchError(error, this.#timeoutMs));
    }

    let key: KeyObject;
    try {
      key = createPublicKey({ key: pem, format: 'pem' });
    } catch {
      throw failed('the answer is not a PEM public key');
    }
    if (
      key.asymmetricKeyType !== 'ec' ||
      key.asymmetricKeyDetails?.namedCurve !== 'prime256v1'
    ) {
      throw failed('the key is not an EC P-256 key, as ES256 needs');
    }

    this.#keys.set(kid, key);
    if (this.#keys.size > this.#maxKeys) {
      this.#keys.delete(this.#keys.keys().next().value!);
    }
    return key;
  }
}
