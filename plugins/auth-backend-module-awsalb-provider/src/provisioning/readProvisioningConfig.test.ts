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
      groupsClaims: ['roles'],
    });
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
  ] as [JsonObject, string][])(
    'refuses %j, naming the key',
    (config, message) => {
      expect(() => read({ enabled: true, ...config })).toThrow(
        `Invalid ALB sign-in config at auth.providers.awsalb.provisioning.${message}`,
      );
    },
  );
});
