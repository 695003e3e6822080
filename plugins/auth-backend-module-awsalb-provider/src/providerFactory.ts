import type express from 'express';
import { Config } from '@backstage/config';
import { InputError, NotImplementedError } from '@backstage/errors';
import {
  AuthProviderFactory,
  commonSignInResolvers,
  prepareBackstageIdentityResponse,
  readDeclarativeSignInResolver,
  SignInResolver,
  SignInResolverFactory,
} from '@backstage/plugin-auth-node';
import { awsAlbAuthenticator } from './authenticator';
import { CONFIG_ROOT } from './config';
import { createLogoutHandler } from './logout';
import { AwsAlbAuthError, isAwsAlbAuthError } from './errors';
import { awsAlbSignInResolvers } from './resolvers';
import { AwsAlbResult } from './types';
import type {
  AwsSignInStatusService,
  AwsUserProvisioningService,
} from '@aws-bridge/plugin-aws-node';
import { JitProvisioning } from './provisioning/JitProvisioning';
import { readProvisioningConfig } from './provisioning/readProvisioningConfig';
import {
  SignInStatusRecorder,
  UNEXPECTED_FAILURE,
} from './status/SignInStatusRecorder';

/** Backstage's common resolvers, with ours taking their names where they overlap. */
export const defaultSignInResolverFactories: Record<
  string,
  SignInResolverFactory
> = {
  ...commonSignInResolvers,
  ...awsAlbSignInResolvers,
};

/**
 * A resolver failure as the user should see it: a 401 saying why. Backstage's resolver
 * chain reports "no user in the catalog" and a missing email as plain errors (a 500); a user
 * the catalog does not know is not a server fault.
 */
function toSignInError(
  error: unknown,
  who: string,
  resolvers: string,
): unknown {
  if (error instanceof AwsAlbAuthError) return error;
  const { name, message } = (error ?? {}) as {
    name?: string;
    message?: string;
  };
  if (
    name === 'NotFoundError' ||
    /unable to resolve user identity/.test(message ?? '')
  ) {
    return new AwsAlbAuthError(
      'user-not-found',
      `Signed in by the ALB as ${who}, but no User entity in the catalog matches ` +
        `(${resolvers}): check the sign-in resolvers in ${CONFIG_ROOT}.signIn and the catalog's users`,
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

/** The sign-in resolver from `signIn.resolvers`; startup fails naming the key without one. */
export function readSignInResolver(
  config: Config,
  factories: Record<
    string,
    SignInResolverFactory
  > = defaultSignInResolverFactories,
): SignInResolver<AwsAlbResult> {
  let resolver: SignInResolver<AwsAlbResult> | undefined;
  try {
    resolver = readDeclarativeSignInResolver({
      config,
      signInResolverFactories: factories,
    });
  } catch (error) {
    throw new InputError(
      `Invalid ALB sign-in config at ${CONFIG_ROOT}.signIn.resolvers: ${(error as Error).message}` +
        ` (available: ${Object.keys(factories).join(', ')})`,
    );
  }
  if (!resolver) {
    throw new InputError(
      `Invalid ALB sign-in config at ${CONFIG_ROOT}.signIn.resolvers: at least one resolver is required ` +
        `(available: ${Object.keys(factories).join(', ')})`,
    );
  }
  return resolver;
}

/**
 * The awsalb provider: Backstage's proxy-provider contract (`GET|POST /refresh` answers the
 * profile and a Backstage identity) with the ALB's headers verified on every call. Unlike
 * the generic proxy factory, it turns resolver failures into 401s and honours
 * `sessionDuration`, by reporting the identity as expiring no later than that, so the app
 * checks back with the ALB at least that often.
 *
 * @public
 */
export function createAwsAlbProviderFactory(options?: {
  signInResolver?: SignInResolver<AwsAlbResult>;
  signInResolverFactories?: Record<string, SignInResolverFactory>;
  /** Where the provider reports its config, keys and sign-in outcomes for the admin page. */
  signInStatus?: AwsSignInStatusService;
  /** Where people are provisioned just in time, when `provisioning.enabled` is set. */
  userProvisioning?: AwsUserProvisioningService;
}): AuthProviderFactory {
  return ({ config, resolverContext, logger }) => {
    const context = awsAlbAuthenticator.initialize({ config });
    const provisioningOptions = readProvisioningConfig(
      config,
      context.options.idp,
    );
    if (provisioningOptions && !options?.userProvisioning) {
      throw new InputError(
        `${CONFIG_ROOT}.provisioning.enabled is true, but this provider factory was given no userProvisioning service`,
      );
    }
    const jit = provisioningOptions
      ? new JitProvisioning(
          provisioningOptions,
          options!.userProvisioning!,
          logger,
        )
      : undefined;
    const status = new SignInStatusRecorder(context);
    options?.signInStatus?.register(status);
    const signInResolver =
      options?.signInResolver ??
      readSignInResolver(config, options?.signInResolverFactories);
    const { sessionDurationSeconds } = context.options;
    // Named in the "no User entity matches" answer, so the person (and the admin they send it
    // to) can see what looked for them.
    const resolversTried = options?.signInResolver
      ? 'a custom sign-in resolver looked'
      : `resolvers tried: ${(
          config.getOptionalConfigArray('signIn.resolvers') ?? []
        )
          .map(resolver => resolver.getString('resolver'))
          .join(', ')}`;

    /** Verifies the ALB's headers, resolves the user and answers; returns who signed in. */
    async function signIn(
      req: express.Request,
      res: express.Response,
    ): Promise<string> {
      const { result, providerInfo } = await awsAlbAuthenticator.authenticate(
        { req },
        context,
      );
      const { profile } = await awsAlbAuthenticator.defaultProfileTransform(
        result,
        resolverContext,
      );
      let identity;
      let provisioned = false;
      try {
        identity = await signInResolver({ profile, result }, resolverContext);
      } catch (error) {
        const signInError = toSignInError(
          error,
          result.email ?? result.username ?? result.claims.sub,
          resolversTried,
        );
        if (!jit || !isAwsAlbAuthError(signInError, 'user-not-found')) {
          throw signInError;
        }
        identity = await jit.signInNewUser(result, resolverContext);
        provisioned = true;
      }
      const backstageIdentity = prepareBackstageIdentityResponse(identity);
      if (jit && !provisioned) {
        await jit.refreshExistingUser(
          backstageIdentity.identity.userEntityRef,
          result,
          resolverContext,
        );
      }
      if (sessionDurationSeconds !== undefined) {
        backstageIdentity.expiresInSeconds = Math.min(
          backstageIdentity.expiresInSeconds ?? Infinity,
          sessionDurationSeconds,
        );
      }
      // The answer carries a Backstage token: no cache may keep it.
      res.setHeader('Cache-Control', 'no-store');
      res.status(200).json({ profile, providerInfo, backstageIdentity });
      return backstageIdentity.identity.userEntityRef;
    }

    return {
      async start() {
        throw new NotImplementedError(
          'The ALB signs users in; there is no sign-in flow to start',
        );
      },
      async frameHandler() {
        throw new NotImplementedError(
          'The ALB signs users in; there is no sign-in frame',
        );
      },
      logout: createLogoutHandler(context.options.signOut),
      async refresh(req, res) {
        let userEntityRef: string;
        try {
          userEntityRef = await signIn(req, res);
        } catch (error) {
          if (error instanceof AwsAlbAuthError) {
            status.recordFailure(error.reason, error.message);
          } else {
            // Not ours: its message may carry anything, so only its kind is kept.
            status.recordFailure(
              UNEXPECTED_FAILURE,
              (error as Error)?.name ?? 'Error',
            );
          }
          throw error;
        }
        status.recordSuccess(userEntityRef);
      },
    };
  };
}
