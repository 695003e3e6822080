import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { readDirectoryConfigs } from './readDirectoryConfig';

const read = (providers: JsonObject) =>
  readDirectoryConfigs(
    new ConfigReader({ catalog: { providers: { awsDirectory: providers } } }),
  );

describe('readDirectoryConfigs', () => {
  it('reads a user pool, taking its region from its ID', () => {
    expect(
      read({
        corp: {
          userPoolId: 'eu-west-1_AbC123',
          accountId: '111111111111',
          groups: ['platform'],
          schedule: { frequency: { minutes: 30 }, timeout: { minutes: 3 } },
        },
      }),
    ).toEqual([
      expect.objectContaining({
        id: 'corp',
        configKey: 'catalog.providers.awsDirectory.corp',
        kind: 'cognito-user-pool',
        directoryId: 'eu-west-1_AbC123',
        region: 'eu-west-1',
        accountId: '111111111111',
        groups: ['platform'],
        scheduleText: 'every 30 minutes',
        schedule: expect.objectContaining({ frequency: { minutes: 30 } }),
      }),
    ]);
  });

  it('reads an identity store, manual when it has no schedule', () => {
    expect(
      read({ ic: { identityStoreId: 'd-1234567890', region: 'us-east-2' } }),
    ).toEqual([
      expect.objectContaining({
        kind: 'identity-store',
        directoryId: 'd-1234567890',
        region: 'us-east-2',
        scheduleText: 'manual',
        schedule: undefined,
      }),
    ]);
  });

  // aws-common's one definition of a region: the European Sovereign Cloud's names included.
  it('takes a region and a user pool ID in the European Sovereign Cloud', () => {
    expect(read({ eu: { userPoolId: 'eusc-de-east-1_AbC123' } })).toEqual([
      expect.objectContaining({
        directoryId: 'eusc-de-east-1_AbC123',
        region: 'eusc-de-east-1',
      }),
    ]);
    expect(
      read({
        ic: { identityStoreId: 'd-1234567890', region: 'eusc-de-east-1' },
      }),
    ).toEqual([expect.objectContaining({ region: 'eusc-de-east-1' })]);
  });

  it("binds a pool's users to the pool's issuer, and the store's to none, unless configured", () => {
    const [pool, store] = read({
      pool: { userPoolId: 'eu-west-1_AbC123' },
      store: { identityStoreId: 'd-1234567890', region: 'us-east-2' },
    });
    expect(pool).toMatchObject({
      idpIssuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123',
      namespace: 'default',
      groupMapping: new Map(),
    });
    expect(store.idpIssuer).toBeUndefined();
    const [other, unbound, scim] = read({
      other: {
        userPoolId: 'eu-west-1_AbC123',
        idpIssuer: 'https://idp.example/',
      },
      unbound: { userPoolId: 'eu-west-1_AbC123', bindIdpSubjects: false },
      scim: {
        identityStoreId: 'd-1234567890',
        region: 'us-east-2',
        idpIssuer: 'https://idp.example/',
      },
    });
    expect(other.idpIssuer).toBe('https://idp.example/');
    expect(unbound.idpIssuer).toBeUndefined();
    expect(scim.idpIssuer).toBe('https://idp.example/');
  });

  it('reads a namespace and the groups mapped to existing ones, as refs', () => {
    const [corp] = read({
      corp: {
        userPoolId: 'eu-west-1_AbC123',
        namespace: 'corp-pool',
        groups: ['Data Science', 'ops'],
        groupMapping: [
          {
            directoryGroup: 'Data Science',
            group: 'group:default/data-science',
          },
          { directoryGroup: 'ops', group: 'platform' },
        ],
      },
    });
    expect(corp.namespace).toBe('corp-pool');
    expect([...corp.groupMapping]).toEqual([
      ['Data Science', 'group:default/data-science'],
      ['ops', 'group:corp-pool/platform'],
    ]);
  });

  it('reads nothing when no sync is configured', () => {
    expect(readDirectoryConfigs(new ConfigReader({}))).toEqual([]);
  });

  it.each([
    [{}, 'corp: set exactly one of'],
    [
      { userPoolId: 'us-east-1_A', identityStoreId: 'd-1234567890' },
      'corp: set exactly one of',
    ],
    [{ userPoolId: 'pool' }, "corp.userPoolId: 'pool' is not a user pool ID"],
    [
      { identityStoreId: 'd-1234567890' },
      'corp.region: is required: the region of the IAM Identity Center instance',
    ],
    [
      { identityStoreId: 'store', region: 'us-east-1' },
      "corp.identityStoreId: 'store' is not an identity store ID",
    ],
    [
      { userPoolId: 'us-east-1_A', region: 'east' },
      "corp.region: 'east' is not an AWS region",
    ],
    [
      { userPoolId: 'us-east-1_A', accountId: '1234' },
      "corp.accountId: '1234' is not a 12-digit account ID",
    ],
    [
      { userPoolId: 'us-east-1_A', groups: [] },
      'corp.groups: must name at least one group',
    ],
    [
      { userPoolId: 'us-east-1_A', schedule: { frequency: 'often' } },
      'corp.schedule:',
    ],
    [{ userPoolId: '' }, 'corp.userPoolId: must be a non-empty string'],
    [
      { userPoolId: 'us-east-1_A', groups: ['platform', ''] },
      'corp.groups: must be a non-empty list of group names',
    ],
    [
      { userPoolId: 'us-east-1_A', namespace: 'Not A Namespace' },
      "corp.namespace: 'Not A Namespace' is not an entity namespace",
    ],
    [
      { userPoolId: 'us-east-1_A', groupMapping: [{ directoryGroup: 'x' }] },
      "corp.groupMapping[0].group: '' is not a Group entity ref (group:default/platform)",
    ],
    [
      {
        userPoolId: 'us-east-1_A',
        groupMapping: [{ directoryGroup: 'x', group: 'user:default/x' }],
      },
      "corp.groupMapping[0].group: 'user:default/x' is not a Group entity ref",
    ],
    [
      {
        userPoolId: 'us-east-1_A',
        groups: ['a'],
        groupMapping: [{ directoryGroup: 'x', group: 'x' }],
      },
      "corp.groupMapping[0].directoryGroup: 'x' is not one of catalog.providers.awsDirectory.corp.groups",
    ],
    [
      {
        userPoolId: 'us-east-1_A',
        groupMapping: [
          { directoryGroup: 'x', group: 'x' },
          { directoryGroup: 'x', group: 'y' },
        ],
      },
      "corp.groupMapping[1].directoryGroup: 'x' is mapped twice",
    ],
    [
      { userPoolId: 'us-east-1_A', idpIssuer: 'not a url' },
      "corp.idpIssuer: 'not a url' is not a URL",
    ],
    [
      {
        userPoolId: 'us-east-1_A',
        idpIssuer: 'https://x/',
        bindIdpSubjects: false,
      },
      'corp.idpIssuer: is set while bindIdpSubjects is false',
    ],
    [
      {
        identityStoreId: 'd-1234567890',
        region: 'us-east-1',
        bindIdpSubjects: true,
      },
      'corp.idpIssuer: is required to bind identity store users',
    ],
  ] as [JsonObject, string][])(
    'refuses %j at startup, naming the key',
    (config, message) => {
      expect(() => read({ corp: config })).toThrow(
        `Invalid directory sync config at catalog.providers.awsDirectory.${message}`,
      );
    },
  );
});
