import {
  AuthResolverContext,
  createSignInResolverFactory,
  SignInInfo,
} from '@backstage/plugin-auth-node';
import { z } from 'zod/v3';
import { AwsAlbAuthError } from './errors';
import { emailDomain } from './profile';
import { AwsAlbResult } from './types';

const optionsSchema = z
  .object({
    allowedDomains: z.array(z.string()).optional(),
    dangerouslyAllowSignInWithoutUserInCatalog: z.boolean().optional(),
  })
  .optional();

type ResolverOptions = z.output<typeof optionsSchema>;

/** The user's email, or a 401 naming what is missing. */
function requireEmail(info: SignInInfo<AwsAlbResult>): string {
  const email = info.result.email ?? info.profile.email;
  if (!email) {
    throw new AwsAlbAuthError(
      'sign-in-refused',
      'The ALB user claims have no email, which this sign-in resolver needs: ' +
        "set 'emailClaim', or use usernameMatchingUserEntityName",
    );
  }
  return email;
}

function checkDomain(email: string, options: ResolverOptions) {
  const domain = emailDomain(email);
  if (options?.allowedDomains && !options.allowedDomains.includes(domain)) {
    throw new AwsAlbAuthError(
      'sign-in-refused',
      `The email domain ${domain} is not one of the allowedDomains`,
    );
  }
}

/** `jane@example.com`: `jane`. */
function localPart(address: string): string {
  return address.slice(0, address.lastIndexOf('@'));
}

/**
 * Sign in as the User entity the query finds; when none does and the options allow it, as a
 * bare `user:default/<fallbackName>` the catalog does not know.
 */
function signInWithCatalogUser(
  query: Parameters<AuthResolverContext['signInWithCatalogUser']>[0],
  fallbackName: string,
  ctx: AuthResolverContext,
  options: ResolverOptions,
) {
  return ctx.signInWithCatalogUser(query, {
    dangerousEntityRefFallback:
      options?.dangerouslyAllowSignInWithoutUserInCatalog
        ? { entityRef: { name: fallbackName } }
        : undefined,
  });
}

/**
 * A resolver factory that finds the User entity by the user's email, within `allowedDomains`:
 * `lookup` says what to ask the catalog, and whom to sign in as when the options allow an
 * entity the catalog does not have.
 */
function emailResolverFactory(
  lookup: (email: string) => {
    query: Parameters<AuthResolverContext['signInWithCatalogUser']>[0];
    fallbackName: string;
  },
) {
  return createSignInResolverFactory({
    optionsSchema,
    create(options: ResolverOptions = {}) {
      return async (info: SignInInfo<AwsAlbResult>, ctx) => {
        const email = requireEmail(info);
        checkDomain(email, options);
        const { query, fallbackName } = lookup(email);
        return signInWithCatalogUser(query, fallbackName, ctx, options);
      };
    },
  });
}

/**
 * The sign-in resolvers of the awsalb provider. Backstage's common resolvers are available
 * too; these take their names where they overlap, and read the claims the ALB verified.
 *
 * @public
 */
export namespace awsAlbSignInResolvers {
  /** Finds the User entity whose `spec.profile.email` is the user's email. */
  export const emailMatchingUserEntityProfileEmail = emailResolverFactory(
    email => ({
      query: { filter: { kind: 'User', 'spec.profile.email': email } },
      fallbackName: localPart(email),
    }),
  );

  /** Finds the User entity named after the local part of the user's email (`jane@x.com`: `jane`). */
  export const emailLocalPartMatchingUserEntityName = emailResolverFactory(
    email => ({
      query: { entityRef: { name: localPart(email) } },
      fallbackName: localPart(email),
    }),
  );

  /**
   * Finds the User entity named after the username claim (`idp` or `usernameClaim`). A
   * username with a domain (Entra's `upn`, `jane@corp.example`) matches by its local part,
   * since an entity name cannot hold `@`.
   */
  export const usernameMatchingUserEntityName = createSignInResolverFactory({
    optionsSchema,
    create(options: ResolverOptions = {}) {
      return async (info: SignInInfo<AwsAlbResult>, ctx) => {
        const { username } = info.result;
        if (!username) {
          throw new AwsAlbAuthError(
            'sign-in-refused',
            "The ALB user claims have no username: set 'idp' or 'usernameClaim'",
          );
        }
        const hasDomain = username.includes('@');
        if (hasDomain) checkDomain(username, options);
        const name = hasDomain ? localPart(username) : username;
        return signInWithCatalogUser(
          { entityRef: { name } },
          name,
          ctx,
          options,
        );
      };
    },
  });
}
