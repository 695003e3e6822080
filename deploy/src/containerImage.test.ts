import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BackstageStack } from './BackstageStack';
import {
  COGNITO_SETTINGS,
  onlyResource,
  REPOSITORY_ROOT,
} from './__testUtils__/synthesize';
import { readDeploySettings } from './settings';

// Staging copies the repository (what .dockerignore lets through): a few seconds when busy.
jest.setTimeout(60_000);

function synthesizeWithImage(image: string | undefined) {
  const app = new App();
  const stack = new BackstageStack(app, 'Backstage', {
    settings: readDeploySettings({ ...COGNITO_SETTINGS, image }),
    imageBuildContext: REPOSITORY_ROOT,
  });
  const template = Template.fromStack(stack);
  const [container] = onlyResource(template, 'AWS::ECS::TaskDefinition')
    .properties.ContainerDefinitions;
  return { app, template, image: container.Image };
}

function executionRolePullStatements(template: Template) {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .flatMap((p: any) => p.Properties.PolicyDocument.Statement)
    .filter((s: any) => [s.Action].flat().includes('ecr:BatchGetImage'));
}

describe('the container image', () => {
  it('builds the repository Dockerfile when no image is given, without what .dockerignore leaves out', () => {
    const { app, image } = synthesizeWithImage(undefined);
    expect(JSON.stringify(image)).toMatch(/cdk-hnb659fds-container-assets/);

    const assembly = app.synth();
    const manifest = JSON.parse(
      fs.readFileSync(
        path.join(assembly.directory, 'Backstage.assets.json'),
        'utf8',
      ),
    );
    const [asset] = Object.values(manifest.dockerImages) as any[];
    const staged = path.join(assembly.directory, asset.source.directory);
    expect(fs.existsSync(path.join(staged, 'Dockerfile'))).toBe(true);
    expect(fs.existsSync(path.join(staged, 'package-lock.json'))).toBe(true);
    expect(
      fs.existsSync(path.join(staged, 'deploy', 'app-config.production.yaml')),
    ).toBe(true);
    for (const left of ['node_modules', '.git', 'deploy/cdk.out']) {
      expect(fs.existsSync(path.join(staged, left))).toBe(false);
    }
    // The copy of the repository sits in a temporary cloud assembly.
    fs.rmSync(assembly.directory, { recursive: true, force: true });
  });

  it('pulls an ECR image with rights on its repository alone', () => {
    const { template, image } = synthesizeWithImage(
      '123456789012.dkr.ecr.us-east-1.amazonaws.com/platform/aws-bridge:1.4.0',
    );
    expect(JSON.stringify(image)).toContain('123456789012.dkr.ecr.us-east-1.');
    expect(JSON.stringify(image)).toContain('/platform/aws-bridge:1.4.0');
    expect(
      executionRolePullStatements(template).map((s: any) => s.Resource),
    ).toEqual([
      {
        'Fn::Join': [
          '',
          [
            'arn:',
            { Ref: 'AWS::Partition' },
            ':ecr:us-east-1:123456789012:repository/platform/aws-bridge',
          ],
        ],
      },
    ]);
  });

  it('uses an image from another registry as it is, with no ECR rights', () => {
    const { template, image } = synthesizeWithImage(
      `ghcr.io/example/aws-bridge@sha256:${'a'.repeat(64)}`,
    );
    expect(image).toBe(`ghcr.io/example/aws-bridge@sha256:${'a'.repeat(64)}`);
    expect(executionRolePullStatements(template)).toEqual([]);
  });
});
