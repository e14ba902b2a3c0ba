"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import page from "@/components/ui/cockpit-page.module.css";
import own from "./whatsapp.module.css";
import { broadcastApi, FINISHED, type BroadcastProgress as Progress } from "./broadcast-api";
import { count } from "./format";
import { StatusBadge } from "./status-badge";

const styles = { ...page, ...own };

/** A running broadcast, polled every second until it is done or canceled. */
export function BroadcastProgress({ initial }: { initial: Progress }) {
  const q = useQuery({
    queryKey: ["wa-broadcast", initial.id],
    queryFn: () => broadcastApi.progress(initial.id),
    initialData: initial,
    staleTime: 0,
    refetchInterval: (query) => (FINISHED.has(query.state.data?.status ?? "") ? false : 1000),
  });
  const cancel = useMutation({
    mutationFn: () => broadcastApi.cancel(initial.id),
    onSuccess: () => q.refetch(),
  });
  const b = q.data;
  const handled = b.sent + b.failed + b.skipped;
  const share = b.recipients > 0 ? Math.min(1, handled / b.recipients) : FINISHED.has(b.status) ? 1 : 0;
  return (
    <div
      className={styles.card}
      data-testid="broadcast-progress"
      data-status={b.status}
      data-sent={b.sent}
      data-recipients={b.recipients}
    >
      <div className={styles.row}>
        <strong>Broadcast #{b.id}</strong>
        <StatusBadge status={b.status} testId="broadcast-status" />
        <span>
          {count(handled)} of {count(b.recipients)} handled: {count(b.sent)} sent, {count(b.failed)} failed,{" "}
          {count(b.skipped)} skipped
        </span>
      </div>
      <div
        className={styles.progress}
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(share * 100)}
      >
        <div style={{ width: `${share * 100}%` }} />
      </div>
      <div className={styles.row}>
        {!FINISHED.has(b.status) && (
          <button
            className={styles.button}
            type="button"
            onClick={() => cancel.mutate()}
            disabled={cancel.isPending}
          >
            Cancel the rest
          </button>
        )}
        <a href={`/whatsapp/messages?broadcastId=${b.id}`}>Its messages</a>
        {q.isError && <span className={styles.error}>{(q.error as Error).message}</span>}
        {cancel.isError && <span className={styles.error}>{(cancel.error as Error).message}</span>}
      </div>
    </div>
  );
}
