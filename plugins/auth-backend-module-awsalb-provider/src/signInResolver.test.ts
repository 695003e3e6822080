import { ConfigReader } from '@backstage/config';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import type { SignInResolverFactory } from '@backstage/plugin-auth-node';
import { isAwsAlbAuthError } from './errors';
import { readSignInResolver, toSignInError } from './signInResolver';

// How a resolver failure is told apart: by the error's name and by which resolver threw it,
// never by its text. The real auth backend's answers are in module.test.ts.

/** Backstage's chain's own words when no resolver found the user. */
const BACKSTAGE_NO_MATCH_TEXT =
  'Failed to sign-in, unable to resolve user identity. Please verify that your catalog contains the expected User entities that would match your configured sign-in resolver.';

const throwing =
  (error: unknown): SignInResolverFactory =>
  () =>
  async () => {
    throw error;
  };

const factories: Record<string, SignInResolverFactory> = {
  findsNoOne: throwing(new NotFoundError('User not found')),
  alsoFindsNoOne: throwing(new NotFoundError('User not found')),
  // A resolver of an adopter's whose own message happens to read like the chain's.
  refusesInChainWords: throwing(new Error(BACKSTAGE_NO_MATCH_TEXT)),
  finds: () => async () => ({ token: 'a-backstage-token' }),
};

const chainOf = (...names: string[]) =>
  readSignInResolver(
    new ConfigReader({
      signIn: { resolvers: names.map(resolver => ({ resolver })) },
    }),
    factories,
  );

const resolve = (names: string[]) =>
  chainOf(...names)({} as any, {} as any).then(
    () => undefined,
    (error: unknown) => error,
  );

const classify = (error: unknown) =>
  toSignInError(error, 'jane@example.com', 'resolvers tried: test');

describe('readSignInResolver', () => {
  it('answers a NotFoundError when no resolver of the chain found the user', async () => {
    const error = await resolve(['findsNoOne', 'alsoFindsNoOne']);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(isAwsAlbAuthError(classify(error), 'user-not-found')).toBe(true);
  });

  it("passes on a resolver's own error as it is, whatever its text says", async () => {
    const error = await resolve(['findsNoOne', 'refusesInChainWords']);
    expect(error).toMatchObject({
      name: 'Error',
      message: BACKSTAGE_NO_MATCH_TEXT,
    });
    expect(isAwsAlbAuthError(classify(error), 'sign-in-refused')).toBe(true);
  });

  it('moves past a resolver that finds no one to one that signs in', async () => {
    await expect(
      chainOf('findsNoOne', 'finds')({} as any, {} as any),
    ).resolves.toEqual({ token: 'a-backstage-token' });
  });
});

describe('toSignInError', () => {
  it.each([
    [new NotFoundError('User not found'), 'user-not-found'],
    [new NotAllowedError('Not in the allowed domain'), 'sign-in-refused'],
    [
      new Error('Login failed, user profile does not contain an email'),
      'sign-in-refused',
    ],
  ])('makes %p a 401 with the reason %s', (error, reason) => {
    expect(isAwsAlbAuthError(classify(error), reason as any)).toBe(true);
  });

  it('passes on other failures, such as the catalog being down', () => {
    const error = Object.assign(new Error('catalog unavailable'), {
      name: 'ServiceUnavailableError',
    });
    expect(classify(error)).toBe(error);
  });
});
