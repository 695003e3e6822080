// Readable names for the resource types people tag most, keyed `<service>:<resource type>` as
// the ARN writes them (the type is empty for SQS queues, SNS topics and S3 buckets). A type not
// listed reads `<service> <type>`, which is still what AWS calls it.
const READABLE_TYPES: Record<string, string> = {
  'acm:certificate': 'ACM certificate',
  'apigateway:apis': 'API Gateway HTTP API',
  'apigateway:restapis': 'API Gateway REST API',
  'cloudformation:stack': 'CloudFormation stack',
  'cloudfront:distribution': 'CloudFront distribution',
  'cloudwatch:alarm': 'CloudWatch alarm',
  'dynamodb:table': 'DynamoDB table',
  'ec2:instance': 'EC2 instance',
  'ec2:security-group': 'EC2 security group',
  'ec2:subnet': 'VPC subnet',
  'ec2:volume': 'EBS volume',
  'ec2:vpc': 'VPC',
  'ecr:repository': 'ECR repository',
  'ecs:cluster': 'ECS cluster',
  'ecs:service': 'ECS service',
  'ecs:task-definition': 'ECS task definition',
  'elasticache:cluster': 'ElastiCache cluster',
  'elasticloadbalancing:loadbalancer': 'Load balancer',
  'elasticloadbalancing:targetgroup': 'Target group',
  'es:domain': 'OpenSearch domain',
  'events:rule': 'EventBridge rule',
  'firehose:deliverystream': 'Firehose stream',
  'iam:role': 'IAM role',
  'kinesis:stream': 'Kinesis stream',
  'kms:key': 'KMS key',
  'lambda:function': 'Lambda function',
  'logs:log-group': 'CloudWatch log group',
  'rds:cluster': 'Aurora cluster',
  'rds:db': 'RDS database',
  's3:': 'S3 bucket',
  'secretsmanager:secret': 'Secrets Manager secret',
  'sns:': 'SNS topic',
  'sqs:': 'SQS queue',
  'ssm:parameter': 'SSM parameter',
  'states:stateMachine': 'Step Functions state machine',
};

/** "Lambda function" for `lambda` / `function`; `glue job` for a type not in the table. */
export function readableResourceType(
  service: string,
  resourceType: string,
): string {
  return (
    READABLE_TYPES[`${service}:${resourceType}`] ??
    [service, resourceType].filter(Boolean).join(' ')
  );
}
