/*
 * The CDK app: `npx cdk synth` / `npx cdk deploy` run this (cdk.json), and so does
 * `npm run synth`, which writes the template to cdk.out with no AWS account and no network.
 * The settings come from deploy/settings.yaml, or the file `-c settings=<file>` names
 * (`npm run synth -- <file>` for the npm script).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { parse } from 'yaml';
import { BackstageStack } from '../src/BackstageStack';
import { DeploySettingsError, readDeploySettings } from '../src/settings';

const app = new App({ outdir: process.env.CDK_OUTDIR ?? 'cdk.out' });
const file = path.resolve(
  process.argv[2] ??
    app.node.tryGetContext('settings') ??
    path.join(__dirname, '..', 'settings.yaml'),
);
if (!fs.existsSync(file)) {
  console.error(
    `No deploy settings at ${file}. Copy deploy/settings.example.yaml to deploy/settings.yaml and fill it in (docs/deploy.md), or pass -c settings=<file>.`,
  );
  process.exit(1);
}
try {
  const settings = readDeploySettings(parse(fs.readFileSync(file, 'utf8')));
  // No `env`: the template is environment-agnostic, so synth needs no AWS account and makes
  // no lookups; `cdk deploy` deploys it to the account and region of your credentials.
  new BackstageStack(app, 'Backstage', {
    stackName: settings.stackName,
    settings,
    imageBuildContext: path.resolve(__dirname, '..', '..'),
  });
  app.synth();
} catch (error) {
  if (!(error instanceof DeploySettingsError)) throw error;
  console.error(`${file}: ${error.message}`);
  process.exit(1);
}
