import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { readProvisioningConfig } from './readProvisioningConfig';

const read = (provisioning: JsonObject, idp: 'cognito' | 'okta' = 'okta') =>
  readProvisioningConfig(new ConfigReader({ provisioning }), idp);

describe('readProvisioningConfig', () => {
  it('is off unless enabled', () => {
    expect(
      readProvisioningConfig(new ConfigReader({}), 'okta'),
    ).toBeUndefined();
    expect(read({ enabled: false, allowedGroups: ['a'] })).toBeUndefined();
  });

  it("reads the allowlists, and each IdP's groups claim unless one is set", () => {
    expect(
      read({ enabled: true, allowedEmailDomains: ['Example.COM'] }, 'cognito'),
    ).toEqual({
      allowedGroups: undefined,
      allowedEmailDomains: ['example.com'],
      groupRefs: new Map(),
      maxGroups: 100,
      groupsClaims: ['cognito:groups', 'groups'],
    });
    expect(
      read({
        enabled: true,
        allowedGroups: ['platform'],
        groupsClaim: 'roles',
      }),
    ).toEqual({
      allowedGroups: ['platform'],
      allowedEmailDomains: undefined,
      groupRefs: new Map([['platform', 'group:default/platform']]),
      maxGroups: 100,
      groupsClaims: ['roles'],
    });
  });

  it('makes memberships only of allowed groups named as entities are, and of mapped ones', () => {
    const options = read({
      enabled: true,
      allowedGroups: ['platform', 'Data Science'],
      groupMapping: [
        { idpGroup: 'Data Science', group: 'data-science' },
        { idpGroup: 'sec@corp.example', group: 'group:security/analysts' },
      ],
      maxGroups: 20,
    });
    expect(options?.groupRefs).toEqual(
      new Map([
        ['Data Science', 'group:default/data-science'],
        ['sec@corp.example', 'group:security/analysts'],
        ['platform', 'group:default/platform'],
      ]),
    );
    expect(options?.maxGroups).toBe(20);
  });

  it.each([
    [{}, "allowedGroups: set 'allowedGroups', 'allowedEmailDomains' or both"],
    [
      { allowedGroups: [] },
      'allowedGroups: must be a non-empty list of non-empty strings',
    ],
    [
      { allowedEmailDomains: ['example.com', ' '] },
      'allowedEmailDomains: must be a non-empty list of non-empty strings',
    ],
    // The allowlists are lists: one string is a mistake, not a list of one.
    [
      { allowedGroups: 'platform' },
      'allowedGroups: must be a non-empty list of non-empty strings',
    ],
    [
      { allowedGroups: ['platform'], groupsClaim: 'two words' },
      "groupsClaim: 'two words' is not a claim name",
    ],
    // A name that normalising would change is refused, not rewritten.
    ...[
      'Data Science',
      'platform@contractors.example',
      '-platform-',
      'platform!',
    ].map(name => [
      { allowedGroups: [name] },
      `allowedGroups: '${name}' is not a Group entity name as it is: add it to provisioning.groupMapping`,
    ]),
    [
      {
        allowedGroups: ['a'],
        groupMapping: [{ idpGroup: 'x', group: 'user:default/x' }],
      },
      "groupMapping[0].group: 'user:default/x' is not a Group entity ref",
    ],
    [
      { allowedGroups: ['a'], groupMapping: [{ group: 'x' }] },
      'groupMapping[0].idpGroup: is required',
    ],
    [
      {
        allowedGroups: ['a'],
        groupMapping: [
          { idpGroup: 'x', group: 'x' },
          { idpGroup: 'x', group: 'y' },
        ],
      },
      "groupMapping[1].idpGroup: 'x' is mapped twice",
    ],
    [
      { allowedGroups: ['a'], maxGroups: 0 },
      'maxGroups: must be a whole number',
    ],
  ] as [JsonObject, string][])(
    'refuses %j, naming the key',
    (config, message) => {
      expect(() => read({ enabled: true, ...config })).toThrow(
        `Invalid ALB sign-in config at auth.providers.awsalb.provisioning.${message}`,
      );
    },
  );
});
