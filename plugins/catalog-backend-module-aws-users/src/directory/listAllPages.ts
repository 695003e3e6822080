/**
 * Every item of every page of an SDK paginator (`paginateListUsers(...)`), in order: the
 * readers keep a whole directory in memory anyway, and this keeps the page loops out of them.
 */
export async function listAllPages<Page, Item>(
  pages: AsyncIterable<Page>,
  itemsOf: (page: Page) => Item[] | undefined,
): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of pages) items.push(...(itemsOf(page) ?? []));
  return items;
}

/** Keeps the items `map` gives a value for. */
export function mapDefined<T, U>(items: T[], map: (item: T) => U | undefined) {
  return items.map(map).filter((item): item is U => item !== undefined);
}
