import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { Network } from './network';
import { DeploySettings } from './settings';

/**
 * PostgreSQL for Backstage: private, encrypted, TLS required, its master credentials
 * generated into Secrets Manager. Backstage creates one database per plugin, so it connects
 * as the master user.
 */
export function createDatabase(
  scope: Construct,
  network: Network,
  settings: DeploySettings['database'],
): rds.DatabaseInstance {
  const engine = rds.DatabaseInstanceEngine.postgres({
    version: rds.PostgresEngineVersion.VER_17,
  });
  return new rds.DatabaseInstance(scope, 'Database', {
    engine,
    instanceType: new ec2.InstanceType(settings.instanceType),
    vpc: network.vpc,
    vpcSubnets: network.databaseSubnets,
    publiclyAccessible: false,
    credentials: rds.Credentials.fromGeneratedSecret('backstage'),
    allocatedStorage: settings.allocatedStorageGiB,
    maxAllocatedStorage: settings.allocatedStorageGiB * 5,
    storageEncrypted: true,
    multiAz: settings.multiAz,
    backupRetention: Duration.days(7),
    deletionProtection: settings.deletionProtection,
    removalPolicy: RemovalPolicy.SNAPSHOT,
    parameterGroup: new rds.ParameterGroup(scope, 'DatabaseParameters', {
      engine,
      parameters: { 'rds.force_ssl': '1' },
    }),
  });
}
