import { createPublicKey, KeyObject } from 'node:crypto';
import { describeFetchError } from './describeFetchError';
import { AwsAlbAuthError } from './errors';

/** The ALB's key IDs are UUIDs; anything else is refused before a URL is built from it. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A PEM public key is a few hundred bytes; more than this is not a key. */
const MAX_KEY_BYTES = 8 * 1024;

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
  /** How long one key fetch may take, in milliseconds. Default 5000. */
  timeoutMs?: number;
};

/**
 * The ALB's public keys, by key ID. A key ID names one key forever, so a fetched key never
 * expires; the cache only drops the least recently used key when it is full. Concurrent
 * requests for a key not yet cached share one fetch. A failed fetch is not cached, so the
 * next request tries again.
 *
 * @public
 */
export class AlbKeyCache {
  readonly #endpoint: string;
  readonly #maxKeys: number;
  readonly #timeoutMs: number;
  readonly #keys = new Map<string, KeyObject>();
  readonly #inFlight = new Map<string, Promise<KeyObject>>();

  constructor(options: AlbKeyCacheOptions) {
    this.#endpoint = options.publicKeyEndpoint.replace(/\/+$/, '');
    this.#maxKeys = options.maxKeys ?? 64;
    this.#timeoutMs = options.timeoutMs ?? 5000;
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
      pending = this.#fetchKey(kid).finally(() => this.#inFlight.delete(kid));
      this.#inFlight.set(kid, pending);
    }
    return pending;
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
        throw failed(`HTTP ${response.status}`);
      }
      pem = await response.text();
    } catch (error) {
      if (error instanceof AwsAlbAuthError) throw error;
      throw failed(
        (error as Error).name === 'TimeoutError'
          ? `no answer within ${this.#timeoutMs} ms`
          : describeFetchError(error),
      );
    }

    if (pem.length > MAX_KEY_BYTES)
      throw failed('the answer is not a PEM public key');
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
