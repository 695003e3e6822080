import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { Network } from './network';
import { DeploySettings } from './settings';
import { SignIn } from './signIn';

/** The port the Backstage backend listens on in the container (backend.listen.port). */
export const BACKEND_PORT = 7007;

export type LoadBalancer = {
  alb: elbv2.ApplicationLoadBalancer;
  listener: elbv2.ApplicationListener;
  targetGroup: elbv2.ApplicationTargetGroup;
};

/**
 * An internet-facing ALB with one listener, HTTPS on 443, where every request passes an
 * authenticate action before reaching Backstage: `deny` for `/api/*`, so an API call without
 * a session gets a 401 the app understands, and `authenticate` (a redirect to the IdP) for
 * everything else. The two rules docs/alb-sign-in.md recommends.
 */
export function createLoadBalancer(
  scope: Construct,
  network: Network,
  settings: DeploySettings,
  signIn: SignIn,
): LoadBalancer {
  const securityGroup = new ec2.SecurityGroup(scope, 'AlbSecurityGroup', {
    vpc: network.vpc,
    description: 'The Backstage ALB: HTTPS in from allowedCidrs',
    // Egress is opened only where needed: to the tasks (by the target group) and to the
    // IdP's token and user info endpoints (by the authenticate action).
    allowAllOutbound: false,
  });
  for (const cidr of settings.allowedCidrs) {
    securityGroup.addIngressRule(
      ec2.Peer.ipv4(cidr),
      ec2.Port.tcp(443),
      'HTTPS to Backstage',
    );
  }

  const alb = new elbv2.ApplicationLoadBalancer(scope, 'Alb', {
    vpc: network.vpc,
    vpcSubnets: network.albSubnets,
    internetFacing: true,
    securityGroup,
    // Headers that are not valid HTTP never reach Backstage.
    dropInvalidHeaderFields: true,
  });

  const targetGroup = new elbv2.ApplicationTargetGroup(scope, 'Backstage', {
    vpc: network.vpc,
    targetType: elbv2.TargetType.IP,
    port: BACKEND_PORT,
    protocol: elbv2.ApplicationProtocol.HTTP,
    healthCheck: {
      // Backstage's readiness: false while starting and while stopping.
      path: '/.backstage/health/v1/readiness',
      healthyHttpCodes: '200',
      interval: Duration.seconds(10),
      healthyThresholdCount: 2,
      unhealthyThresholdCount: 2,
    },
    deregistrationDelay: Duration.seconds(30),
  });
  const forward = elbv2.ListenerAction.forward([targetGroup]);

  const listener = alb.addListener('Https', {
    port: 443,
    protocol: elbv2.ApplicationProtocol.HTTPS,
    certificates: [elbv2.ListenerCertificate.fromArn(settings.certificateArn)],
    sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
    // Ingress is the security group's rules above, not the whole internet.
    open: false,
    defaultAction: signIn.authenticate(
      elbv2.UnauthenticatedAction.AUTHENTICATE,
      forward,
    ),
  });
  listener.addAction('Api', {
    priority: 1,
    conditions: [elbv2.ListenerCondition.pathPatterns(['/api/*'])],
    action: signIn.authenticate(elbv2.UnauthenticatedAction.DENY, forward),
  });

  return { alb, listener, targetGroup };
}
