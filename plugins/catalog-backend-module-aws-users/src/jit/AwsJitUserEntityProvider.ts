import type {
  AwsJitUser,
  AwsJitUserProvisioner,
} from '@aws-bridge/plugin-aws-node';
import { ServiceUnavailableError } from '@backstage/errors';
import type {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { AwsJitUserTransformer } from './defaultJitUserTransformer';

/**
 * Writes people provisioned at sign-in to the catalog, one delta mutation each: it adds and
 * updates, and never removes. The mutation goes to the catalog's database, so it works the same
 * whichever replica the person signed in through.
 *
 * The entities have no location key: a directory sync (which has one) takes a person over
 * when it finds them, and a sign-in can never overwrite an entity another source owns.
 */
export class AwsJitUserEntityProvider
  implements EntityProvider, AwsJitUserProvisioner
{
  private connection?: EntityProviderConnection;

  constructor(private readonly transformer: AwsJitUserTransformer) {}

  getProviderName(): string {
    return 'AwsJitUserEntityProvider';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
  }

  async provision(user: AwsJitUser): Promise<void> {
    if (!this.connection) {
      throw new ServiceUnavailableError(
        `Cannot provision ${user.name} yet: the catalog is still starting`,
      );
    }
    const entity = await this.transformer(user);
    await this.connection.applyMutation({
      type: 'delta',
      added: [{ entity }],
      removed: [],
    });
  }
}
