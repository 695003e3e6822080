import { CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { appEnvironment } from './appEnvironment';
import { containerImage } from './containerImage';
import { createDatabase } from './database';
import { BACKEND_PORT, createLoadBalancer } from './loadBalancer';
import { createNetwork } from './network';
import { DeploySettings } from './settings';
import { createSignIn } from './signIn';
import { createTaskRole } from './taskRole';

export type BackstageStackProps = StackProps & {
  settings: DeploySettings;
  /** The folder holding the Dockerfile to build when `settings.image` is unset. */
  imageBuildContext: string;
};

/**
 * Backstage on AWS behind an ALB that signs people in: the VPC, the ALB with its sign-in
 * rules, the backend on ECS Fargate reachable only from the ALB, PostgreSQL on RDS, and the
 * task role. docs/deploy.md walks through it.
 */
export class BackstageStack extends Stack {
  constructor(scope: Construct, id: string, props: BackstageStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const appUrl = `https://${settings.domainName}`;

    const network = createNetwork(this, settings.vpc);
    const signIn = createSignIn(this, settings.signIn, appUrl);
    const { alb, targetGroup } = createLoadBalancer(
      this,
      network,
      settings,
      signIn,
    );
    const database = createDatabase(this, network, settings.database);

    const taskDefinition = new ecs.FargateTaskDefinition(this, 'Task', {
      cpu: settings.service.cpu,
      memoryLimitMiB: settings.service.memoryMiB,
      taskRole: createTaskRole(this, settings.taskRole),
      runtimePlatform: {
        cpuArchitecture: ecs.CpuArchitecture.X86_64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });
    taskDefinition.addContainer('backstage', {
      image: containerImage(this, settings.image, props.imageBuildContext),
      portMappings: [{ containerPort: BACKEND_PORT }],
      environment: appEnvironment({
        baseUrl: appUrl,
        signer: alb.loadBalancerArn,
        region: this.region,
        issuer: signIn.issuer,
        clientId: signIn.clientId,
        idp: signIn.idp,
        sessionCookieName: settings.signIn.sessionCookieName,
        logoutUrl: signIn.logoutUrl,
        databaseHost: database.dbInstanceEndpointAddress,
        databasePort: database.dbInstanceEndpointPort,
        appConfig: settings.appConfig,
        provisioning: settings.signIn.provisioning,
      }),
      // Read by ECS when a task starts, from the secret RDS generated; never in the template.
      secrets: {
        POSTGRES_USER: ecs.Secret.fromSecretsManager(
          database.secret!,
          'username',
        ),
        POSTGRES_PASSWORD: ecs.Secret.fromSecretsManager(
          database.secret!,
          'password',
        ),
      },
      logging: ecs.LogDrivers.awsLogs({
        streamPrefix: 'backstage',
        logRetention: logs.RetentionDays.ONE_MONTH,
      }),
    });

    const cluster = new ecs.Cluster(this, 'Cluster', {
      vpc: network.vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });
    const service = new ecs.FargateService(this, 'Service', {
      cluster,
      taskDefinition,
      desiredCount: settings.service.desiredCount,
      vpcSubnets: network.taskSubnets,
      assignPublicIp: false,
      // A deployment that never becomes healthy is rolled back instead of retried forever.
      circuitBreaker: { rollback: true },
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
    });
    // Also the only ingress of the tasks' security group: from the ALB, on the backend port.
    service.attachToApplicationTargetGroup(targetGroup);
    database.connections.allowDefaultPortFrom(service, 'Backstage tasks');

    new CfnOutput(this, 'Url', {
      value: `${appUrl}/`,
      description:
        'Open this once its DNS record points at LoadBalancerDnsName',
    });
    new CfnOutput(this, 'LoadBalancerDnsName', {
      value: alb.loadBalancerDnsName,
      description: `Point ${settings.domainName} here (a CNAME, or a Route 53 alias)`,
    });
    new CfnOutput(this, 'AwsAlbSigner', {
      value: alb.loadBalancerArn,
      description: 'auth.providers.awsalb.signer',
    });
    new CfnOutput(this, 'AwsAlbIssuer', {
      value: signIn.issuer,
      description: 'auth.providers.awsalb.issuer',
    });
    if (signIn.logoutUrl) {
      new CfnOutput(this, 'AwsAlbLogoutUrl', {
        value: signIn.logoutUrl,
        description: 'auth.providers.awsalb.logoutUrl',
      });
    }
    if (signIn.userPool) {
      new CfnOutput(this, 'UserPoolId', {
        value: signIn.userPool.userPoolId,
        description: 'Invite people here (docs/deploy.md)',
      });
    }
  }
}
