import type { Metadata } from "next";
import { appDb } from "@/db";
import { listApiTokens, requireOwner } from "@/lib/auth";
import { CreateTokenForm } from "./create-token-form";
import { RevokeTokenButton } from "./revoke-token-button";
import styles from "./tokens.module.css";

export const metadata: Metadata = { title: "API tokens" };
export const dynamic = "force-dynamic";

const when = new Intl.DateTimeFormat("en-IN", {
  timeZone: "Asia/Kolkata",
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});

function formatWhen(d: Date | null): string {
  return d ? `${when.format(d)} IST` : "—";
}

export default async function ApiTokensPage() {
  // The layout checks too, but layouts and pages render in parallel: never read data unchecked.
  await requireOwner();
  const { db } = await appDb();
  const tokens = await listApiTokens(db);
  return (
    <div className={styles.page}>
      <header className={styles.header}>
        <h1>API tokens</h1>
        <p>
          Tokens let scripts and integrations call the Kosha API as you: send{" "}
          <code>Authorization: Bearer &lt;token&gt;</code>. Each token is shown once, when you create it;
          revoke any token you no longer use.
        </p>
      </header>

      <section className={styles.card} aria-labelledby="new-token">
        <h2 id="new-token">Create a token</h2>
        <CreateTokenForm />
      </section>

      <section className={styles.card} aria-labelledby="token-list">
        <h2 id="token-list">Your tokens</h2>
        {tokens.length === 0 ? (
          <p className={styles.empty}>No tokens yet.</p>
        ) : (
          <table className={styles.table}>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Token</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className={styles.visuallyHidden}>Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id} className={t.revokedAt ? styles.revokedRow : undefined}>
                  <td>{t.name}</td>
                  <td>
                    <code>{t.prefix}…</code>
                  </td>
                  <td>{formatWhen(t.createdAt)}</td>
                  <td>{t.lastUsedAt ? formatWhen(t.lastUsedAt) : "Never"}</td>
                  <td>
                    {t.revokedAt ? (
                      <span className={styles.revoked}>Revoked {formatWhen(t.revokedAt)}</span>
                    ) : (
                      <span className={styles.active}>Active</span>
                    )}
                  </td>
                  <td className={styles.actions}>
                    {!t.revokedAt && <RevokeTokenButton id={t.id} name={t.name} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
