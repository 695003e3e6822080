/** How many routes the startup log line and a 404 list before saying how many more there are. */
export const ROUTES_LISTED = 20;

/**
 * The first {@link ROUTES_LISTED} items joined by `separator`, then `and N more` when there are
 * others: with a thousand routes, neither the log line nor the error grows with them.
 */
export function listFirst(items: string[], separator: string): string {
  const listed = items.slice(0, ROUTES_LISTED).join(separator);
  return items.length > ROUTES_LISTED
    ? `${listed} and ${items.length - ROUTES_LISTED} more`
    : listed;
}
