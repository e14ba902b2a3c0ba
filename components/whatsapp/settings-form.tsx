"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import type { WhatsAppSettings } from "@/lib/whatsapp/settings";
import page from "@/components/ui/cockpit-page.module.css";
import own from "./whatsapp.module.css";

const styles = { ...page, ...own };

type Field = { path: string; label: string; rupees?: boolean; step?: string };

const FIELDS: Field[] = [
  { path: "pressureMaxMarketing", label: "Marketing messages per customer at most" },
  { path: "pressureDays", label: "…in this many days" },
  { path: "throughputPerSecond", label: "Throughput (messages / second)" },
  { path: "messagingTier", label: "Messaging tier (users / 24 h, 0 = unlimited)" },
  { path: "pricePaise.marketing", label: "Price of a marketing message (₹)", rupees: true },
  { path: "pricePaise.utility", label: "Price of a utility message (₹)", rupees: true },
  { path: "pricePaise.authentication", label: "Price of an authentication message (₹)", rupees: true },
  { path: "flows.cartRecovery.firstDelayMinutes", label: "Cart reminder after (minutes)" },
  { path: "flows.cartRecovery.secondNudgeHours", label: "Second nudge after (hours)" },
];

const get = (o: unknown, path: string): unknown =>
  path.split(".").reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], o);

function nest(path: string, value: unknown): Record<string, unknown> {
  return path.split(".").reduceRight<unknown>((inner, k) => ({ [k]: inner }), value) as Record<
    string,
    unknown
  >;
}

function merge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) {
    out[k] =
      typeof v === "object" && v && typeof out[k] === "object" ? merge(out[k] as never, v as never) : v;
  }
  return out;
}

/**
 * The numbers behind every send: contact budget, pacing, prices, flow delays. Saves only what
 * changed, so it never undoes a flow switch flipped on another tab; the server's reasons show on a 400.
 */
export function WhatsAppSettingsForm({ initial }: { initial: WhatsAppSettings }) {
  const [saved, setSaved] = useState(initial);
  const show = (s: WhatsAppSettings) =>
    Object.fromEntries(
      FIELDS.map((f) => [f.path, String(f.rupees ? Number(get(s, f.path)) / 100 : get(s, f.path))]),
    );
  const [values, setValues] = useState<Record<string, string>>(() => show(initial));
  const [overBudget, setOverBudget] = useState(initial.overBudget);
  const save = useMutation({
    mutationFn: async () => {
      let change: Record<string, unknown> = {};
      for (const f of FIELDS) {
        const n = Number(values[f.path]);
        const v = f.rupees ? Math.round(n * 100) : n;
        if (v !== get(saved, f.path)) change = merge(change, nest(f.path, v));
      }
      if (overBudget !== saved.overBudget) change.overBudget = overBudget;
      const res = await fetch("/api/v1/whatsapp/settings", {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(change),
      });
      const json = await res.json();
      if (!res.ok) throw new Error(json?.error?.message ?? `HTTP ${res.status}`);
      return json.settings as WhatsAppSettings;
    },
    onSuccess: (s) => {
      setSaved(s);
      setValues(show(s));
    },
  });
  return (
    <form
      className={styles.form}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      {FIELDS.map((f) => (
        <label key={f.path} className={styles.field}>
          <span>{f.label}</span>
          <input
            type="number"
            name={f.path}
            step={f.step ?? (f.rupees ? "0.01" : "1")}
            value={values[f.path]}
            onChange={(e) => setValues({ ...values, [f.path]: e.target.value })}
          />
        </label>
      ))}
      <label className={styles.field}>
        <span>Over the budget</span>
        <select value={overBudget} onChange={(e) => setOverBudget(e.target.value as typeof overBudget)}>
          <option value="reschedule">wait until the budget frees up</option>
          <option value="skip">skip the message</option>
        </select>
      </label>
      <div className={styles.row}>
        <button className={styles.primary} type="submit" disabled={save.isPending}>
          Save settings
        </button>
        {save.isError && (
          <p className={styles.error} data-testid="settings-error">
            {(save.error as Error).message}
          </p>
        )}
        {save.isSuccess && <p className={styles.ok}>Saved; the next send uses them.</p>}
      </div>
    </form>
  );
}
