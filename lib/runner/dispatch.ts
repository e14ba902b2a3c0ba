import type { Inngest } from "inngest";
import { readEnv, type Env } from "@/lib/config";
import { inngest } from "@/inngest/client";
import { inboundEventId, inboundReceived } from "@/inngest/events";
import { runnerMode, startAppRunner } from "./app-runner";
import type { InboxRunner } from "./inbox-runner";

export type DispatchResult =
  | { via: "inngest"; sent: true }
  | { via: "inngest"; sent: false; error: string }
  | { via: "in-process"; queued: boolean; error?: string };

export interface DispatchOptions {
  env?: Env;
  /** The Inngest client to send with (tests pass one pointed at a fake Event API). */
  client?: Inngest.Any;
  /** The in-process runner to queue on (tests pass their own); default the app's. */
  runner?: InboxRunner;
  /** Upper bound on the send, so a slow Inngest cannot hold up the webhook answer. */
  timeoutMs?: number;
}

/**
 * Hands a stored inbound event to the active runner, right after `storeInbound`. Never throws:
 * the row is already safe in the inbox, and if this hand-off fails the sweep (Inngest cron or
 * in-process poller) processes it anyway.
 */
export async function dispatchInbound(id: number, opts: DispatchOptions = {}): Promise<DispatchResult> {
  const env = opts.env ?? readEnv();
  if (runnerMode(env) === "inngest") {
    try {
      const client = opts.client ?? inngest;
      // A stable event id makes a repeated dispatch of the same row a no-op at Inngest (24 h).
      await withTimeout(
        client.send(inboundReceived.create({ id }, { id: inboundEventId(id) })),
        opts.timeoutMs ?? 5000,
      );
      return { via: "inngest", sent: true };
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      console.warn(
        JSON.stringify({ level: "warn", msg: "inngest send failed; the sweep will process it", id, error }),
      );
      return { via: "inngest", sent: false, error };
    }
  }
  try {
    const runner = opts.runner ?? (await startAppRunner());
    runner.enqueue(id);
    return { via: "in-process", queued: true };
  } catch (e) {
    return { via: "in-process", queued: false, error: e instanceof Error ? e.message : String(e) };
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from Inngest within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
