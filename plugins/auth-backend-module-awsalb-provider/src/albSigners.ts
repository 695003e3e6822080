// Which ALBs may sign the tokens (`signer`, `signers`, `dangerouslyAllowAnySigner`), and where
// their public keys are served (`publicKeyEndpoint`, `region`, or the signers' region).
import {
  isAwsAccountId,
  isAwsPartition,
  isAwsRegion,
} from '@aws-bridge/plugin-aws-common';
import { parse as parseArn, validate as isArn } from '@aws-sdk/util-arn-parser';
import { Config } from '@backstage/config';
import {
  configError,
  readHttpUrl,
  readString,
  readStringList,
} from './configReaders';

/**
 * The resource part of an Application Load Balancer's ARN: `loadbalancer/app/<name>/<id>`.
 * The SDK's parser splits an ARN into its fields; what an ALB's resource looks like is ours.
 */
const ALB_RESOURCE = /^loadbalancer\/app\/[A-Za-z0-9-]{1,32}\/[0-9a-f]{1,32}$/;

/** An Application Load Balancer ARN's region and account. */
export type AlbArn = { region: string; accountId: string };

/**
 * The region and account of an Application Load Balancer ARN, or undefined when the string is
 * not one: a known partition, `elasticloadbalancing`, a region, a 12-digit account and an
 * `app` load balancer (a network load balancer signs nothing).
 */
export function parseAlbArn(arn: string): AlbArn | undefined {
  if (!isArn(arn)) return undefined;
  const { partition, service, region, accountId, resource } = parseArn(arn);
  const isAlb =
    isAwsPartition(partition) &&
    service === 'elasticloadbalancing' &&
    isAwsRegion(region) &&
    isAwsAccountId(accountId) &&
    ALB_RESOURCE.test(resource);
  return isAlb ? { region, accountId } : undefined;
}

/**
 * The public key endpoint AWS documents for a region: the regional ELB endpoint, and for
 * GovCloud the regional S3 bucket.
 */
export function defaultPublicKeyEndpoint(region: string): string {
  if (region.startsWith('us-gov-')) {
    return `https://s3-${region}.amazonaws.com/aws-elb-public-keys-prod-${region}`;
  }
  return `https://public-keys.auth.elb.${region}.amazonaws.com`;
}

/** The ALB ARNs whose signature is accepted, or 'any' when `dangerouslyAllowAnySigner`. */
export function readSigners(config: Config): string[] | 'any' {
  const signer = readString(config, 'signer');
  const signers = readStringList(config, 'signers');
  const allowAny = config.getOptionalBoolean('dangerouslyAllowAnySigner');
  if (signer !== undefined && signers !== undefined) {
    throw configError('signers', "set either 'signer' or 'signers', not both");
  }
  const list = signers ?? (signer === undefined ? undefined : [signer]);
  if (list === undefined) {
    if (allowAny) return 'any';
    throw configError(
      'signer',
      "is required: the ARN of the ALB that signs the tokens (or a list in 'signers'). " +
        'Without it, any ALB in any AWS account could sign users in. ' +
        "Set 'dangerouslyAllowAnySigner: true' only if something else guarantees the ALB.",
    );
  }
  if (allowAny) {
    throw configError(
      'dangerouslyAllowAnySigner',
      `cannot be combined with '${signers ? 'signers' : 'signer'}'`,
    );
  }
  list.forEach((arn, index) => {
    if (!parseAlbArn(arn)) {
      const key = signers ? `signers[${index}]` : 'signer';
      throw configError(
        key,
        `'${arn}' is not an Application Load Balancer ARN ` +
          '(arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/app/<name>/<id>)',
      );
    }
  });
  return list;
}

/**
 * Where the ALB's keys are: `publicKeyEndpoint`, else the endpoint of `region`, else that of
 * the signers' one region. Keys are served per region, so signers in two regions need one set.
 */
export function readPublicKeyEndpoint(
  config: Config,
  signers: string[] | 'any',
): string {
  const endpoint = readHttpUrl(config, 'publicKeyEndpoint');
  const region = readString(config, 'region');
  if (region !== undefined && !isAwsRegion(region)) {
    throw configError('region', `'${region}' is not an AWS region`);
  }
  // The kid is appended after a slash: `https://keys.example/` and `https://keys.example` are one endpoint.
  if (endpoint) return endpoint.replace(/\/+$/, '');
  if (region) return defaultPublicKeyEndpoint(region);
  if (signers === 'any') {
    throw configError(
      'region',
      "is required when no signer is configured (or set 'publicKeyEndpoint')",
    );
  }
  const regions = [...new Set(signers.map(arn => parseAlbArn(arn)!.region))];
  if (regions.length > 1) {
    throw configError(
      'region',
      `is required: the signers are in ${regions.join(' and ')}; ` +
        "an ALB's keys are served per region, so set 'region' or 'publicKeyEndpoint'",
    );
  }
  return defaultPublicKeyEndpoint(regions[0]);
}
