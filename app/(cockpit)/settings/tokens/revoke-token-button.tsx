"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import styles from "./tokens.module.css";

export function RevokeTokenButton({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function revoke() {
    if (!window.confirm(`Revoke “${name}”? Anything using it stops working immediately.`)) return;
    setPending(true);
    setError(null);
    try {
      const res = await fetch(`/api/v1/tokens/${encodeURIComponent(id)}`, { method: "DELETE" });
      if (!res.ok) {
        const body = await res.json().catch(() => null);
        setError(body?.error?.message ?? "Could not revoke.");
      } else {
        router.refresh();
      }
    } catch {
      setError("Could not reach the server.");
    }
    setPending(false);
  }

  return (
    <>
      <button type="button" className={styles.danger} onClick={revoke} disabled={pending}>
        {pending ? "Revoking…" : "Revoke"}
      </button>
      {error && <span className={styles.error}>{error}</span>}
    </>
  );
}
