/*
 * Sign-in errors as they travel in next-auth's `?error=` parameter. Pure, with no server imports,
 * so the login form (a client component) can import this file directly.
 */

/** Rate-limit refusals read `RateLimited:<seconds until retry>`. */
export const RATE_LIMITED_ERROR = "RateLimited";

export type SignInError =
  | { kind: "invalid_credentials" }
  | { kind: "rate_limited"; retryAfterSeconds: number | null }
  | { kind: "other"; code: string };

export function parseSignInError(code: string | null | undefined): SignInError | null {
  if (!code) return null;
  if (code === "CredentialsSignin") return { kind: "invalid_credentials" };
  const limited = /^RateLimited(?::(\d+))?$/.exec(code);
  if (limited) return { kind: "rate_limited", retryAfterSeconds: limited[1] ? Number(limited[1]) : null };
  return { kind: "other", code };
}

export function signInErrorMessage(error: SignInError): string {
  switch (error.kind) {
    case "invalid_credentials":
      return "That email and password do not match. Check both and try again.";
    case "rate_limited": {
      const minutes = error.retryAfterSeconds ? Math.max(1, Math.ceil(error.retryAfterSeconds / 60)) : 15;
      return `Too many failed sign-in attempts. For your account's safety, sign-in is paused: try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
    }
    default:
      return "Sign-in failed. Please try again.";
  }
}
