import { Match, Template } from 'aws-cdk-lib/assertions';
import {
  COGNITO_SETTINGS,
  OIDC_SETTINGS,
  onlyResource,
  referencedId,
  synthesize,
} from './__testUtils__/synthesize';
import { DeploySettingsInput } from './settings';

const EXISTING_COGNITO: DeploySettingsInput = {
  ...COGNITO_SETTINGS,
  signIn: {
    cognito: {
      domainPrefix: 'corp-login',
      userPoolId: 'us-east-1_Existing1',
      userPoolClientId: '1example23456789abcdef',
    },
  },
};

const EXISTING_VPC: DeploySettingsInput = {
  ...COGNITO_SETTINGS,
  vpc: {
    existing: {
      vpcId: 'vpc-0123456789abcdef0',
      availabilityZones: ['us-east-1a', 'us-east-1b'],
      publicSubnetIds: ['subnet-0aaaaaaaaaaaaaaaa', 'subnet-0bbbbbbbbbbbbbbbb'],
      privateSubnetIds: [
        'subnet-0cccccccccccccccc',
        'subnet-0dddddddddddddddd',
      ],
    },
  },
};

// Each is synthesized once: a synth takes a few hundred milliseconds.
const variants: Array<[string, DeploySettingsInput]> = [
  ['a new Cognito user pool', COGNITO_SETTINGS],
  ['an existing Cognito user pool', EXISTING_COGNITO],
  ['an OIDC IdP', OIDC_SETTINGS],
  ['an existing VPC', EXISTING_VPC],
];
const templates = new Map(
  variants.map(([name, settings]) => [name, synthesize(settings)]),
);

type Resources = Record<string, { Type: string; Properties?: any }>;

function resourcesOf(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}

/** Every ingress rule of a security group: inline, and standalone SecurityGroupIngress. */
function ingressRules(template: Template, groupId: string) {
  const group = resourcesOf(template, 'AWS::EC2::SecurityGroup')[groupId];
  const inline = (group.Properties.SecurityGroupIngress ?? []) as any[];
  const standalone = Object.values(
    resourcesOf(template, 'AWS::EC2::SecurityGroupIngress'),
  )
    .map(r => r.Properties)
    .filter(p => referencedId(p.GroupId) === groupId);
  return [...inline, ...standalone];
}

function serviceSecurityGroupId(template: Template): string {
  const { properties } = onlyResource(template, 'AWS::ECS::Service');
  const groups =
    properties.NetworkConfiguration.AwsvpcConfiguration.SecurityGroups;
  expect(groups).toHaveLength(1);
  return referencedId(groups[0])!;
}

function albSecurityGroupId(template: Template): string {
  const { properties } = onlyResource(
    template,
    'AWS::ElasticLoadBalancingV2::LoadBalancer',
  );
  expect(properties.SecurityGroups).toHaveLength(1);
  return referencedId(properties.SecurityGroups[0])!;
}

/** The properties of the ALB's one listener. */
function listenerOf(template: Template) {
  return onlyResource(template, 'AWS::ElasticLoadBalancingV2::Listener')
    .properties;
}

/** Every statement of every policy on the ECS task role. */
function taskRoleStatementsOf(template: Template): any[] {
  const task = onlyResource(template, 'AWS::ECS::TaskDefinition').properties;
  const roleId = referencedId(task.TaskRoleArn)!;
  const role = resourcesOf(template, 'AWS::IAM::Role')[roleId].Properties;
  expect(role.ManagedPolicyArns ?? []).toEqual([]);
  return [
    ...(role.Policies ?? []).flatMap((p: any) => p.PolicyDocument.Statement),
    ...Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
      .filter(p =>
        p.Properties.Roles.some((r: any) => referencedId(r) === roleId),
      )
      .flatMap(p => p.Properties.PolicyDocument.Statement),
  ];
}

describe.each(variants)('the stack with %s', name => {
  const template = templates.get(name)!;

  it('admits traffic to the tasks only from the ALB, on the backend port', () => {
    const rules = ingressRules(template, serviceSecurityGroupId(template));
    expect(rules).toEqual([
      expect.objectContaining({
        IpProtocol: 'tcp',
        FromPort: 7007,
        ToPort: 7007,
        SourceSecurityGroupId: {
          'Fn::GetAtt': [albSecurityGroupId(template), 'GroupId'],
        },
      }),
    ]);
    expect(rules[0]).not.toHaveProperty('CidrIp');

    const service = onlyResource(template, 'AWS::ECS::Service').properties;
    expect(
      service.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp,
    ).toBe('DISABLED');
    expect(service.DesiredCount).toBe(2);
    expect(service.LaunchType).toBe('FARGATE');
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      TargetType: 'ip',
      Port: 7007,
      HealthCheckPath: '/.backstage/health/v1/readiness',
    });
  });

  it('admits only HTTPS from the allowed CIDRs to the ALB', () => {
    const alb = onlyResource(
      template,
      'AWS::ElasticLoadBalancingV2::LoadBalancer',
    ).properties;
    expect(alb.Scheme).toBe('internet-facing');
    expect(ingressRules(template, albSecurityGroupId(template))).toEqual([
      expect.objectContaining({
        CidrIp: '0.0.0.0/0',
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
      }),
    ]);
  });

  it('listens on HTTPS only, with the certificate from the settings', () => {
    const listeners = Object.values(
      resourcesOf(template, 'AWS::ElasticLoadBalancingV2::Listener'),
    ).map(l => l.Properties);
    expect(listeners).toHaveLength(1);
    expect(listeners[0]).toMatchObject({
      Protocol: 'HTTPS',
      Port: 443,
      Certificates: [{ CertificateArn: COGNITO_SETTINGS.certificateArn }],
      SslPolicy: expect.stringMatching(/^ELBSecurityPolicy-TLS13-/),
    });
  });

  it('authenticates on every rule: deny for /api/*, a login for the rest', () => {
    const listener = onlyResource(
      template,
      'AWS::ElasticLoadBalancingV2::Listener',
    );
    const rules = Object.values(
      resourcesOf(template, 'AWS::ElasticLoadBalancingV2::ListenerRule'),
    ).map(r => r.Properties);
    // The default action and each rule: authenticate first, then forward.
    const actionLists = [
      { path: 'default', actions: listener.properties.DefaultActions },
      ...rules.map(rule => {
        expect(referencedId(rule.ListenerArn)).toBe(listener.id);
        return {
          path: rule.Conditions.flatMap(
            (c: any) => c.PathPatternConfig.Values,
          ).join(','),
          actions: rule.Actions,
        };
      }),
    ];
    expect(actionLists.map(a => a.path).sort()).toEqual(['/api/*', 'default']);
    for (const { path, actions } of actionLists) {
      const sorted = [...actions].sort((a: any, b: any) => a.Order - b.Order);
      expect(sorted.map((a: any) => a.Type)).toEqual([
        expect.stringMatching(/^authenticate-(cognito|oidc)$/),
        'forward',
      ]);
      const config =
        sorted[0].AuthenticateCognitoConfig ?? sorted[0].AuthenticateOidcConfig;
      expect(config.OnUnauthenticatedRequest).toBe(
        path === '/api/*' ? 'deny' : 'authenticate',
      );
    }
  });

  it('keeps the database private, encrypted and reachable only from the tasks', () => {
    const db = onlyResource(template, 'AWS::RDS::DBInstance').properties;
    expect(db).toMatchObject({
      Engine: 'postgres',
      PubliclyAccessible: false,
      StorageEncrypted: true,
    });
    const dbGroups = db.VPCSecurityGroups.map(referencedId);
    expect(dbGroups).toHaveLength(1);
    expect(ingressRules(template, dbGroups[0])).toEqual([
      expect.objectContaining({
        SourceSecurityGroupId: {
          'Fn::GetAtt': [serviceSecurityGroupId(template), 'GroupId'],
        },
      }),
    ]);
    // TLS is required: the parameter group forces it.
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', {
      Parameters: { 'rds.force_ssl': '1' },
    });
  });

  it('gives the tasks the database credentials from Secrets Manager only', () => {
    const task = onlyResource(template, 'AWS::ECS::TaskDefinition').properties;
    const [container] = task.ContainerDefinitions;
    expect(container.Secrets.map((s: any) => s.Name).sort()).toEqual([
      'POSTGRES_PASSWORD',
      'POSTGRES_USER',
    ]);
    const names = container.Environment.map((e: any) => e.Name);
    expect(names).not.toContain('POSTGRES_PASSWORD');
    expect(JSON.stringify(template.toJSON())).not.toMatch(
      /MasterUserPassword"\s*:\s*"/,
    );
  });

  it('gives the task role no wildcard action', () => {
    const statements = taskRoleStatementsOf(template);
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(statement.Effect).toBe('Allow');
      expect(statement).not.toHaveProperty('NotAction');
      for (const action of [statement.Action].flat()) {
        expect(action).not.toContain('*');
      }
    }
  });
});

describe('the task role', () => {
  it('has one statement per feature, each naming it', () => {
    const statements = taskRoleStatementsOf(templates.get('an OIDC IdP')!);
    expect(statements.map(s => s.Sid)).toEqual([
      'AssumeAccountRoles',
      'InvokeProxiedApis',
      'EntityCardResources',
      'EntityCardAccountAlias',
      'DirectorySyncCognito',
      'DirectorySyncIdentityStore',
    ]);
    // '*' as a resource only where the API has no resource-level permissions.
    expect(
      statements.filter(s => [s.Resource].flat().includes('*')).map(s => s.Sid),
    ).toEqual(['EntityCardResources', 'EntityCardAccountAlias']);
  });

  it('has no statement when no feature is on', () => {
    const template = synthesize({ ...COGNITO_SETTINGS, taskRole: {} });
    expect(taskRoleStatementsOf(template)).toEqual([]);
  });
});

describe('the ALB', () => {
  it('admits only the allowed CIDRs, when they are narrowed', () => {
    const template = synthesize({
      ...COGNITO_SETTINGS,
      allowedCidrs: ['203.0.113.0/24', '198.51.100.0/24'],
    });
    const rules = ingressRules(template, albSecurityGroupId(template));
    expect(rules.map(r => [r.CidrIp, r.FromPort, r.ToPort])).toEqual([
      ['203.0.113.0/24', 443, 443],
      ['198.51.100.0/24', 443, 443],
    ]);
  });
});

describe('the sign-in rules', () => {
  it.each([
    ['Cognito', COGNITO_SETTINGS, 'AuthenticateCognitoConfig'],
    ['OIDC', OIDC_SETTINGS, 'AuthenticateOidcConfig'],
  ] as const)(
    'carry the configured session timeout, scopes and cookie on every %s rule',
    (_, base, configKey) => {
      const template = synthesize({
        ...base,
        signIn: {
          ...base.signIn,
          sessionTimeout: '8h',
          scopes: ['openid', 'email'],
          sessionCookieName: 'BackstageSession',
        },
      });
      // CloudFormation types SessionTimeout as a string on a listener and a number on a rule.
      const expected = {
        Scope: 'openid email',
        SessionCookieName: 'BackstageSession',
      };
      const listener = listenerOf(template);
      const rule = onlyResource(
        template,
        'AWS::ElasticLoadBalancingV2::ListenerRule',
      ).properties;
      for (const actions of [listener.DefaultActions, rule.Actions]) {
        const { SessionTimeout, ...rest } = actions.find(
          (a: any) => a[configKey],
        )[configKey];
        expect(String(SessionTimeout)).toBe(String(8 * 3600));
        expect(rest).toMatchObject(expected);
      }
    },
  );

  it('defaults to a 12 hour session with openid, email and profile', () => {
    const listener = listenerOf(templates.get('an OIDC IdP')!);
    expect(listener.DefaultActions[0].AuthenticateOidcConfig).toMatchObject({
      SessionTimeout: '43200',
      Scope: 'openid email profile',
      SessionCookieName: 'AWSELBAuthSessionCookie',
    });
  });

  it('reads the OIDC client secret from Secrets Manager at deploy time', () => {
    const template = templates.get('an OIDC IdP')!;
    const listener = listenerOf(template);
    const config = listener.DefaultActions[0].AuthenticateOidcConfig;
    expect(config).toMatchObject({
      Issuer: 'https://example.okta.com/oauth2/default',
      ClientId: '0oa1example',
      ClientSecret:
        '{{resolve:secretsmanager:backstage/oidc-client-secret:SecretString:::}}',
    });
    // The ALB reaches the IdP's token and user info endpoints over HTTPS.
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupEgress: Match.arrayWith([
        Match.objectLike({ CidrIp: '0.0.0.0/0', FromPort: 443, ToPort: 443 }),
      ]),
    });
  });

  it('creates a Cognito app client for the ALB with a secret and its callback URL', () => {
    const template = templates.get('a new Cognito user pool')!;
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      CallbackURLs: ['https://backstage.example.com/oauth2/idpresponse'],
      LogoutURLs: ['https://backstage.example.com/'],
    });
    // Nobody signs themselves up: an administrator invites people.
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
  });

  it('uses an existing user pool without creating one', () => {
    const template = templates.get('an existing Cognito user pool')!;
    template.resourceCountIs('AWS::Cognito::UserPool', 0);
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 0);
    const listener = listenerOf(template);
    expect(listener.DefaultActions[0].AuthenticateCognitoConfig).toMatchObject({
      UserPoolClientId: '1example23456789abcdef',
      UserPoolDomain: 'corp-login',
      UserPoolArn: expect.objectContaining({
        'Fn::Join': expect.anything(),
      }),
    });
  });
});

describe('the network', () => {
  it('creates no VPC when one exists, and places the tasks and database in its private subnets', () => {
    const template = templates.get('an existing VPC')!;
    template.resourceCountIs('AWS::EC2::VPC', 0);
    const service = onlyResource(template, 'AWS::ECS::Service').properties;
    expect(service.NetworkConfiguration.AwsvpcConfiguration.Subnets).toEqual([
      'subnet-0cccccccccccccccc',
      'subnet-0dddddddddddddddd',
    ]);
    template.hasResourceProperties('AWS::RDS::DBSubnetGroup', {
      SubnetIds: ['subnet-0cccccccccccccccc', 'subnet-0dddddddddddddddd'],
    });
    template.hasResourceProperties(
      'AWS::ElasticLoadBalancingV2::LoadBalancer',
      {
        Subnets: ['subnet-0aaaaaaaaaaaaaaaa', 'subnet-0bbbbbbbbbbbbbbbb'],
      },
    );
  });

  it('puts the database in isolated subnets of a new VPC', () => {
    const template = templates.get('a new Cognito user pool')!;
    const subnetGroup = onlyResource(
      template,
      'AWS::RDS::DBSubnetGroup',
    ).properties;
    const routes = Object.values(resourcesOf(template, 'AWS::EC2::Route')).map(
      r => r.Properties,
    );
    const associations = Object.values(
      resourcesOf(template, 'AWS::EC2::SubnetRouteTableAssociation'),
    ).map(a => a.Properties);
    for (const subnet of subnetGroup.SubnetIds) {
      const tables = associations
        .filter(a => referencedId(a.SubnetId) === referencedId(subnet))
        .map(a => referencedId(a.RouteTableId));
      expect(tables).toHaveLength(1);
      // No route at all: neither an internet gateway nor a NAT gateway.
      expect(
        routes.filter(r => referencedId(r.RouteTableId) === tables[0]),
      ).toEqual([]);
    }
  });
});
