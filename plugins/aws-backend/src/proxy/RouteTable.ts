import type { ProxyRoute } from './config/routeTypes';

/**
 * Finds the route a proxied URL names, in time that does not grow with the number of routes:
 * names are looked up in a map, trying the URL's leading path segments from the most a name
 * has down to one, so the longest name wins. A name matches only whole segments (`/apigw`
 * does not serve `/apigwx`); route names are letters, digits and `- _ . ~`, so the raw URL's
 * `/` and `?` are the only boundaries (an encoded `%2F` is not one).
 */
export class RouteTable<T extends { route: ProxyRoute }> {
  private readonly byName = new Map<string, T>();
  private readonly maxSegments: number;

  constructor(entries: T[]) {
    let maxSegments = 0;
    for (const entry of entries) {
      this.byName.set(entry.route.name, entry);
      maxSegments = Math.max(maxSegments, entry.route.name.split('/').length);
    }
    this.maxSegments = maxSegments;
  }

  /**
   * The entry for a URL under the proxy's mount (`/team/search/_search?q=1`), and the rest of
   * the URL after the route's name (`/_search?q=1`); undefined when no route matches.
   */
  match(url: string): { entry: T; rest: string } | undefined {
    if (url.charAt(0) !== '/') return undefined;
    const query = url.indexOf('?');
    const path = query < 0 ? url : url.slice(0, query);
    // The end of each of the first maxSegments segments, shortest first.
    const ends: number[] = [];
    let from = 1;
    while (ends.length < this.maxSegments) {
      const slash = path.indexOf('/', from);
      ends.push(slash < 0 ? path.length : slash);
      if (slash < 0) break;
      from = slash + 1;
    }
    for (let i = ends.length - 1; i >= 0; i--) {
      const entry = this.byName.get(path.slice(1, ends[i]));
      if (entry) return { entry, rest: url.slice(ends[i]) };
    }
    return undefined;
  }
}
