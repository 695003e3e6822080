// The soak's browser: a cookie jar and redirect following, enough to sign in at the ALB
// emulator's IdP form. It mirrors BrowserLikeClient in
// packages/alb-emulator/src/__testUtils__/index.ts (a test helper in TypeScript, which plain
// `node` cannot import); keep the two alike. Unlike that one, every request here has a
// deadline, and an answer keeps its body's read error instead of throwing it: the soak records
// what a user saw, a replica dying mid-answer included.

/** How long one request may take before the soak records it as a network error. */
export const REQUEST_TIMEOUT_MS = 30_000;

export class BrowserClient {
  cookies = new Map();

  #remember(headers) {
    for (const line of headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some(a => {
        const [key, v] = a.trim().split('=');
        return (
          (key.toLowerCase() === 'expires' && Date.parse(v) <= Date.now()) ||
          (key.toLowerCase() === 'max-age' && Number(v) <= 0)
        );
      });
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /**
   * One request, no redirect followed. Resolves to `{ status, headers, body, url }`, with
   * `bodyError` when the answer began but its body broke off; rejects when no answer began
   * (a refused or reset connection, the deadline).
   */
  async request(url, { method = 'GET', headers = {}, body } = {}) {
    const res = await fetch(url, {
      method,
      redirect: 'manual',
      headers: { ...headers, cookie: this.cookieHeader() },
      body,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    this.#remember(res.headers);
    const answer = { status: res.status, headers: res.headers, url };
    try {
      answer.body = await res.text();
    } catch (error) {
      answer.body = '';
      answer.bodyError = error;
    }
    return answer;
  }

  /** Follows redirects as a browser does (a 303 or a 302 after a POST becomes a GET). */
  async navigate(url, init = {}) {
    let answer = await this.request(url, init);
    for (
      let hops = 0;
      hops < 20 && answer.status >= 301 && answer.status <= 308;
      hops++
    ) {
      const next = new URL(answer.headers.get('location'), answer.url).href;
      answer = await this.request(next);
    }
    return answer;
  }

  /** Opens `url` and, when the IdP's login form comes back, logs in as `username`. */
  async signIn(url, username, password = 'aws-bridge') {
    const form = await this.navigate(url);
    const action = /<form method="post" action="([^"]+)"/.exec(form.body)?.[1];
    if (!action) return form;
    return this.navigate(
      new URL(action.replace(/&amp;/g, '&'), form.url).href,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ username, password }).toString(),
      },
    );
  }
}
