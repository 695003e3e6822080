import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { DeploySettings } from './settings';

/** Where each tier runs: the ALB in public subnets, tasks and the database in private ones. */
export type Network = {
  vpc: ec2.IVpc;
  albSubnets: ec2.SubnetSelection;
  taskSubnets: ec2.SubnetSelection;
  databaseSubnets: ec2.SubnetSelection;
};

/**
 * A new VPC with public, private (NAT) and isolated subnets, or an existing one. The tasks
 * need a route out: the ALB's public keys, STS and the AWS APIs the proxy calls are on the
 * internet. The database needs none, so in a new VPC it sits in isolated subnets.
 */
export function createNetwork(
  scope: Construct,
  settings: DeploySettings['vpc'],
): Network {
  const existing = settings.existing;
  if (existing) {
    const vpc = ec2.Vpc.fromVpcAttributes(scope, 'Vpc', {
      vpcId: existing.vpcId,
      availabilityZones: existing.availabilityZones,
      publicSubnetIds: existing.publicSubnetIds,
      privateSubnetIds: existing.privateSubnetIds,
    });
    const privateSubnets = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
    return {
      vpc,
      albSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      taskSubnets: privateSubnets,
      databaseSubnets: privateSubnets,
    };
  }
  const vpc = new ec2.Vpc(scope, 'Vpc', {
    maxAzs: settings.maxAzs,
    natGateways: settings.natGateways,
    subnetConfiguration: [
      { name: 'alb', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
      {
        name: 'tasks',
        subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS,
        cidrMask: 22,
      },
      {
        name: 'database',
        subnetType: ec2.SubnetType.PRIVATE_ISOLATED,
        cidrMask: 24,
      },
    ],
  });
  return {
    vpc,
    albSubnets: { subnetGroupName: 'alb' },
    taskSubnets: { subnetGroupName: 'tasks' },
    databaseSubnets: { subnetGroupName: 'database' },
  };
}
