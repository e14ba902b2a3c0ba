"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import styles from "./spend.module.css";

type Issue = { row: number; column: string | null; message: string };
type Outcome =
  | { kind: "imported"; imported: number; from: string; to: string }
  | { kind: "failed"; message: string; issues: Issue[] };

/** Uploads a spend sheet; shows every row error (nothing is imported unless the whole file is valid). */
export function SpendImportForm() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const file = new FormData(form).get("file");
    if (!(file instanceof File) || file.size === 0) {
      setOutcome({ kind: "failed", message: "Choose a CSV file first.", issues: [] });
      return;
    }
    setPending(true);
    setOutcome(null);
    try {
      const res = await fetch("/api/v1/spend/import", {
        method: "POST",
        headers: { "content-type": "text/csv" },
        body: await file.text(),
      });
      const body = await res.json();
      if (res.ok) {
        setOutcome({ kind: "imported", ...body });
        form.reset();
        router.refresh();
      } else {
        setOutcome({
          kind: "failed",
          message: body?.error?.message ?? "The import failed.",
          issues: body?.error?.issues ?? [],
        });
      }
    } catch {
      setOutcome({ kind: "failed", message: "Could not reach the server. Try again.", issues: [] });
    }
    setPending(false);
  }

  return (
    <form className={styles.form} onSubmit={onSubmit} aria-label="Import spend CSV">
      <div className={styles.row}>
        <label className={styles.field}>
          <span>Spend sheet (CSV)</span>
          <input type="file" name="file" accept=".csv,text/csv" />
        </label>
        <button className={styles.primary} type="submit" disabled={pending}>
          {pending ? "Importing…" : "Import"}
        </button>
      </div>
      {outcome?.kind === "imported" && (
        <p className={styles.ok} role="status">
          Imported {outcome.imported} row{outcome.imported === 1 ? "" : "s"} ({outcome.from} to {outcome.to}).
        </p>
      )}
      {outcome?.kind === "failed" && (
        <div role="alert">
          <p className={styles.error}>{outcome.message}</p>
          {outcome.issues.length > 0 && (
            <div className={styles.issues}>
              <table className={styles.table} aria-label="Problems in the file">
                <thead>
                  <tr>
                    <th scope="col">Row</th>
                    <th scope="col">Column</th>
                    <th scope="col">Problem</th>
                  </tr>
                </thead>
                <tbody>
                  {outcome.issues.map((issue, i) => (
                    <tr key={i}>
                      <td>{issue.row === 0 ? "file" : issue.row}</td>
                      <td>{issue.column ?? "—"}</td>
                      <td>{issue.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </form>
  );
}
