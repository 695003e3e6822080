import { createPermission } from '@backstage/plugin-permission-common';
import { awsProxyRoutePermission, isAwsProxyRoutePermission } from './proxy';
import { awsAdminReadPermission } from './health';

describe('proxy route permissions', () => {
  it('names a resource-less permission after the route, with or without slashes', () => {
    expect(awsProxyRoutePermission('/search')).toEqual({
      type: 'basic',
      name: 'aws.proxy.search',
      attributes: {},
    });
    expect(awsProxyRoutePermission('team/search/').name).toBe(
      'aws.proxy.team/search',
    );
  });

  it('tells route permissions from others', () => {
    expect(isAwsProxyRoutePermission(awsProxyRoutePermission('x'))).toBe(true);
    expect(isAwsProxyRoutePermission(awsAdminReadPermission)).toBe(false);
    expect(
      isAwsProxyRoutePermission(
        createPermission({
          name: 'aws.proxy.x',
          attributes: {},
          resourceType: 'catalog-entity',
        }),
      ),
    ).toBe(false);
  });
});
