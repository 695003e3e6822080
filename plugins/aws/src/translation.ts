import { createTranslationRef } from '@backstage/core-plugin-api/alpha';

/**
 * The aws plugin's strings, so an app can reword or translate them (Backstage's translation
 * API; in the new frontend system with a `TranslationBlueprint`).
 *
 * @alpha
 */
export const awsTranslationRef = createTranslationRef({
  id: 'aws',
  messages: {
    entityCard: {
      title: 'AWS',
      refresh: 'Refresh',
      account: 'Account',
      regions: 'Regions',
      routeDefaultRegion: "the route's default region",
      resourceTags: 'Resource tags',
      aliasUnavailable: 'The account alias could not be read: {{reason}}',
      invalidAnnotation: 'The {{annotation}} annotation is not valid',
      invalidConfig: 'The app config for the AWS card is not valid',
      noTags: {
        title: 'No resource tags to search by',
        message:
          "Add the aws-bridge.io/aws-resource-tags annotation (for example 'app=payments-api,env=prod') to list the resources that carry those tags.",
      },
      empty:
        'No resources carry the tags {{tags}} in account {{accountId}} ({{regions}}). Check the tags on the resources, or the aws-bridge.io/aws-resource-tags annotation.',
      types: 'Resource types',
      summary_one: '{{count}} resource',
      summary_other: '{{count}} resources',
      table: {
        name: 'Name',
        type: 'Type',
        region: 'Region',
        console: 'Console',
        open: 'Open',
        global: 'global',
        copyArn: 'Copy ARN',
        arnCopied: 'ARN copied',
        noConsolePage: 'No console page for this type',
        search: 'Filter',
      },
      errors: {
        inRegions: 'In {{regions}}.',
        accountNotAllowed: {
          title:
            'The proxy route {{route}} does not allow account {{accountId}}',
          hint: "Add the account to the route's accounts list in aws.proxy.routes, or use a route that allows it (aws.entityCard.resourcesRoute).",
        },
        accountNotConfigured: {
          title: 'Account {{accountId}} has no AWS credentials configured',
          hint: 'Add it under aws.accounts in the backend config, or set aws.accountDefaults.roleName.',
        },
        regionNotAllowed: {
          title: 'The proxy route {{route}} does not serve {{region}}',
          hint: "Add the region to the route's regions list in aws.proxy.routes, or fix the entity's aws-bridge.io/aws-region annotation.",
        },
        routeNotFound: {
          title: 'The proxy route {{route}} does not exist',
          hint: 'Add it under aws.proxy.routes in the backend config, or set aws.entityCard.resourcesRoute to the route the card should use.',
        },
        permissionDenied: {
          title: 'You may not use the proxy route {{route}}',
          hint: "Ask a Backstage admin to allow you the route's permission.",
        },
        operationNotAllowed: {
          title: 'The proxy route {{route}} does not forward this call',
          hint: 'The card calls POST {{operation}}; allow it in the route’s allowedMethods and allowedOperations.',
        },
        credentialsFailed: {
          title: 'Could not get AWS credentials for account {{accountId}}',
          hint: 'An admin can see why on the AWS admin page or in the backend log.',
        },
        notSignedIn: {
          title: 'Your Backstage session has ended',
          hint: 'Reload the page to sign in again.',
        },
        proxyRefused: {
          title: 'The AWS proxy refused the call (HTTP {{status}})',
        },
        accessDenied: {
          title: "AWS refused: the route's role may not call {{action}}",
          hint: 'Allow {{action}} in the IAM policy of the role the route {{route}} uses in account {{accountId}}.',
        },
        awsError: {
          title: 'AWS answered with {{code}}',
        },
        unreachable: {
          title: 'The Backstage backend could not be reached',
          hint: 'Check your connection, then refresh.',
        },
        unexpected: {
          title: 'The resources could not be listed',
        },
        awsSaid: 'AWS said: {{message}}',
      },
    },
  },
});
