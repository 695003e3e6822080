import { createBackendModule } from '@backstage/backend-plugin-api';
import { awsUsersTransformsExtensionPoint } from '../extensionPoint';
import {
  mainAccountFixture,
  namesOf,
  useDirectorySyncTest,
} from '../__testUtils__/catalogBackend';
import {
  defaultAwsDirectoryGroupTransformer,
  defaultAwsDirectoryUserTransformer,
} from './defaultTransformers';

// An adopter's own mapping, set through the extension point from another module, as
// Backstage's Microsoft Graph provider takes its transformers.

jest.setTimeout(60_000);

const POOL = 'us-east-1_Transform1';

const customTransforms = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'test-aws-users-transforms',
  register(reg) {
    reg.registerInit({
      deps: { transforms: awsUsersTransformsExtensionPoint },
      async init({ transforms }) {
        transforms.setUserTransformer(async (user, memberOf, context) => {
          // The agency's contractors stay out of the catalog.
          if (user.email?.endsWith('@agency.example')) return undefined;
          const entity = await defaultAwsDirectoryUserTransformer(
            user,
            memberOf,
            context,
          );
          if (entity)
            entity.metadata.description = `From ${context.directoryId}`;
          return entity;
        });
        transforms.setGroupTransformer(async (group, context) => {
          const entity = await defaultAwsDirectoryGroupTransformer(
            group,
            context,
          );
          if (entity) entity.spec.type = 'cognito-group';
          return entity;
        });
      },
    });
  },
});

const env = useDirectorySyncTest({
  fixture: mainAccountFixture({
    cognitoUserPools: [
      {
        id: POOL,
        name: 'transforms',
        users: [
          { username: 'alice', email: 'alice@example.com' },
          { username: 'cody', email: 'cody@agency.example' },
        ],
        groups: [{ name: 'platform', members: ['alice', 'cody'] }],
      },
    ],
  }),
  catalog: { providers: { awsDirectory: { corp: { userPoolId: POOL } } } },
  extraFeatures: [customTransforms],
});

it('maps users and groups with the transformers another module set', async () => {
  const status = await env.catalog.provisioning.runDirectorySync('corp');
  expect(status.lastRun).toMatchObject({
    outcome: 'succeeded',
    users: 1,
    groups: 1,
  });

  const users = await env.catalog.entitiesWhen(
    'User',
    found => found.length >= 1,
  );
  expect(namesOf(users)).toEqual(['alice']);
  expect(users[0].metadata.description).toBe(`From ${POOL}`);
  const groups = await env.catalog.entitiesWhen(
    'Group',
    found => found.length >= 1,
  );
  expect(groups[0].spec?.type).toBe('cognito-group');
});
