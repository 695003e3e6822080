import { Config } from '@backstage/config';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  commonSignInResolvers,
  readDeclarativeSignInResolver,
  SignInResolver,
  SignInResolverFactory,
} from '@backstage/plugin-auth-node';
import { CONFIG_ROOT } from './configReaders';
import { AwsAlbAuthError } from './errors';
import { awsAlbSignInResolvers } from './resolvers';
import { AwsAlbResult } from './types';

/** Backstage's common resolvers, with ours taking their names where they overlap. */
export const defaultSignInResolverFactories: Record<
  string,
  SignInResolverFactory
> = {
  ...commonSignInResolvers,
  ...awsAlbSignInResolvers,
};

const isObject = (value: unknown): value is object =>
  typeof value === 'object' && value !== null;

/** The factories, with every resolver they make adding what it throws to `thrown`. */
function observingThrows(
  factories: Record<string, SignInResolverFactory>,
  thrown: WeakSet<object>,
): Record<string, SignInResolverFactory> {
  return Object.fromEntries(
    Object.entries(factories).map(([name, factory]) => [
      name,
      (options?: unknown) => {
        const resolver = factory(options);
        return async (info, context) => {
          try {
            return await resolver(info, context);
          } catch (error) {
            if (isObject(error)) thrown.add(error);
            throw error;
          }
        };
      },
    ]),
  );
}

/**
 * The sign-in resolver from `signIn.resolvers`; startup fails naming the key without one.
 *
 * Backstage's chain (`readDeclarativeSignInResolver`) tries each resolver, moves on when one
 * throws a `NotFoundError`, and when none is left throws a plain `Error` that only its text
 * tells apart ("Failed to sign-in, unable to resolve user identity..."). So each resolver's
 * throws are noted: an error from the chain that no resolver threw is the chain's own, and it
 * becomes a `NotFoundError`, as a single resolver's "no such user" is.
 */
export function readSignInResolver(
  config: Config,
  factories: Record<
    string,
    SignInResolverFactory
  > = defaultSignInResolverFactories,
): SignInResolver<AwsAlbResult> {
  const thrownByResolvers = new WeakSet<object>();
  let chain: SignInResolver<AwsAlbResult> | undefined;
  try {
    chain = readDeclarativeSignInResolver({
      config,
      signInResolverFactories: observingThrows(factories, thrownByResolvers),
    });
  } catch (error) {
    throw new InputError(
      `Invalid ALB sign-in config at ${CONFIG_ROOT}.signIn.resolvers: ${(error as Error).message}` +
        ` (available: ${Object.keys(factories).join(', ')})`,
    );
  }
  if (!chain) {
    throw new InputError(
      `Invalid ALB sign-in config at ${CONFIG_ROOT}.signIn.resolvers: at least one resolver is required ` +
        `(available: ${Object.keys(factories).join(', ')})`,
    );
  }
  const resolveInChain = chain;
  return async (info, context) => {
    try {
      return await resolveInChain(info, context);
    } catch (error) {
      if (isObject(error) && !thrownByResolvers.has(error)) {
        throw new NotFoundError(
          'No sign-in resolver found a User entity',
          error,
        );
      }
      throw error;
    }
  };
}

/**
 * What looked for the person, for the "no User entity matches" answer, so they (and the admin
 * they send it to) can see it.
 */
export function describeSignInResolvers(
  config: Config,
  custom: boolean,
): string {
  if (custom) return 'a custom sign-in resolver looked';
  const names = (config.getOptionalConfigArray('signIn.resolvers') ?? []).map(
    resolver => resolver.getString('resolver'),
  );
  return `resolvers tried: ${names.join(', ')}`;
}

/**
 * A resolver failure as the user should see it: a 401 saying why. Keyed on the error's name,
 * never its text: a `NotFoundError` (from `signInWithCatalogUser`, a custom resolver, or
 * `readSignInResolver` for a chain where no resolver matched) is a user the catalog does not
 * know, which is not a server fault; a `NotAllowedError` or a plain `Error` (Backstage's
 * common resolvers refuse a profile without an email so) is a refusal. Anything else is
 * passed on as it is.
 */
export function toSignInError(
  error: unknown,
  who: string,
  resolvers: string,
): unknown {
  if (error instanceof AwsAlbAuthError) return error;
  const { name, message } = (error ?? {}) as {
    name?: string;
    message?: string;
  };
  if (name === 'NotFoundError') {
    return new AwsAlbAuthError(
      'user-not-found',
      `Signed in by the ALB as ${who}, but no User entity in the catalog matches ` +
        `(${resolvers}): check the sign-in resolvers in ${CONFIG_ROOT}.signIn and the catalog's users`,
    );
  }
  if (name === 'ConflictError') {
    // Two User entities answer to this person (the same email twice): which one they are is
    // the catalog's to settle, and signing in as either could make them someone else.
    return new AwsAlbAuthError(
      'sign-in-refused',
      `Signed in by the ALB as ${who}, but more than one User entity in the catalog matches ` +
        `(${resolvers}): each person must be named once; ask a Backstage admin to remove the duplicate`,
    );
  }
  if (name === 'NotAllowedError' || name === 'Error') {
    return new AwsAlbAuthError(
      'sign-in-refused',
      `Sign-in refused: ${message}`,
    );
  }
  return error;
}
