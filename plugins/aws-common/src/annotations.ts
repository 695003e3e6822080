/**
 * The catalog annotations the aws-bridge plugins read from an entity.
 *
 * @public
 */
export const AWS_ACCOUNT_ID_ANNOTATION = 'aws-bridge.io/aws-account-id';

/**
 * The entity's default AWS region, for example `eu-west-1`.
 *
 * @public
 */
export const AWS_REGION_ANNOTATION = 'aws-bridge.io/aws-region';

/**
 * The tags that mark the entity's AWS resources, written `key=value,key2=value2`.
 *
 * @public
 */
export const AWS_RESOURCE_TAGS_ANNOTATION = 'aws-bridge.io/aws-resource-tags';
