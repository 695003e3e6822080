import type { StorybookConfig } from '@storybook/react-vite';

// Stories live next to their components in each plugin: plugins/<plugin>/src/**/*.stories.tsx.
const config: StorybookConfig = {
  stories: ['../../plugins/*/src/**/*.stories.tsx'],
  framework: { name: '@storybook/react-vite', options: {} },
  core: { disableTelemetry: true },
};

export default config;
