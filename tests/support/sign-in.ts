import type { AppServerInfo } from "./app-server";

/*
 * Signs in to a running Kosha the way a browser does with next-auth's Credentials provider:
 * GET /api/auth/csrf (token + csrf cookie), then a form POST to /api/auth/callback/credentials.
 * For HTTP tests that need an owner session: `const cookie = await ownerCookie(server)` and send it
 * as the `cookie` header.
 */

export interface SignInAttempt {
  status: number;
  /** Where next-auth sent the browser: the callback URL on success, `.../error?error=<code>` on failure. */
  location: string | null;
  /** `?error=` from the redirect: "CredentialsSignin" (wrong email/password) or "RateLimited:<seconds>". */
  error: string | null;
  /** `name=value; ...` for a `cookie` header, holding the session cookie when sign-in succeeded. */
  cookie: string;
  sessionCookieSet: boolean;
}

/** `name=value` pairs from Set-Cookie headers, skipping cookies the server is deleting. */
export function cookiePairs(res: Response): string[] {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!.trim())
    .filter((pair) => !pair.endsWith("="));
}

/**
 * One credentials sign-in attempt. `ip` is sent as X-Forwarded-For, which the login rate limit
 * keys on: give tests that fail on purpose their own address so they cannot lock others out.
 */
export async function attemptSignIn(
  baseUrl: string,
  email: string,
  password: string,
  opts: { ip?: string; callbackUrl?: string } = {},
): Promise<SignInAttempt> {
  const ipHeader: Record<string, string> = opts.ip ? { "x-forwarded-for": opts.ip } : {};
  const csrfRes = await fetch(`${baseUrl}/api/auth/csrf`, { headers: ipHeader });
  if (!csrfRes.ok) throw new Error(`GET /api/auth/csrf answered ${csrfRes.status}`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const csrfCookies = cookiePairs(csrfRes);
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      cookie: csrfCookies.join("; "),
      ...ipHeader,
    },
    body: new URLSearchParams({
      csrfToken,
      email,
      password,
      callbackUrl: opts.callbackUrl ?? `${baseUrl}/dashboard`,
    }),
  });
  await res.arrayBuffer();
  const location = res.headers.get("location");
  const set = cookiePairs(res);
  const session = set.filter((p) => /^(__Secure-)?next-auth\.session-token(\.\d+)?=/.test(p));
  return {
    status: res.status,
    location,
    error: location ? new URL(location, baseUrl).searchParams.get("error") : null,
    cookie: session.join("; "),
    sessionCookieSet: session.length > 0,
  };
}

const cookies = new Map<string, Promise<string>>();

/** A session cookie for the server's owner (from `npm run setup`), signed in once per server. */
export function ownerCookie(server: AppServerInfo): Promise<string> {
  let cookie = cookies.get(server.baseUrl);
  if (!cookie) {
    cookie = attemptSignIn(server.baseUrl, server.ownerEmail, server.ownerPassword).then((a) => {
      if (!a.sessionCookieSet) throw new Error(`owner sign-in failed: ${a.status} ${a.location}`);
      return a.cookie;
    });
    cookies.set(server.baseUrl, cookie);
  }
  return cookie;
}
