import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { DeploySettings } from './settings';

/**
 * What the backend's own AWS identity may do: one statement per feature that is switched on,
 * each with the fewest actions that feature calls (docs/deploy.md, "The task role"). Nothing
 * else: proxy routes into other accounts get their permissions from the roles they assume.
 */
export function taskRoleStatements(
  scope: Construct,
  settings: DeploySettings['taskRole'],
): iam.PolicyStatement[] {
  const stack = Stack.of(scope);
  const statements: iam.PolicyStatement[] = [];

  if (settings.assumeRoles.length > 0) {
    // aws.accounts with roleName, and routes with roleArn (plugins/aws-node).
    statements.push(
      new iam.PolicyStatement({
        sid: 'AssumeAccountRoles',
        actions: ['sts:AssumeRole'],
        resources: settings.assumeRoles,
      }),
    );
  }
  if (settings.invokeApis.length > 0) {
    // aws.proxy.routes whose target is an API Gateway API in this account.
    statements.push(
      new iam.PolicyStatement({
        sid: 'InvokeProxiedApis',
        actions: ['execute-api:Invoke'],
        resources: settings.invokeApis,
      }),
    );
  }
  if (settings.resourceTagging) {
    // The entity card's resources route (aws.entityCard.resourcesRoute). The Tagging API has
    // no resource-level permissions, so its resource is '*'; the actions are read-only.
    statements.push(
      new iam.PolicyStatement({
        sid: 'EntityCardResources',
        actions: ['tag:GetResources', 'tag:GetTagKeys', 'tag:GetTagValues'],
        resources: ['*'],
      }),
    );
  }
  if (settings.accountAliases) {
    // The entity card's account alias route (aws.entityCard.accountAliasRoute).
    statements.push(
      new iam.PolicyStatement({
        sid: 'EntityCardAccountAlias',
        actions: ['iam:ListAccountAliases'],
        resources: ['*'],
      }),
    );
  }
  if (settings.cognitoUserPools.length > 0) {
    // catalog.providers.awsDirectory entries with userPoolId.
    statements.push(
      new iam.PolicyStatement({
        sid: 'DirectorySyncCognito',
        actions: [
          'cognito-idp:ListUsers',
          'cognito-idp:ListGroups',
          'cognito-idp:ListUsersInGroup',
        ],
        resources: settings.cognitoUserPools,
      }),
    );
  }
  if (settings.identityStoreIds.length > 0) {
    // catalog.providers.awsDirectory entries with identityStoreId. Identity Store actions
    // are authorized on the store and on the users, groups and memberships they list.
    statements.push(
      new iam.PolicyStatement({
        sid: 'DirectorySyncIdentityStore',
        actions: [
          'identitystore:ListUsers',
          'identitystore:ListGroups',
          'identitystore:ListGroupMemberships',
        ],
        resources: [
          ...settings.identityStoreIds.map(
            id =>
              `arn:${stack.partition}:identitystore::${stack.account}:identitystore/${id}`,
          ),
          `arn:${stack.partition}:identitystore:::user/*`,
          `arn:${stack.partition}:identitystore:::group/*`,
          `arn:${stack.partition}:identitystore:::membership/*`,
        ],
      }),
    );
  }
  return statements;
}

export function createTaskRole(
  scope: Construct,
  settings: DeploySettings['taskRole'],
): iam.Role {
  const role = new iam.Role(scope, 'TaskRole', {
    assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
    description:
      "The Backstage backend's AWS identity: one statement per feature (docs/deploy.md)",
  });
  for (const statement of taskRoleStatements(scope, settings)) {
    role.addToPolicy(statement);
  }
  return role;
}
