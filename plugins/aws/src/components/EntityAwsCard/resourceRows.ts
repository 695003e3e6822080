import type { AwsTaggedResource } from '@aws-bridge/plugin-aws-common';
import { describeArn } from '../../resources/describeArn';
import {
  consoleLinkFor,
  IdentityCenterPortal,
} from '../../resources/consoleLinks';

/** One row of the card's table. */
export interface ResourceRow {
  id: string;
  arn: string;
  name: string;
  typeLabel: string;
  /** Empty for a global resource. */
  region: string;
  consoleLink?: string;
}

/**
 * The table's rows: each resource once (a global resource can come back from every region
 * searched), sorted by type then name.
 */
export function resourceRows(
  resources: AwsTaggedResource[],
  portal?: IdentityCenterPortal,
): ResourceRow[] {
  const rows = new Map<string, ResourceRow>();
  for (const resource of resources) {
    if (rows.has(resource.arn)) continue;
    const described = describeArn(resource.arn);
    const consoleUrl = described?.consoleUrl;
    rows.set(resource.arn, {
      id: resource.arn,
      arn: resource.arn,
      name: described?.name ?? resource.arn,
      typeLabel: described?.typeLabel ?? '',
      region: resource.region,
      consoleLink: consoleUrl
        ? consoleLinkFor(
            consoleUrl,
            described?.accountId || resource.accountId,
            portal,
          )
        : undefined,
    });
  }
  return [...rows.values()].sort(
    (a, b) =>
      a.typeLabel.localeCompare(b.typeLabel) || a.name.localeCompare(b.name),
  );
}
