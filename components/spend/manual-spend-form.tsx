"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import styles from "./spend.module.css";

/** One day's spend on one channel; saving again for the same day and channel replaces it. */
export function ManualSpendForm({ channels, today }: { channels: readonly string[]; today: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setPending(true);
    setMessage(null);
    try {
      const note = String(data.get("note") ?? "");
      const res = await fetch("/api/v1/spend", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          day: data.get("day"),
          channel: data.get("channel"),
          spendInr: String(data.get("spendInr") ?? ""),
          ...(note ? { note } : {}),
        }),
      });
      const body = await res.json();
      if (res.ok) {
        setMessage({ ok: true, text: `Saved ${body.saved.channel} on ${body.saved.day}.` });
        router.refresh();
      } else {
        setMessage({ ok: false, text: body?.error?.message ?? "Could not save." });
      }
    } catch {
      setMessage({ ok: false, text: "Could not reach the server. Try again." });
    }
    setPending(false);
  }

  return (
    <form className={styles.form} onSubmit={onSubmit} aria-label="Add spend">
      <div className={styles.row}>
        <label className={styles.field}>
          <span>Day (IST)</span>
          <input type="date" name="day" required defaultValue={today} max={today} />
        </label>
        <label className={styles.field}>
          <span>Channel</span>
          <select name="channel" required defaultValue="instagram">
            {channels.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label className={styles.field}>
          <span>Spend (₹)</span>
          <input
            name="spendInr"
            required
            inputMode="decimal"
            placeholder="2500.00"
            pattern="[0-9,]+(\.[0-9]{1,2})?"
          />
        </label>
      </div>
      <div className={styles.row}>
        <label className={styles.field}>
          <span>Note (optional)</span>
          <input name="note" maxLength={500} placeholder="e.g. Diwali reels boost" />
        </label>
        <button className={styles.primary} type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save"}
        </button>
      </div>
      {message && (
        <p className={message.ok ? styles.ok : styles.error} role={message.ok ? "status" : "alert"}>
          {message.text}
        </p>
      )}
    </form>
  );
}
