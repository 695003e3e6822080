import type { DatabaseService } from '@backstage/backend-plugin-api';
import type express from 'express';
import { InputError, NotImplementedError } from '@backstage/errors';
import {
  AuthProviderFactory,
  prepareBackstageIdentityResponse,
  SignInResolver,
  SignInResolverFactory,
} from '@backstage/plugin-auth-node';
import { albAuthenticator } from './authenticator';
import { CONFIG_ROOT } from './configReaders';
import { createLogoutHandler } from './logout';
import { AwsAlbAuthError, isAwsAlbAuthError } from './errors';
import { signInAsBoundSubject } from './resolvers';
import {
  describeSignInResolvers,
  readSignInResolver,
  toSignInError,
} from './signInResolver';
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
  /**
   * The auth backend's database (`coreServices.database` of an auth module), where
   * just-in-time names are claimed; needed when `provisioning.enabled` is set.
   */
  database?: DatabaseService;
}): AuthProviderFactory {
  return ({ config, resolverContext, logger }) => {
    const context = albAuthenticator.initialize({ config });
    const provisioningOptions = readProvisioningConfig(config, context.options);
    for (const needed of ['userProvisioning', 'database'] as const) {
      if (provisioningOptions && !options?.[needed]) {
        throw new InputError(
          `${CONFIG_ROOT}.provisioning.enabled is true, but this provider factory was given no ${needed} service`,
        );
      }
    }
    const jit = provisioningOptions
      ? new JitProvisioning(
          provisioningOptions,
          options!.userProvisioning!,
          options!.database!,
          logger,
        )
      : undefined;
    const status = new SignInStatusRecorder(context);
    options?.signInStatus?.register(status);
    const signInResolver =
      options?.signInResolver ??
      readSignInResolver(config, options?.signInResolverFactories);
    const { sessionDurationSeconds } = context.options;
    const resolversTried = describeSignInResolvers(
      config,
      options?.signInResolver !== undefined,
    );

    /** Verifies the ALB's headers, resolves the user and answers; returns who signed in. */
    async function signIn(
      req: express.Request,
      res: express.Response,
    ): Promise<string> {
      const { result, providerInfo } = await albAuthenticator.authenticate(
        { req },
        context,
      );
      const { profile } = await albAuthenticator.defaultProfileTransform(
        result,
        resolverContext,
      );
      let identity;
      let provisioned = false;
      try {
        identity =
          (await signInAsBoundSubject(result, resolverContext)) ??
          (await signInResolver({ profile, result }, resolverContext));
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
