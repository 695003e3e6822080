import { Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';

/** `<account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>` (or `@sha256:...`). */
const ECR_IMAGE =
  /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([a-z0-9._\/-]+)(?::([\w.-]+)|@(sha256:[0-9a-f]{64}))?$/;

/**
 * The backend's image: an ECR image is referenced as a repository, so the execution role is
 * granted pull on that repository alone; any other registry is used as is; no image means
 * the repository's Dockerfile, built and pushed by `cdk deploy`.
 */
export function containerImage(
  scope: Construct,
  image: string | undefined,
  buildContext: string,
): ecs.ContainerImage {
  if (!image) {
    // The tasks are x86-64 (BackstageStack's runtimePlatform), whatever machine builds it.
    return ecs.ContainerImage.fromAsset(buildContext, {
      platform: Platform.LINUX_AMD64,
    });
  }
  const match = ECR_IMAGE.exec(image);
  if (!match) return ecs.ContainerImage.fromRegistry(image);
  const [, account, region, name, tag, digest] = match;
  const repository = ecr.Repository.fromRepositoryAttributes(
    scope,
    'ImageRepository',
    {
      repositoryName: name,
      // An image can only be pulled within the stack's partition.
      repositoryArn: `arn:${Stack.of(scope).partition}:ecr:${region}:${account}:repository/${name}`,
    },
  );
  return ecs.ContainerImage.fromEcrRepository(
    repository,
    digest ?? tag ?? 'latest',
  );
}
