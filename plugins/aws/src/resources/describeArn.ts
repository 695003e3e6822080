import { parse, validate } from '@aws-sdk/util-arn-parser';
import { ARN as ConsoleArn } from 'link2aws';
import { consolePageOf } from './consoleLinks';
import { readableResourceType } from './resourceTypes';

/**
 * What the card shows of one ARN. `@aws-sdk/util-arn-parser` (the SDK's own) reads the
 * fields every ARN has; link2aws splits the resource part the way its console links expect
 * (`function:name`, `table/name`, `/restapis/id`, `log-group:/aws/...`).
 */
export interface ArnDescription {
  partition: string;
  service: string;
  /** Empty for global resources and S3 buckets. */
  region: string;
  /** Empty for S3 buckets and API Gateway APIs. */
  accountId: string;
  resourceType: string;
  /** "Lambda function", "DynamoDB table", ... */
  typeLabel: string;
  /** The resource's own name or ID: `payments-api`, `i-0a1b...`, `/aws/lambda/payments-api`. */
  name: string;
  /** Its page in the AWS console; undefined for a type without one. */
  consoleUrl?: string;
}

// One link2aws parse serves both the resource split and the console page.
function splitResource(arn: string, resource: string) {
  try {
    const parsed = new ConsoleArn(arn);
    return {
      type: parsed.resource_type,
      id: parsed.resource,
      consoleUrl: consolePageOf(parsed),
    };
  } catch {
    // Characters or a shape link2aws refuses: the whole resource part is the name, and there
    // is no console page.
    return { type: '', id: resource, consoleUrl: undefined };
  }
}

/** The name people know a resource by: the last path segment, except for log groups. */
function nameOf(resourceType: string, id: string): string {
  if (resourceType === 'log-group') return id;
  const withoutQualifier = resourceType === 'function' ? id.split(':')[0] : id;
  return withoutQualifier.slice(withoutQualifier.lastIndexOf('/') + 1) || id;
}

/** Describes an ARN, or returns undefined when it is not one. */
export function describeArn(arn: string): ArnDescription | undefined {
  if (!validate(arn)) return undefined;
  let fields;
  try {
    fields = parse(arn);
  } catch {
    return undefined;
  }
  const { type, id, consoleUrl } = splitResource(arn, fields.resource);
  return {
    partition: fields.partition,
    service: fields.service,
    region: fields.region,
    accountId: fields.accountId,
    resourceType: type,
    typeLabel: readableResourceType(fields.service, type),
    name: nameOf(type, id),
    consoleUrl,
  };
}
