import { AWS_REGION_PATTERN_SOURCE } from '@aws-bridge/plugin-aws-common';

/** What a target's hostname says about how to sign for it. */
export type InferredSigningScope = {
  service?: string;
  region?: string;
};

// The one region shape every aws-bridge package accepts (aws-common), so that a region a route
// may name in config is also one read from its host.
const REGION = AWS_REGION_PATTERN_SOURCE;
const AWS_DOMAIN = '\\.amazonaws\\.com(?:\\.cn)?';

// Most specific first: each pattern names its service, or captures it. `(?<region>...)` is
// the signing region; S3's global host has none and signs in us-east-1.
const PATTERNS: Array<{ pattern: RegExp; service?: string; region?: string }> =
  [
    // API Gateway: <api-id>.execute-api.<region>.amazonaws.com
    {
      pattern: new RegExp(
        `\\.execute-api\\.(?<region>${REGION})${AWS_DOMAIN}$`,
      ),
      service: 'execute-api',
    },
    // OpenSearch Service domains: search-<domain>-<id>.<region>.es.amazonaws.com (vpc- too)
    {
      pattern: new RegExp(`\\.(?<region>${REGION})\\.es${AWS_DOMAIN}$`),
      service: 'es',
    },
    // OpenSearch Serverless collections: <id>.<region>.aoss.amazonaws.com
    {
      pattern: new RegExp(`\\.(?<region>${REGION})\\.aoss${AWS_DOMAIN}$`),
      service: 'aoss',
    },
    // Lambda function URLs: <url-id>.lambda-url.<region>.on.aws
    {
      pattern: new RegExp(`\\.lambda-url\\.(?<region>${REGION})\\.on\\.aws$`),
      service: 'lambda',
    },
    // S3, virtual-hosted or path style, dot or legacy dash region, dualstack:
    // <bucket>.s3.<region>.amazonaws.com, s3.<region>.amazonaws.com, <bucket>.s3-<region>...,
    // s3.dualstack.<region>.amazonaws.com
    {
      pattern: new RegExp(
        `(?:^|\\.)s3(?:\\.dualstack)?[.-](?<region>${REGION})${AWS_DOMAIN}$`,
      ),
      service: 's3',
    },
    // S3's global endpoint: <bucket>.s3.amazonaws.com, s3.amazonaws.com
    {
      pattern: new RegExp(`(?:^|\\.)s3${AWS_DOMAIN}$`),
      service: 's3',
      region: 'us-east-1',
    },
    // Everything else regional: [<prefix>.]<service>.<region>.amazonaws.com
    {
      pattern: new RegExp(
        `(?:^|\\.)(?<service>[a-z0-9-]+)\\.(?<region>${REGION})${AWS_DOMAIN}$`,
      ),
    },
  ];

/**
 * Reads the SigV4 service and region from an AWS hostname, where AWS names them. A CNAME, a
 * private endpoint or an emulator says nothing, and the route must set them.
 */
export function inferSigningScope(hostname: string): InferredSigningScope {
  const host = hostname.toLowerCase();
  for (const { pattern, service, region } of PATTERNS) {
    const match = pattern.exec(host);
    if (match) {
      return {
        service: service ?? match.groups?.service,
        region: region ?? match.groups?.region,
      };
    }
  }
  return {};
}
