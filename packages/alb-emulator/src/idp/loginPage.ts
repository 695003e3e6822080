/** Escapes text for HTML. */
export function htmlEscape(text: string): string {
  return text.replace(
    /[&<>"']/g,
    c =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[
        c
      ]!,
  );
}

const STYLE = `
  body { font-family: Roboto, Helvetica, Arial, sans-serif; background: #f0f2f5; margin: 0; }
  main { max-width: 360px; margin: 80px auto; background: #fff; border-radius: 8px;
         box-shadow: 0 2px 8px rgba(0,0,0,.15); padding: 32px 40px; }
  h1 { font-size: 22px; font-weight: 500; margin: 0 0 4px; }
  p.sub { color: #555; margin: 0 0 24px; font-size: 14px; }
  label { display: block; font-size: 14px; margin: 16px 0 6px; color: #333; }
  input { width: 100%; box-sizing: border-box; padding: 10px; font-size: 15px;
          border: 1px solid #bbb; border-radius: 4px; }
  button { margin-top: 24px; width: 100%; padding: 11px; font-size: 15px; border: 0;
           border-radius: 4px; background: #1f5493; color: #fff; cursor: pointer; }
  .error { background: #fdecea; color: #611a15; padding: 10px; border-radius: 4px;
           font-size: 14px; margin-bottom: 8px; }
  .hint { margin-top: 24px; font-size: 13px; color: #666; border-top: 1px solid #eee;
          padding-top: 16px; }
  code { background: #f4f4f4; padding: 1px 4px; border-radius: 3px; white-space: nowrap; }
`;

/** The page around a form, in the IdP's look. */
export function idpPage(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${htmlEscape(title)}</title>
<style>${STYLE}</style>
</head>
<body><main>${body}</main></body>
</html>`;
}

/** The IdP's login form; the demo's users and password are printed on it, as a demo should. */
export function loginPage(options: {
  action: string;
  usernames: string[];
  password: string;
  username?: string;
  error?: string;
}): string {
  const { action, usernames, password, username, error } = options;
  return idpPage(
    'Sign in: aws-bridge demo IdP',
    `<h1>Sign in</h1>
<p class="sub">aws-bridge demo identity provider</p>
${error ? `<div class="error" role="alert">${htmlEscape(error)}</div>` : ''}
<form method="post" action="${htmlEscape(action)}" autocomplete="off">
  <label for="username">Username</label>
  <input id="username" name="username" value="${htmlEscape(username ?? '')}" autofocus required>
  <label for="password">Password</label>
  <input id="password" name="password" type="password" required>
  <button type="submit">Sign in</button>
</form>
<div class="hint">Demo users: ${usernames
      .map(name => `<code>${htmlEscape(name)}</code>`)
      .join(', ')}; password <code>${htmlEscape(password)}</code>.</div>`,
  );
}

/**
 * The IdP's sign-out page. It signs out at once, as Cognito's `/logout` does (oidc-provider
 * would otherwise ask "Do you want to sign out?"); without JavaScript the button does it.
 */
export function logoutPage(form: string): string {
  return idpPage(
    'Signing out: aws-bridge demo IdP',
    `<h1>Signing out…</h1>
${form}
<input type="hidden" form="op.logoutForm" name="logout" value="yes">
<button type="submit" form="op.logoutForm">Sign out</button>
<script>document.getElementById('op.logoutForm').submit();</script>`,
  );
}
