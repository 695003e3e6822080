import type { AwsDirectorySyncStatus } from '@aws-bridge/plugin-aws-common';
import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';

/**
 * A person to provision just in time, as the ALB sign-in read them from their claims.
 *
 * @public
 */
export type AwsJitUser = {
  /** The User entity's name (in the default namespace). */
  name: string;
  displayName?: string;
  email?: string;
  picture?: string;
  /**
   * Group entity refs (`group:default/platform`): the IdP groups the provisioning config maps
   * or allows, never a name made from the claim by normalising it.
   */
  groups: string[];
  /** The IdP's `iss` and `sub`: who this entity belongs to. */
  issuer: string;
  subject: string;
};

/**
 * Writes people provisioned just in time to the catalog; the catalog module registers one.
 *
 * @public
 */
export type AwsJitUserProvisioner = {
  provision(user: AwsJitUser): Promise<void>;
};

/**
 * One configured directory sync; the catalog module registers one per provider.
 *
 * @public
 */
export type AwsDirectorySync = {
  readonly id: string;
  describe(): Promise<AwsDirectorySyncStatus>;
  /** Runs now (or joins the run in progress) and answers the status after it. */
  runNow(): Promise<AwsDirectorySyncStatus>;
};

/**
 * Where user provisioning passes between plugins that must not depend on each other: the
 * catalog module registers its JIT provisioner and directory syncs; the awsalb sign-in
 * provisions through it; the admin API lists and starts syncs through it.
 *
 * @public
 */
export interface AwsUserProvisioningService {
  registerJitProvisioner(provisioner: AwsJitUserProvisioner): void;
  registerDirectorySync(sync: AwsDirectorySync): void;
  /** Provisions a person; a 503 naming the missing module when none is installed. */
  provisionJitUser(user: AwsJitUser): Promise<void>;
  /** False until a catalog module has registered (it may register after the auth module). */
  hasCatalogModule(): boolean;
  describeDirectorySyncs(): Promise<AwsDirectorySyncStatus[]>;
  /** Runs one sync now; a 404 naming it when there is no such sync. */
  runDirectorySync(id: string): Promise<AwsDirectorySyncStatus>;
}

const CATALOG_MODULE = '@aws-bridge/plugin-catalog-backend-module-aws-users';

/**
 * The default: registrations in memory, shared by the whole backend process.
 *
 * @public
 */
export class DefaultAwsUserProvisioningService implements AwsUserProvisioningService {
  private jit?: AwsJitUserProvisioner;
  private readonly syncs = new Map<string, AwsDirectorySync>();

  registerJitProvisioner(provisioner: AwsJitUserProvisioner): void {
    this.jit = provisioner;
  }

  registerDirectorySync(sync: AwsDirectorySync): void {
    this.syncs.set(sync.id, sync);
  }

  hasCatalogModule(): boolean {
    return this.jit !== undefined;
  }

  async provisionJitUser(user: AwsJitUser): Promise<void> {
    if (!this.jit) {
      throw new ServiceUnavailableError(
        `Cannot provision ${user.name}: just-in-time provisioning is on, but the catalog ` +
          `module that writes users (${CATALOG_MODULE}) is not installed in this backend`,
      );
    }
    await this.jit.provision(user);
  }

  async describeDirectorySyncs(): Promise<AwsDirectorySyncStatus[]> {
    return Promise.all([...this.syncs.values()].map(sync => sync.describe()));
  }

  async runDirectorySync(id: string): Promise<AwsDirectorySyncStatus> {
    const sync = this.syncs.get(id);
    if (!sync) {
      const known = this.syncs.size
        ? ` (${[...this.syncs.keys()].join(', ')})`
        : '';
      throw new NotFoundError(
        `No directory sync '${id}': the syncs are the keys of catalog.providers.awsDirectory${known}`,
      );
    }
    return sync.runNow();
  }
}

/**
 * The user provisioning service. Root-scoped: the auth plugin, the catalog and the aws plugin
 * get the same instance when they run in one backend, as they do in a typical deployment.
 *
 * @public
 */
export const awsUserProvisioningServiceRef =
  createServiceRef<AwsUserProvisioningService>({
    id: 'aws-bridge.user-provisioning',
    scope: 'root',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {},
        factory: () => new DefaultAwsUserProvisioningService(),
      }),
  });
