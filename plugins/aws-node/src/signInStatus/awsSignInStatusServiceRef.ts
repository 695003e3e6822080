import type { AwsAlbSignInStatus } from '@aws-bridge/plugin-aws-common';
import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';

/**
 * Reports the ALB sign-in's status; the awsalb auth module registers one.
 *
 * @public
 */
export type AwsSignInStatusReporter = {
  describe(): Promise<AwsAlbSignInStatus>;
};

/**
 * Where the ALB sign-in's status passes from the auth plugin (the awsalb module registers a
 * reporter) to the aws plugin (the admin page's `GET /api/aws/admin/sign-in` asks it). Both
 * depend on this library, not on each other, and an app may run either without the other.
 *
 * @public
 */
export interface AwsSignInStatusService {
  /** Sets the reporter; a later one replaces it (the auth plugin builds its providers once). */
  register(reporter: AwsSignInStatusReporter): void;
  /** The registered reporter's status, or `configured: false` when none has registered. */
  describe(): Promise<AwsAlbSignInStatus>;
}

/**
 * The default: one reporter slot, shared by the whole backend.
 *
 * @public
 */
export class DefaultAwsSignInStatusService implements AwsSignInStatusService {
  private reporter?: AwsSignInStatusReporter;

  register(reporter: AwsSignInStatusReporter): void {
    this.reporter = reporter;
  }

  async describe(): Promise<AwsAlbSignInStatus> {
    if (!this.reporter) return { configured: false, failures: [] };
    return this.reporter.describe();
  }
}

/**
 * The ALB sign-in's status service. Root-scoped: the auth plugin and the aws plugin get the
 * same instance when they run in one backend. (When they run in separate backends, the admin
 * page's sign-in section says sign-in is not reported here.)
 *
 * @public
 */
export const awsSignInStatusServiceRef =
  createServiceRef<AwsSignInStatusService>({
    id: 'aws-bridge.sign-in-status',
    scope: 'root',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {},
        factory: () => new DefaultAwsSignInStatusService(),
      }),
  });
