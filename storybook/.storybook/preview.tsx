import '@backstage/ui/css/styles.css';
import type { Decorator, Preview } from '@storybook/react-vite';
import { wrapInTestApp } from '@backstage/test-utils';
import {
  UnifiedThemeProvider,
  themes as builtinThemes,
} from '@backstage/theme';

// Each story renders inside Backstage's API providers (a test app with its default APIs, as
// components get them in a real app) and Backstage's theme, so it looks and behaves as it does
// in Backstage. The toolbar switches between the light and dark themes.
const withBackstage: Decorator = (Story, context) => {
  const theme =
    context.globals.theme === 'dark' ? builtinThemes.dark : builtinThemes.light;
  return (
    <UnifiedThemeProvider theme={theme}>
      {wrapInTestApp(<Story />)}
    </UnifiedThemeProvider>
  );
};

const preview: Preview = {
  decorators: [withBackstage],
  globalTypes: {
    theme: {
      description: 'Backstage theme',
      toolbar: { icon: 'mirror', items: ['light', 'dark'], dynamicTitle: true },
    },
  },
  initialGlobals: { theme: 'light' },
};

export default preview;
