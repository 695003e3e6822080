import {
  AuthResolverContext,
  createSignInResolverFactory,
  SignInInfo,
} from '@backstage/plugin-auth-node';
import { z } from 'zod/v3';
import { AwsAlbAuthError } from './errors';
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
  const domain = email.slice(email.lastIndexOf('@') + 1);
  if (options?.allowedDomains && !options.allowedDomains.includes(domain)) {
    throw new AwsAlbAuthError(
      'sign-in-refused',
      `The email domain ${domain} is not one of the allowedDomains`,
    );
  }
}

/** Sign in as the User entity `name`, or as a bare ref when the catalog fallback is allowed. */
function signInAsUserNamed(
  name: string,
  ctx: AuthResolverContext,
  options: ResolverOptions,
) {
  return ctx.signInWithCatalogUser(
    { entityRef: { name } },
    {
      dangerousEntityRefFallback:
        options?.dangerouslyAllowSignInWithoutUserInCatalog
          ? { entityRef: { name } }
          : undefined,
    },
  );
}

/**
 * The sign-in resolvers of the awsalb provider. Backstage's common resolvers are available
 * too; these take their names where they overlap, and read the claims the ALB verified.
 *
 * @public
 */
export namespace awsAlbSignInResolvers {
  /** Finds the User entity whose `spec.profile.email` is the user's email. */
  export const emailMatchingUserEntityProfileEmail =
    createSignInResolverFactory({
      optionsSchema,
      create(options: ResolverOptions = {}) {
        return async (info: SignInInfo<AwsAlbResult>, ctx) => {
          const email = requireEmail(info);
          checkDomain(email, options);
          return ctx.signInWithCatalogUser(
            { filter: { kind: 'User', 'spec.profile.email': email } },
            {
              dangerousEntityRefFallback:
                options?.dangerouslyAllowSignInWithoutUserInCatalog
                  ? {
                      entityRef: {
                        name: email.slice(0, email.lastIndexOf('@')),
                      },
                    }
                  : undefined,
            },
          );
        };
      },
    });

  /** Finds the User entity named after the local part of the user's email (`jane@x.com`: `jane`). */
  export const emailLocalPartMatchingUserEntityName =
    createSignInResolverFactory({
      optionsSchema,
      create(options: ResolverOptions = {}) {
        return async (info: SignInInfo<AwsAlbResult>, ctx) => {
          const email = requireEmail(info);
          checkDomain(email, options);
          return signInAsUserNamed(
            email.slice(0, email.lastIndexOf('@')),
            ctx,
            options,
          );
        };
      },
    });

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
        const at = username.lastIndexOf('@');
        if (at >= 0) checkDomain(username, options);
        return signInAsUserNamed(
          at >= 0 ? username.slice(0, at) : username,
          ctx,
          options,
        );
      };
    },
  });
}
