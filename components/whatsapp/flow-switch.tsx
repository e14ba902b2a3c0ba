"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import styles from "./whatsapp.module.css";

/**
 * Turns one flow on or off through PUT /api/v1/whatsapp/settings. The box shows what the server
 * saved, not what was clicked, so a refused change never looks applied.
 */
export function FlowSwitch({
  flowKey,
  label,
  initial,
}: {
  flowKey: string;
  label: string;
  initial: boolean;
}) {
  const [enabled, setEnabled] = useState(initial);
  const save = useMutation({
    mutationFn: async (next: boolean) => {
      const res = await fetch("/api/v1/whatsapp/settings", {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ flows: { [flowKey]: { enabled: next } } }),
      });
      const json = await res.json();
      if (!res.ok) throw new Error(json?.error?.message ?? `HTTP ${res.status}`);
      return json.settings.flows[flowKey].enabled as boolean;
    },
    onSuccess: setEnabled,
  });
  return (
    <span>
      <label className={styles.switch}>
        <input
          type="checkbox"
          role="switch"
          aria-label={`${label} on`}
          data-testid={`flow-switch-${flowKey}`}
          checked={enabled}
          disabled={save.isPending}
          onChange={(e) => save.mutate(e.target.checked)}
        />
        {save.isPending ? "saving…" : enabled ? "on" : "off"}
      </label>
      {save.isError && <span className={styles.bad}> {(save.error as Error).message}</span>}
    </span>
  );
}
