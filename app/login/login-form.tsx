"use client";

import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
// The pure module, not "@/lib/auth": a client bundle must not pull in the server-side auth code.
import { parseSignInError, signInErrorMessage } from "@/lib/auth/sign-in-error";
import styles from "./login.module.css";

export function LoginForm({
  callbackUrl,
  initialError,
}: {
  callbackUrl: string;
  initialError: string | null;
}) {
  const [error, setError] = useState<string | null>(initialError);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const res = await signIn("credentials", {
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
        callbackUrl,
        redirect: false,
      });
      if (res?.ok && !res.error) {
        // A full load, so every server component renders with the new session cookie.
        window.location.assign(callbackUrl);
        return;
      }
      setError(signInErrorMessage(parseSignInError(res?.error) ?? { kind: "other", code: "unknown" }));
    } catch {
      setError("Could not reach the server. Check your connection and try again.");
    }
    setPending(false);
  }

  return (
    <form className={styles.form} onSubmit={onSubmit}>
      {error && (
        <p role="alert" className={styles.error}>
          {error}
        </p>
      )}
      <label className={styles.field}>
        <span>Email</span>
        <input name="email" type="email" autoComplete="username" required autoFocus />
      </label>
      <label className={styles.field}>
        <span>Password</span>
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      <button className={styles.submit} type="submit" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
