import { AlbKeyCache } from './AlbKeyCache';
import { AlbTokenVerifier } from './AlbTokenVerifier';
import { isAwsAlbAuthError } from './errors';
import {
  ALB_ARN,
  AlbSigningKey,
  CLIENT_ID,
  ISSUER,
  OTHER_ALB_ARN,
  useKeyServer,
} from './__testUtils__';

// The rejection table runs through the real backend in module.test.ts; these are the
// verifier's own rules, with its clock under test control.
const key = new AlbSigningKey();
const keyServer = useKeyServer([key]);

function verifier(
  options: {
    now?: number;
    tolerance?: number;
    signers?: string[] | 'any';
  } = {},
) {
  return new AlbTokenVerifier({
    issuer: ISSUER,
    signers: options.signers ?? [ALB_ARN],
    clientIds: [CLIENT_ID],
    clockToleranceSeconds: options.tolerance ?? 10,
    keys: new AlbKeyCache({ publicKeyEndpoint: keyServer.url }),
    now: options.now === undefined ? undefined : () => options.now! * 1000,
  });
}

const reasonOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    error => (isAwsAlbAuthError(error) ? error.reason : `untyped: ${error}`),
  );

describe('AlbTokenVerifier', () => {
  it('returns the verified header, claims and expiry of a token in the ALB format', async () => {
    const token = key.token({ expiresIn: 60 });
    const [header, payload, signature] = token.split('.');
    // The ALB's padding, on every segment, is what most JWT libraries choke on.
    expect([header, payload, signature].map(s => s.endsWith('='))).toEqual([
      true,
      true,
      true,
    ]);

    const verified = await verifier().verify(token);

    expect(verified.header).toMatchObject({
      alg: 'ES256',
      kid: key.kid,
      signer: ALB_ARN,
      client: CLIENT_ID,
    });
    expect(verified.claims).toMatchObject({
      sub: expect.any(String),
      email: 'jane.doe@example.com',
    });
    expect(verified.expiresAt).toBe(verified.claims.exp);
  });

  it('accepts a token without padding too, as standard JWT libraries write it', async () => {
    const [h, p] = key.token().split('.');
    const unpadded = key.signRaw(
      Buffer.from(h, 'base64url').toString(),
      Buffer.from(p, 'base64url').toString(),
      { padded: false },
    );
    expect(unpadded).not.toContain('=');
    expect(await reasonOf(verifier().verify(unpadded))).toBe('accepted');
  });

  it('refuses a token whose padding was removed after signing: the signature covers the padding', async () => {
    const token = key.token();
    const [h, p, s] = token.split('.');
    expect(
      await reasonOf(verifier().verify(`${h.replace(/=/g, '')}.${p}.${s}`)),
    ).toBe('invalid-signature');
  });

  it.each([
    ['expired 5 s ago, within the 10 s tolerance', -5, 10, 'accepted'],
    ['expired 11 s ago, past the 10 s tolerance', -11, 10, 'expired'],
    ['expired 11 s ago, with a 30 s tolerance', -11, 30, 'accepted'],
    ['expired 1 s ago, without tolerance', -1, 0, 'expired'],
  ])('a token %s', async (_name, expiresIn, tolerance, expected) => {
    const now = Math.floor(Date.now() / 1000);
    const token = key.token({
      header: { exp: now + expiresIn },
      claims: { exp: now + expiresIn },
    });
    expect(await reasonOf(verifier({ now, tolerance }).verify(token))).toBe(
      expected,
    );
  });

  it('takes the earlier of the header and payload exp', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = key.token({
      header: { exp: now - 60 },
      claims: { exp: now + 600 },
    });
    expect(await reasonOf(verifier({ now }).verify(token))).toBe('expired');
    const ok = await verifier({ now }).verify(
      key.token({ header: { exp: now + 60 }, claims: { exp: now + 600 } }),
    );
    expect(ok.expiresAt).toBe(now + 60);
  });

  it('accepts any signer only when told to', async () => {
    const token = key.token({ header: { signer: OTHER_ALB_ARN } });
    expect(await reasonOf(verifier().verify(token))).toBe('invalid-signer');
    expect(await reasonOf(verifier({ signers: 'any' }).verify(token))).toBe(
      'accepted',
    );
  });
});
