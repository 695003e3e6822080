import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { readProvisioningConfig } from './readProvisioningConfig';

/** An access-token check, as readAwsAlbProviderConfig reads one (on by default for Cognito). */
const VERIFIED = { issuer: 'https://idp.example', requiredScopes: [] };

const read = (
  provisioning: JsonObject,
  idp: 'cognito' | 'okta' = 'okta',
  verified = idp === 'cognito',
) =>
  readProvisioningConfig(new ConfigReader({ provisioning }), {
    idp,
    accessToken: verified ? VERIFIED : undefined,
  });

describe('readProvisioningConfig', () => {
  it('is off unless enabled', () => {
    expect(
      readProvisioningConfig(new ConfigReader({}), { idp: 'okta' }),
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
      groupsFrom: 'accessToken',
      groupsClaim: 'cognito:groups',
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
      groupsFrom: 'userinfo',
      groupsClaim: 'roles',
    });
  });

  it("refuses Cognito groups without the access token's check, which is where Cognito puts them", () => {
    expect(() =>
      read({ enabled: true, allowedGroups: ['platform'] }, 'cognito', false),
    ).toThrow(
      "Invalid ALB sign-in config at auth.providers.awsalb.accessToken.enabled: is false, but idp: cognito puts a person's groups only in the access token",
    );
    // Without group rules, Cognito's groups are not read, so the check may be off.
    expect(
      read(
        { enabled: true, allowedEmailDomains: ['example.com'] },
        'cognito',
        false,
      ),
    ).toMatchObject({ groupsFrom: 'accessToken' });
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
