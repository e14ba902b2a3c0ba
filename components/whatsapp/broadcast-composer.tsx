"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { formatInr } from "@/lib/money";
import page from "@/components/ui/cockpit-page.module.css";
import own from "./whatsapp.module.css";
import { broadcastApi, type BroadcastDraft, type BroadcastProgress as Progress } from "./broadcast-api";
import { BroadcastProgress } from "./broadcast-progress";
import { count } from "./format";

const styles = { ...page, ...own };

export interface ComposerSegment {
  key: string;
  label: string;
  size: number;
}

export interface ComposerTemplate {
  name: string;
  language: string;
  category: string;
  body: string;
  params: number;
}

function duration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** The template's text with the owner's values in place of {{1}}, {{2}}, … */
const fill = (body: string, params: string[]) =>
  body.replace(/\{\{\s*(\d+)\s*\}\}/g, (m, n: string) => params[Number(n) - 1] || m);

/**
 * Compose a broadcast: a segment, an approved template and its values. Preview first — who would
 * get it after consent, opt-outs and the contact budget, what it costs and how long it takes at
 * the number's pace — then send and watch it go.
 */
export function BroadcastComposer({
  segments,
  templates,
  mode,
}: {
  segments: ComposerSegment[];
  templates: ComposerTemplate[];
  mode: "live" | "sandbox";
}) {
  const [name, setName] = useState("");
  const [segmentKey, setSegmentKey] = useState(segments[0]?.key ?? "");
  const [templateName, setTemplateName] = useState(templates[0]?.name ?? "");
  const [params, setParams] = useState<string[]>([]);
  const [skus, setSkus] = useState("");
  const [started, setStarted] = useState<Progress | null>(null);
  const template = templates.find((t) => t.name === templateName);
  const draft: BroadcastDraft = {
    name: name.trim() || `${template?.name ?? "broadcast"} to ${segmentKey}`,
    segmentKey,
    templateName,
    language: template?.language ?? "en",
    params: Array.from({ length: template?.params ?? 0 }, (_, i) => params[i] ?? ""),
    skus: skus
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean),
  };
  const preview = useMutation({ mutationFn: () => broadcastApi.preview(draft) });
  const send = useMutation({
    mutationFn: async () => broadcastApi.start((await broadcastApi.create(draft)).id),
    onSuccess: setStarted,
  });
  const changed = () => {
    preview.reset();
    send.reset();
  };

  if (templates.length === 0) {
    return <p className={styles.empty}>No approved template yet: a broadcast needs one Meta has approved.</p>;
  }
  return (
    <div className={styles.card} data-testid="broadcast-composer">
      <div className={styles.form}>
        <label className={styles.field}>
          <span>Name (for you)</span>
          <input value={name} placeholder={draft.name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className={styles.field}>
          <span>Segment</span>
          <select
            name="segment"
            value={segmentKey}
            onChange={(e) => {
              setSegmentKey(e.target.value);
              changed();
            }}
          >
            {segments.map((s) => (
              <option key={s.key} value={s.key}>
                {s.label} ({count(s.size)} customers)
              </option>
            ))}
          </select>
        </label>
        <label className={styles.field}>
          <span>Approved template</span>
          <select
            name="template"
            value={templateName}
            onChange={(e) => {
              setTemplateName(e.target.value);
              setParams([]);
              changed();
            }}
          >
            {templates.map((t) => (
              <option key={`${t.name}:${t.language}`} value={t.name}>
                {t.name} ({t.category.toLowerCase()})
              </option>
            ))}
          </select>
        </label>
        {draft.params.map((v, i) => (
          <label key={i} className={styles.field}>
            <span>{`Value for {{${i + 1}}}`}</span>
            <input
              name={`param-${i + 1}`}
              value={v}
              onChange={(e) => {
                const next = [...draft.params];
                next[i] = e.target.value;
                setParams(next);
                changed();
              }}
            />
          </label>
        ))}
        <label className={styles.field}>
          <span>Featured SKUs (optional)</span>
          <input value={skus} placeholder="checked by the guard" onChange={(e) => setSkus(e.target.value)} />
        </label>
      </div>
      {template && (
        <div className={styles.bubble} data-testid="template-preview">
          {fill(template.body, draft.params)}
        </div>
      )}
      <div className={styles.row}>
        <button
          className={styles.button}
          type="button"
          onClick={() => preview.mutate()}
          disabled={preview.isPending || !segmentKey}
        >
          Preview recipients and cost
        </button>
        <button
          className={styles.primary}
          type="button"
          data-testid="broadcast-send"
          onClick={() => send.mutate()}
          disabled={!preview.isSuccess || send.isPending || send.isSuccess}
        >
          {mode === "sandbox" ? "Send in sandbox" : "Send to customers"}
        </button>
        {!preview.isSuccess && <span className={styles.rule}>Preview before sending.</span>}
      </div>
      {preview.isError && <p className={styles.error}>{(preview.error as Error).message}</p>}
      {send.isError && <p className={styles.error}>{(send.error as Error).message}</p>}
      {preview.data && (
        <div className={styles.preview} data-testid="broadcast-preview">
          <div
            className={styles.figure}
            data-testid="preview-recipients"
            data-value={preview.data.recipients}
          >
            <strong>{count(preview.data.recipients)}</strong>
            <span>recipients after consent, opt-outs and the contact budget</span>
          </div>
          <div
            className={styles.figure}
            data-testid="preview-cost"
            data-value={preview.data.estimatedCostPaise}
          >
            <strong>{formatInr(preview.data.estimatedCostPaise)}</strong>
            <span>if every message is delivered</span>
          </div>
          <div
            className={styles.figure}
            data-testid="preview-duration"
            data-value={preview.data.estimatedSeconds}
          >
            <strong>{duration(preview.data.estimatedSeconds)}</strong>
            <span>to send at this number&apos;s pace</span>
          </div>
        </div>
      )}
      {started && <BroadcastProgress initial={started} />}
    </div>
  );
}
