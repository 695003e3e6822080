/*
 * The aws-bridge demo backend: the smallest Backstage backend that shows the suite working.
 * Each plugin below is one line; the config that drives them is ../../app-config.yaml.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

// Serves the built demo app (packages/app/dist) at the backend's root in production; in
// development `npm start` runs the app's dev server instead.
backend.add(import('@backstage/plugin-app-backend'));

// Sign-in: through the ALB (auth.providers.awsalb). The guest provider answers only where config
// turns it on (auth.providers.guest): app-config.yaml does not; the smoke test's override does.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@aws-bridge/plugin-auth-backend-module-awsalb-provider'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

// The catalog, reading the example entities in ../../examples, and people from AWS: the
// emulator's Cognito user pool and identity store (catalog.providers.awsDirectory), and those
// the ALB sign-in provisions just in time (auth.providers.awsalb.provisioning).
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@aws-bridge/plugin-catalog-backend-module-aws-users'));

// Permissions: members of the platform group may read the AWS admin page; everything else is
// allowed to everyone, as a demo may (./demoPermissionPolicy.ts).
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('./demoPermissionPolicy'));

// aws-bridge.
backend.add(import('@aws-bridge/plugin-aws-backend'));

backend.start();
