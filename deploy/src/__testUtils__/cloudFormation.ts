/**
 * What CloudFormation would put in place of a template's intrinsics at deploy time, for the
 * resources these tests meet: the stack's values are what a real deployment in us-east-1
 * would get, in their real formats (an ALB ARN, a user pool ID, an RDS endpoint).
 */
const DEPLOYED: Record<string, (attribute?: string) => string> = {
  'AWS::ElasticLoadBalancingV2::LoadBalancer': attribute =>
    attribute === 'DNSName'
      ? 'Backst-Alb16-1a2b3c4d5e6f-123456789.us-east-1.elb.amazonaws.com'
      : 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/Backst-Alb16-1a2b3c4d5e6f/50dc6c495c0c9188',
  'AWS::Cognito::UserPool': attribute =>
    attribute === 'Arn'
      ? 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Ab12Cd34E'
      : 'us-east-1_Ab12Cd34E',
  'AWS::Cognito::UserPoolClient': () => '5ouq3o9r0o4c1v7m9k3c2p1gq8',
  'AWS::Cognito::UserPoolDomain': () => 'example-backstage',
  'AWS::RDS::DBInstance': attribute =>
    attribute === 'Endpoint.Port'
      ? '5432'
      : 'backstage-db.c1a2b3c4d5e6.us-east-1.rds.amazonaws.com',
};

const PSEUDO_PARAMETERS: Record<string, string> = {
  'AWS::Region': 'us-east-1',
  'AWS::AccountId': '123456789012',
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
};

type Resources = Record<string, { Type: string }>;

function deployedValue(
  resources: Resources,
  id: string,
  attribute?: string,
): string {
  const type = resources[id]?.Type;
  const value = type && DEPLOYED[type];
  if (!value) {
    throw new Error(`no deployed value for ${id} (${type ?? 'unknown'})`);
  }
  return value(attribute);
}

/** Resolves `Ref`, `Fn::GetAtt` and `Fn::Join` in a template value, as CloudFormation would. */
export function resolveIntrinsics(
  value: unknown,
  resources: Resources,
): string {
  if (typeof value === 'string') return value;
  const v = value as Record<string, any>;
  if (typeof v?.Ref === 'string') {
    return PSEUDO_PARAMETERS[v.Ref] ?? deployedValue(resources, v.Ref);
  }
  if (Array.isArray(v?.['Fn::GetAtt'])) {
    const [id, attribute] = v['Fn::GetAtt'];
    return deployedValue(resources, id, attribute);
  }
  if (Array.isArray(v?.['Fn::Join'])) {
    const [separator, parts] = v['Fn::Join'];
    return (parts as unknown[])
      .map(part => resolveIntrinsics(part, resources))
      .join(separator);
  }
  throw new Error(`cannot resolve ${JSON.stringify(value)}`);
}
