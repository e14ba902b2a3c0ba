"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import page from "@/components/ui/cockpit-page.module.css";
import own from "@/components/guard/guard.module.css";

const styles = { ...page, ...own };

type Settings = Record<string, unknown> & {
  lowStockDefault: number;
  deadAfterDays: number;
  minMarginPct: number;
  promoDiscountPct: number;
  codFeePaise: number;
  codFeePct: number;
  shippingPerOrderPaise: number;
  shippingPerItemPaise: number;
};

const FIELDS: { key: keyof Settings; label: string; rupees?: boolean; step?: string }[] = [
  { key: "lowStockDefault", label: "Low stock below (units)" },
  { key: "deadAfterDays", label: "Dead after days without a sale" },
  { key: "minMarginPct", label: "Minimum contribution margin %", step: "0.1" },
  { key: "promoDiscountPct", label: "Discount assumed when promoting %", step: "0.1" },
  { key: "codFeePaise", label: "COD fee per order (₹)", rupees: true },
  { key: "codFeePct", label: "COD fee % of order", step: "0.1" },
  { key: "shippingPerOrderPaise", label: "Shipping per order (₹)", rupees: true },
  { key: "shippingPerItemPaise", label: "Shipping per item (₹)", rupees: true },
];

/** Edits the guard thresholds through PUT /api/v1/guard/settings; per-SKU and per-category overrides are kept. */
export function GuardSettingsForm({ initial }: { initial: Settings }) {
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      FIELDS.map((f) => [f.key, String(f.rupees ? Number(initial[f.key]) / 100 : initial[f.key])]),
    ),
  );
  const save = useMutation({
    mutationFn: async () => {
      const body = { ...initial };
      for (const f of FIELDS) {
        const n = Number(values[f.key as string]);
        (body as Record<string, unknown>)[f.key as string] = f.rupees ? Math.round(n * 100) : n;
      }
      const res = await fetch("/api/v1/guard/settings", {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const json = await res.json();
      if (!res.ok) throw new Error(json?.error?.message ?? `HTTP ${res.status}`);
      return json;
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
        <label key={f.key as string} className={styles.field}>
          <span>{f.label}</span>
          <input
            type="number"
            step={f.step ?? (f.rupees ? "0.01" : "1")}
            value={values[f.key as string]}
            onChange={(e) => setValues({ ...values, [f.key as string]: e.target.value })}
          />
        </label>
      ))}
      <div className={styles.row}>
        <button className={styles.button} type="submit" disabled={save.isPending}>
          Save thresholds
        </button>
        {save.isError && <p className={styles.error}>{(save.error as Error).message}</p>}
        {save.isSuccess && <p className={styles.ok}>Saved; every promote path uses them from now on.</p>}
      </div>
    </form>
  );
}
