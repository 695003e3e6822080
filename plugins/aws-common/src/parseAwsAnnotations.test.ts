import type { Entity } from '@backstage/catalog-model';
import {
  AWS_ACCOUNT_ID_ANNOTATION,
  AWS_REGION_ANNOTATION,
  AWS_RESOURCE_TAGS_ANNOTATION,
} from './annotations';
import { AwsAnnotationError } from './errors';
import { isAwsAnnotated, parseAwsAnnotations } from './parseAwsAnnotations';

function entityWith(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments', annotations },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };
}

const ACCOUNT = { [AWS_ACCOUNT_ID_ANNOTATION]: '123456789012' };

describe('parseAwsAnnotations', () => {
  it.each([
    [
      'only an account ID',
      ACCOUNT,
      {
        accountId: '123456789012',
        region: undefined,
        regions: [],
        resourceTags: {},
      },
    ],
    [
      'account, region and tags',
      {
        ...ACCOUNT,
        [AWS_REGION_ANNOTATION]: 'eu-west-1',
        [AWS_RESOURCE_TAGS_ANNOTATION]: 'app=payments,env=prod',
      },
      {
        accountId: '123456789012',
        region: 'eu-west-1',
        regions: ['eu-west-1'],
        resourceTags: { app: 'payments', env: 'prod' },
      },
    ],
    [
      'surrounding whitespace',
      {
        [AWS_ACCOUNT_ID_ANNOTATION]: ' 123456789012 ',
        [AWS_REGION_ANNOTATION]: ' us-east-1 ',
        [AWS_RESOURCE_TAGS_ANNOTATION]: ' app = payments , env=prod ',
      },
      {
        accountId: '123456789012',
        region: 'us-east-1',
        regions: ['us-east-1'],
        resourceTags: { app: 'payments', env: 'prod' },
      },
    ],
    [
      'a GovCloud region',
      { ...ACCOUNT, [AWS_REGION_ANNOTATION]: 'us-gov-west-1' },
      {
        accountId: '123456789012',
        region: 'us-gov-west-1',
        regions: ['us-gov-west-1'],
        resourceTags: {},
      },
    ],
    [
      'a China region',
      { ...ACCOUNT, [AWS_REGION_ANNOTATION]: 'cn-northwest-1' },
      {
        accountId: '123456789012',
        region: 'cn-northwest-1',
        regions: ['cn-northwest-1'],
        resourceTags: {},
      },
    ],
    [
      'an ISO region',
      { ...ACCOUNT, [AWS_REGION_ANNOTATION]: 'us-isob-east-1' },
      {
        accountId: '123456789012',
        region: 'us-isob-east-1',
        regions: ['us-isob-east-1'],
        resourceTags: {},
      },
    ],
    [
      'several regions, repeats dropped',
      {
        ...ACCOUNT,
        [AWS_REGION_ANNOTATION]: 'eu-west-1, us-east-1,eu-west-1',
      },
      {
        accountId: '123456789012',
        region: 'eu-west-1',
        regions: ['eu-west-1', 'us-east-1'],
        resourceTags: {},
      },
    ],
    [
      'an empty tag value',
      { ...ACCOUNT, [AWS_RESOURCE_TAGS_ANNOTATION]: 'team=' },
      {
        accountId: '123456789012',
        region: undefined,
        regions: [],
        resourceTags: { team: '' },
      },
    ],
    [
      'a value holding "="',
      { ...ACCOUNT, [AWS_RESOURCE_TAGS_ANNOTATION]: 'query=a=b' },
      {
        accountId: '123456789012',
        region: undefined,
        regions: [],
        resourceTags: { query: 'a=b' },
      },
    ],
    [
      'an empty tags annotation',
      { ...ACCOUNT, [AWS_RESOURCE_TAGS_ANNOTATION]: '' },
      {
        accountId: '123456789012',
        region: undefined,
        regions: [],
        resourceTags: {},
      },
    ],
    [
      'AWS tag characters',
      {
        ...ACCOUNT,
        [AWS_RESOURCE_TAGS_ANNOTATION]:
          'aws:cloudformation:stack-name=pay-1,owner@team=a/b+c',
      },
      {
        accountId: '123456789012',
        region: undefined,
        regions: [],
        resourceTags: {
          'aws:cloudformation:stack-name': 'pay-1',
          'owner@team': 'a/b+c',
        },
      },
    ],
  ])('reads %s', (_name, annotations, expected) => {
    expect(parseAwsAnnotations(entityWith(annotations))).toEqual({
      ok: true,
      value: expected,
    });
  });

  it.each([
    [
      'no annotations at all',
      {},
      'MissingAccountId',
      AWS_ACCOUNT_ID_ANNOTATION,
      /has no aws-bridge.io\/aws-account-id/,
    ],
    [
      'a blank account ID',
      { [AWS_ACCOUNT_ID_ANNOTATION]: '  ' },
      'MissingAccountId',
      AWS_ACCOUNT_ID_ANNOTATION,
      /has no/,
    ],
    [
      'an 11-digit account ID',
      { [AWS_ACCOUNT_ID_ANNOTATION]: '12345678901' },
      'InvalidAccountId',
      AWS_ACCOUNT_ID_ANNOTATION,
      /12-digit.*'12345678901'/,
    ],
    [
      'a 13-digit account ID',
      { [AWS_ACCOUNT_ID_ANNOTATION]: '1234567890123' },
      'InvalidAccountId',
      AWS_ACCOUNT_ID_ANNOTATION,
      /12-digit/,
    ],
    [
      'an account ID with letters',
      { [AWS_ACCOUNT_ID_ANNOTATION]: '12345678901a' },
      'InvalidAccountId',
      AWS_ACCOUNT_ID_ANNOTATION,
      /12-digit/,
    ],
    [
      'an account ARN instead of an ID',
      { [AWS_ACCOUNT_ID_ANNOTATION]: 'arn:aws:iam::123456789012:root' },
      'InvalidAccountId',
      AWS_ACCOUNT_ID_ANNOTATION,
      /12-digit/,
    ],
    [
      'a region in capitals',
      { ...ACCOUNT, [AWS_REGION_ANNOTATION]: 'US-EAST-1' },
      'InvalidRegion',
      AWS_REGION_ANNOTATION,
      /'US-EAST-1'/,
    ],
    [
      'a region without its number',
      { ...ACCOUNT, [AWS_REGION_ANNOTATION]: 'us-east' },
      'InvalidRegion',
      AWS_REGION_ANNOTATION,
      /AWS region/,
    ],
    [
      'an availability zone for a region',
      { ...ACCOUNT, [AWS_REGION_ANNOTATION]: 'us-east-1a' },
      'InvalidRegion',
      AWS_REGION_ANNOTATION,
      /AWS region/,
    ],
    [
      'an empty region',
      { ...ACCOUNT, [AWS_REGION_ANNOTATION]: '' },
      'InvalidRegion',
      AWS_REGION_ANNOTATION,
      /AWS region/,
    ],
    [
      'a trailing comma after a region',
      { ...ACCOUNT, [AWS_REGION_ANNOTATION]: 'us-east-1,' },
      'InvalidRegion',
      AWS_REGION_ANNOTATION,
      /got ''/,
    ],
    [
      'one bad region among good ones',
      { ...ACCOUNT, [AWS_REGION_ANNOTATION]: 'us-east-1, Frankfurt' },
      'InvalidRegion',
      AWS_REGION_ANNOTATION,
      /got 'Frankfurt'/,
    ],
    [
      'a tag without "="',
      { ...ACCOUNT, [AWS_RESOURCE_TAGS_ANNOTATION]: 'app=payments,prod' },
      'InvalidResourceTags',
      AWS_RESOURCE_TAGS_ANNOTATION,
      /'prod' has no '='/,
    ],
    [
      'a tag with an empty key',
      { ...ACCOUNT, [AWS_RESOURCE_TAGS_ANNOTATION]: '=payments' },
      'InvalidResourceTags',
      AWS_RESOURCE_TAGS_ANNOTATION,
      /empty key/,
    ],
    [
      'a trailing comma',
      { ...ACCOUNT, [AWS_RESOURCE_TAGS_ANNOTATION]: 'app=payments,' },
      'InvalidResourceTags',
      AWS_RESOURCE_TAGS_ANNOTATION,
      /has no '='/,
    ],
    [
      'a repeated key',
      { ...ACCOUNT, [AWS_RESOURCE_TAGS_ANNOTATION]: 'app=a,app=b' },
      'InvalidResourceTags',
      AWS_RESOURCE_TAGS_ANNOTATION,
      /'app' appears twice/,
    ],
    [
      'a key over 128 characters',
      { ...ACCOUNT, [AWS_RESOURCE_TAGS_ANNOTATION]: `${'k'.repeat(129)}=v` },
      'InvalidResourceTags',
      AWS_RESOURCE_TAGS_ANNOTATION,
      /over 128/,
    ],
    [
      'a value over 256 characters',
      { ...ACCOUNT, [AWS_RESOURCE_TAGS_ANNOTATION]: `k=${'v'.repeat(257)}` },
      'InvalidResourceTags',
      AWS_RESOURCE_TAGS_ANNOTATION,
      /over 256/,
    ],
  ])('refuses %s', (_name, annotations, code, annotation, message) => {
    const result = parseAwsAnnotations(entityWith(annotations));
    if (result.ok) {
      throw new Error(`expected an error, got ${JSON.stringify(result.value)}`);
    }
    expect(result.error).toBeInstanceOf(AwsAnnotationError);
    expect(result.error.name).toBe('AwsAnnotationError');
    expect(result.error.code).toBe(code);
    expect(result.error.annotation).toBe(annotation);
    expect(result.error.message).toMatch(message);
  });

  it('keeps a "__proto__" tag key as data, not as the prototype', () => {
    const result = parseAwsAnnotations(
      entityWith({
        ...ACCOUNT,
        [AWS_RESOURCE_TAGS_ANNOTATION]: '__proto__=x,app=y',
      }),
    );
    if (!result.ok) throw result.error;
    expect(Object.keys(result.value.resourceTags)).toEqual([
      '__proto__',
      'app',
    ]);
    expect(Object.getPrototypeOf(result.value.resourceTags)).toBe(
      Object.prototype,
    );
  });

  it('reads an entity without metadata.annotations', () => {
    const entity = entityWith({});
    delete entity.metadata.annotations;
    const result = parseAwsAnnotations(entity);
    expect(result.ok ? 'ok' : result.error.code).toBe('MissingAccountId');
  });
});

describe('isAwsAnnotated', () => {
  it.each([
    [{}, false],
    [{ [AWS_ACCOUNT_ID_ANNOTATION]: '' }, false],
    [ACCOUNT, true],
    [{ [AWS_REGION_ANNOTATION]: 'us-east-1' }, false],
  ])('%j -> %s', (annotations, expected) => {
    expect(isAwsAnnotated(entityWith(annotations))).toBe(expected);
  });
});
