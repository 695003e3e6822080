import { consoleLinkFor } from './consoleLinks';
import { describeArn } from './describeArn';

describe('describeArn', () => {
  it.each([
    [
      'arn:aws:lambda:us-east-1:111111111111:function:payments-api',
      'Lambda function',
      'payments-api',
    ],
    [
      'arn:aws:lambda:us-east-1:111111111111:function:payments-api:live',
      'Lambda function',
      'payments-api',
    ],
    [
      'arn:aws:dynamodb:us-east-1:111111111111:table/payments',
      'DynamoDB table',
      'payments',
    ],
    [
      'arn:aws:sqs:us-east-1:111111111111:payments-events',
      'SQS queue',
      'payments-events',
    ],
    [
      'arn:aws:sns:us-east-1:111111111111:payments-settled',
      'SNS topic',
      'payments-settled',
    ],
    [
      'arn:aws:s3:::payments-api-receipts',
      'S3 bucket',
      'payments-api-receipts',
    ],
    [
      'arn:aws:es:eu-west-1:222222222222:domain/orders-search',
      'OpenSearch domain',
      'orders-search',
    ],
    [
      'arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5',
      'API Gateway REST API',
      'a1b2c3d4e5',
    ],
    [
      'arn:aws:logs:us-east-1:111111111111:log-group:/aws/lambda/payments-api',
      'CloudWatch log group',
      '/aws/lambda/payments-api',
    ],
    [
      'arn:aws:ecs:us-east-1:111111111111:service/prod/payments',
      'ECS service',
      'payments',
    ],
    [
      'arn:aws-cn:lambda:cn-north-1:111111111111:function:f',
      'Lambda function',
      'f',
    ],
    ['arn:aws:glue:us-east-1:111111111111:job/nightly', 'glue job', 'nightly'],
  ])('%s is a %s named %s', (arn, typeLabel, name) => {
    expect(describeArn(arn)).toMatchObject({ typeLabel, name });
  });

  it('reads the partition, region and account', () => {
    expect(
      describeArn('arn:aws-us-gov:sqs:us-gov-west-1:111111111111:q'),
    ).toMatchObject({
      partition: 'aws-us-gov',
      service: 'sqs',
      region: 'us-gov-west-1',
      accountId: '111111111111',
    });
  });

  it.each(['not-an-arn', 'arn:aws:sqs', ''])('says %j is not an ARN', text => {
    expect(describeArn(text)).toBeUndefined();
  });
});

// The console page describeArn finds, as the card's rows use it.
const consoleUrlOf = (arn: string) => describeArn(arn)?.consoleUrl;

describe('console links', () => {
  it.each([
    [
      'arn:aws:lambda:us-east-1:111111111111:function:payments-api',
      'https://us-east-1.console.aws.amazon.com/lambda/home?region=us-east-1#/functions/payments-api',
    ],
    [
      'arn:aws:dynamodb:eu-west-1:222222222222:table/orders',
      'https://eu-west-1.console.aws.amazon.com/dynamodbv2/home?region=eu-west-1#table?name=orders',
    ],
    [
      'arn:aws:s3:::payments-api-receipts',
      'https://s3.console.aws.amazon.com/s3/buckets/payments-api-receipts',
    ],
    // A type link2aws has no page for, which we add.
    [
      'arn:aws:cloudwatch:eu-west-1:111111111111:alarm:p99-latency',
      'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/p99-latency',
    ],
    // The partition's own console host.
    [
      'arn:aws-cn:lambda:cn-north-1:111111111111:function:f',
      'https://cn-north-1.console.amazonaws.cn/lambda/home?region=cn-north-1#/functions/f',
    ],
    [
      'arn:aws-us-gov:lambda:us-gov-west-1:111111111111:function:f',
      'https://us-gov-west-1.console.amazonaws-us-gov.com/lambda/home?region=us-gov-west-1#/functions/f',
    ],
  ])('%s opens %s', (arn, url) => {
    expect(consoleUrlOf(arn)).toBe(url);
  });

  it('has no link for a type without a console page, nor for a non-ARN', () => {
    expect(consoleUrlOf('arn:aws:a4b:us-east-1:111111111111:room/x')).toBe(
      undefined,
    );
    expect(consoleUrlOf('not an ARN at all')).toBeUndefined();
  });

  it("goes through the Identity Center portal's shortcut into the resource's account", () => {
    const url = 'https://s3.console.aws.amazon.com/s3/buckets/b';
    expect(consoleLinkFor(url, '111111111111')).toBe(url);

    const link = new URL(
      consoleLinkFor(url, '111111111111', {
        portalSubdomain: 'd-9067000000',
        roleName: 'ReadOnlyAccess',
      }),
    );
    expect(link.origin).toBe('https://d-9067000000.awsapps.com');
    expect(link.pathname).toBe('/start/');
    const query = new URLSearchParams(link.hash.replace(/^#\/console\?/, ''));
    expect(Object.fromEntries(query)).toEqual({
      account_id: '111111111111',
      role_name: 'ReadOnlyAccess',
      destination: url,
    });

    const noRole = consoleLinkFor(url, '222222222222', {
      portalSubdomain: 'my-company',
    });
    expect(noRole).toBe(
      `https://my-company.awsapps.com/start/#/console?account_id=222222222222&destination=${encodeURIComponent(url)}`,
    );
  });
});
