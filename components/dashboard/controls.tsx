"use client";

import { useState } from "react";
import { CHANNELS, SEGMENTS } from "@/lib/kpi/channels";
import { CHANNEL_LABELS, SEGMENT_LABELS } from "./labels";
import styles from "./dashboard.module.css";
import { PRESET_LABELS, PRESETS, presetWindow, type DashboardView, type PeriodContext } from "./period";

/** Period presets, custom dates, the comparison toggle and the channel / segment filters. */
export function Controls({
  view,
  ctx,
  onChange,
}: {
  view: DashboardView;
  ctx: PeriodContext;
  onChange: (v: DashboardView) => void;
}) {
  const [custom, setCustom] = useState({ from: view.from, to: view.to });
  const customValid = custom.from !== "" && custom.to !== "" && custom.from <= custom.to;
  return (
    <div className={styles.controls}>
      <div className={styles.group}>
        Period
        <div className={styles.segmented} role="group" aria-label="Period">
          {PRESETS.filter((p) => p !== "custom").map((p) => (
            <button
              key={p}
              type="button"
              aria-pressed={view.preset === p}
              data-testid={`preset-${p}`}
              title={
                p === "festive" ? `${ctx.festive.label}: ${ctx.festive.from} to ${ctx.festive.to}` : undefined
              }
              onClick={() => {
                const w = presetWindow(p, ctx);
                setCustom(w);
                onChange({ ...view, preset: p, ...w });
              }}
            >
              {PRESET_LABELS[p]}
            </button>
          ))}
        </div>
      </div>
      <form
        className={styles.group}
        onSubmit={(e) => {
          e.preventDefault();
          if (customValid) onChange({ ...view, preset: "custom", ...custom });
        }}
      >
        Custom (IST days)
        <span style={{ display: "flex", gap: 6, alignItems: "center" }}>
          <input
            type="date"
            aria-label="From"
            value={custom.from}
            max={custom.to}
            onChange={(e) => setCustom((c) => ({ ...c, from: e.target.value }))}
          />
          <span>to</span>
          <input
            type="date"
            aria-label="To"
            value={custom.to}
            min={custom.from}
            onChange={(e) => setCustom((c) => ({ ...c, to: e.target.value }))}
          />
          <div className={styles.segmented}>
            <button type="submit" aria-pressed={view.preset === "custom"} disabled={!customValid}>
              Apply
            </button>
          </div>
        </span>
      </form>
      <div className={styles.group}>
        Compare with
        <div className={styles.segmented} role="group" aria-label="Compare with">
          {(["previous", "last_year"] as const).map((c) => (
            <button
              key={c}
              type="button"
              aria-pressed={view.compare === c}
              data-testid={`compare-${c}`}
              onClick={() => onChange({ ...view, compare: c })}
            >
              {c === "previous" ? "Previous period" : "Last year"}
            </button>
          ))}
        </div>
      </div>
      <label className={styles.group}>
        Channel
        <select
          value={view.channel ?? ""}
          data-testid="filter-channel"
          onChange={(e) =>
            onChange({
              ...view,
              channel: e.target.value === "" ? null : (e.target.value as DashboardView["channel"]),
            })
          }
        >
          <option value="">All channels</option>
          {CHANNELS.map((c) => (
            <option key={c} value={c}>
              {CHANNEL_LABELS[c]}
            </option>
          ))}
        </select>
      </label>
      <label className={styles.group}>
        Segment
        <select
          value={view.segment}
          data-testid="filter-segment"
          onChange={(e) => onChange({ ...view, segment: e.target.value as DashboardView["segment"] })}
        >
          {SEGMENTS.map((s) => (
            <option key={s} value={s}>
              {SEGMENT_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
