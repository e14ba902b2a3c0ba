import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import type { Db } from "@/db";
import { systemClock, type Clock } from "@/lib/time";
import { clientIp } from "./client-ip";
import { RATE_LIMITED_ERROR } from "./sign-in-error";
import { authSecret } from "./secret";
import { signInWithPassword } from "./sign-in";

export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

/*
 * next-auth v4 reads its public URL from NEXTAUTH_URL only. Accept AUTH_URL (the Auth.js v5 name)
 * too, and with neither set trust the Host header, so the embedded demo works on whatever port it
 * was started without configuration. A deployment behind a proxy should set NEXTAUTH_URL.
 */
export function configureNextAuthEnv(env: NodeJS.ProcessEnv = process.env): void {
  if (!env.NEXTAUTH_URL && env.AUTH_URL) env.NEXTAUTH_URL = env.AUTH_URL;
  if (!env.NEXTAUTH_URL && !env.AUTH_TRUST_HOST) env.AUTH_TRUST_HOST = "true";
}

/**
 * next-auth configuration: email + password (Credentials) behind the login rate limit, JWT sessions
 * in an encrypted cookie. Built per request because the secret may live in the database.
 */
export async function buildAuthOptions(db: Db, clock: Clock = systemClock): Promise<AuthOptions> {
  configureNextAuthEnv();
  return {
    secret: await authSecret(db),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
        },
        async authorize(credentials, req) {
          const result = await signInWithPassword(
            db,
            {
              email: String(credentials?.email ?? ""),
              password: String(credentials?.password ?? ""),
              ip: clientIp(req.headers ?? {}),
            },
            clock,
          );
          if (result.ok) return { id: result.owner.id, email: result.owner.email };
          // A thrown message becomes `?error=` on the redirect; returning null means "CredentialsSignin".
          if (result.reason === "rate_limited") {
            throw new Error(`${RATE_LIMITED_ERROR}:${result.retryAfterSeconds}`);
          }
          return null;
        },
      }),
    ],
  };
}
