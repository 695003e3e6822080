import { generateKeyPairSync, KeyObject, randomUUID, sign } from 'node:crypto';

/** Base64 as the ALB writes it: the URL-safe alphabet, with `=` padding kept. */
export function albBase64(data: string | Buffer): string {
  return Buffer.from(data)
    .toString('base64')
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}

export type AlbSignerOptions = {
  /** The ALB's ARN, written into each token's `signer` header field. */
  signer: string;
  /** The IdP's issuer, written into the header's and the payload's `iss`. */
  issuer: string;
  /** The authenticate action's client ID, the header's `client`. */
  clientId: string;
  /** How long each token is valid, in seconds: short, because the ALB signs one per request. */
  tokenLifetimeSeconds?: number;
};

/**
 * The ALB's signing key: one ES256 (P-256) key with a UUID kid, as the ALB has per region.
 * `sign` writes `x-amzn-oidc-data` byte for byte as the ALB does: the header fields in the
 * ALB's order (typ, kid, alg, iss, client, signer, exp), the userinfo claims with `exp` and
 * `iss` added, each segment padded with `=`, and a raw r||s signature.
 */
export class AlbSigner {
  readonly kid = randomUUID();
  readonly #privateKey: KeyObject;
  readonly publicKeyPem: string;

  constructor(private readonly options: AlbSignerOptions) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', {
      namedCurve: 'prime256v1',
    });
    this.#privateKey = privateKey;
    this.publicKeyPem = publicKey
      .export({ format: 'pem', type: 'spki' })
      .toString();
  }

  /** A fresh `x-amzn-oidc-data` for the user whose userinfo claims these are. */
  sign(claims: Record<string, unknown>, now = Date.now()): string {
    const { signer, issuer, clientId } = this.options;
    const exp =
      Math.floor(now / 1000) + (this.options.tokenLifetimeSeconds ?? 120);
    const header = {
      typ: 'JWT',
      kid: this.kid,
      alg: 'ES256',
      iss: issuer,
      client: clientId,
      signer,
      exp,
    };
    const payload = { ...claims, exp, iss: issuer };
    const signingInput = `${albBase64(JSON.stringify(header))}.${albBase64(
      JSON.stringify(payload),
    )}`;
    const signature = sign('sha256', Buffer.from(signingInput), {
      key: this.#privateKey,
      dsaEncoding: 'ieee-p1363',
    });
    return `${signingInput}.${albBase64(signature)}`;
  }
}
