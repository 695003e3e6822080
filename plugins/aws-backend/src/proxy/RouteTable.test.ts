import type { ProxyRoute } from './config/routeTypes';
import { RouteTable } from './RouteTable';

const entry = (name: string) => ({ route: { name } as ProxyRoute });

describe('RouteTable', () => {
  const table = new RouteTable(
    ['apigw', 'team/search', 'team', 'a/b/c'].map(entry),
  );
  const match = (url: string) => {
    const found = table.match(url);
    return found && [found.entry.route.name, found.rest];
  };

  it.each([
    ['/apigw', ['apigw', '']],
    ['/apigw/', ['apigw', '/']],
    ['/apigw/items/1?x=/y', ['apigw', '/items/1?x=/y']],
    ['/apigw?x=1', ['apigw', '?x=1']],
    // The longest name wins, on whole segments only.
    ['/team/search/_search', ['team/search', '/_search']],
    ['/team/searchx', ['team', '/searchx']],
    ['/team', ['team', '']],
    ['/a/b/c/d', ['a/b/c', '/d']],
  ])('%s is route %j', (url, expected) => {
    expect(match(url)).toEqual(expected);
  });

  it.each([
    '/apigwx',
    '/apigw%2Fitems',
    '//apigw',
    '/',
    '',
    'apigw',
    '/a/b',
    '/nope/apigw',
  ])('%s is no route', url => {
    expect(match(url)).toBeUndefined();
  });

  it('finds a route among a thousand', () => {
    const many = new RouteTable(
      Array.from({ length: 1000 }, (_, i) => entry(`r${i}`)),
    );
    expect(many.match('/r999/x')?.rest).toBe('/x');
    expect(many.match('/r1000/x')).toBeUndefined();
  });
});
