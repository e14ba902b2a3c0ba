"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import styles from "./tokens.module.css";

type Created = { token: string; name: string };

export function CreateTokenForm() {
  const router = useRouter();
  const [created, setCreated] = useState<Created | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [copied, setCopied] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const name = String(new FormData(formEl).get("name") ?? "");
    setPending(true);
    setError(null);
    setCopied(false);
    try {
      const res = await fetch("/api/v1/tokens", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name }),
      });
      const body = await res.json();
      if (!res.ok) {
        setError(body?.error?.message ?? "Could not create the token.");
      } else {
        setCreated({ token: body.token, name: body.name });
        formEl.reset();
        router.refresh();
      }
    } catch {
      setError("Could not reach the server. Try again.");
    }
    setPending(false);
  }

  async function copy() {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.token);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }

  return (
    <div className={styles.create}>
      <form className={styles.createForm} onSubmit={onSubmit}>
        <label className={styles.field}>
          <span>Name</span>
          <input name="name" required maxLength={100} placeholder="e.g. nightly sync script" />
        </label>
        <button className={styles.primary} type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create token"}
        </button>
      </form>
      {error && (
        <p role="alert" className={styles.error}>
          {error}
        </p>
      )}
      {created && (
        <div className={styles.reveal} role="status">
          <p>
            <strong>Copy the token for “{created.name}” now.</strong> It is shown only this once; Kosha keeps
            just a fingerprint of it.
          </p>
          <div className={styles.tokenRow}>
            <code className={styles.token} data-testid="new-token">
              {created.token}
            </code>
            <button type="button" className={styles.secondary} onClick={copy}>
              {copied ? "Copied" : "Copy"}
            </button>
          </div>
          <button type="button" className={styles.link} onClick={() => setCreated(null)}>
            I have stored it, hide it
          </button>
        </div>
      )}
    </div>
  );
}
