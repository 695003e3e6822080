import { render, screen } from '@testing-library/react';
import app from './App';

describe('App', () => {
  beforeEach(() => {
    process.env = {
      ...process.env,
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'aws-bridge test', baseUrl: 'http://localhost:3000' },
            backend: { baseUrl: 'http://localhost:7007' },
          },
          context: 'test',
        },
      ] as any,
    };
  });

  it('starts at the guest sign-in page', async () => {
    render(app.createRoot());

    // The sign-in page is what a signed-out user sees first; its guest provider card offers
    // an Enter button.
    expect(
      await screen.findByText('Guest', {}, { timeout: 10_000 }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /enter/i })).toBeInTheDocument();
  });
});
