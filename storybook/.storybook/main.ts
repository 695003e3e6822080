import type { StorybookConfig } from '@storybook/react-vite';

// Stories live next to their components in each plugin: plugins/<plugin>/src/**/*.stories.tsx.
const config: StorybookConfig = {
  stories: ['../../plugins/*/src/**/*.stories.tsx'],
  framework: { name: '@storybook/react-vite', options: {} },
  core: { disableTelemetry: true },
  viteFinal: viteConfig => ({
    ...viteConfig,
    define: {
      ...viteConfig.define,
      // link2aws (the entity card's console links) ends with a CLI guard,
      // `typeof require !== 'undefined' && require.main === module`; Vite's CommonJS
      // conversion rewrites the first half but not `require.main`, which then throws in the
      // browser. Webpack, which Backstage apps build with, handles it.
      'require.main': 'undefined',
    },
  }),
};

export default config;
