import { appDb, type Db } from "@/db";
import { inngest } from "@/inngest/client";
import { readEnv, transports, type Env } from "@/lib/config";
import { systemClock } from "@/lib/time";
import { broadcastStarted } from "./events";
import { runBroadcast } from "./lifecycle";

/*
 * Who runs a started broadcast: Inngest when it is configured (one function run per start, steps
 * per batch, so a crash resumes at the next batch), otherwise a loop in this process, like the
 * inbox runner. The in-process loop is registered on globalThis so one process never runs two
 * loops for one broadcast, and a progress read restarts a loop a restart lost (ensureRunning).
 */

const g = globalThis as unknown as { __koshaWaBroadcastRuns?: Map<number, Promise<unknown>> };
const runs = (g.__koshaWaBroadcastRuns ??= new Map());

export type LaunchResult = { via: "inngest" } | { via: "in-process"; already: boolean };

function runInProcess(id: number, getDb: () => Promise<Db>): LaunchResult {
  if (runs.has(id)) return { via: "in-process", already: true };
  const p = (async () => runBroadcast(await getDb(), id, { clock: systemClock }))()
    .catch((e) =>
      console.error(
        JSON.stringify({
          level: "error",
          msg: "broadcast run failed",
          broadcastId: id,
          error: String(e?.stack ?? e),
        }),
      ),
    )
    .finally(() => runs.delete(id));
  runs.set(id, p);
  return { via: "in-process", already: false };
}

const appGetDb = async () => (await appDb()).db;

export async function launchBroadcast(
  id: number,
  opts: { env?: Env; getDb?: () => Promise<Db> } = {},
): Promise<LaunchResult> {
  const env = opts.env ?? readEnv();
  if (transports(env).inngest === "inngest") {
    try {
      await inngest.send(broadcastStarted.create({ broadcastId: id }));
      return { via: "inngest" };
    } catch (e) {
      // Inngest unreachable: the broadcast still goes, from this process.
      console.warn(
        JSON.stringify({
          level: "warn",
          msg: "inngest send failed; running broadcast in-process",
          id,
          error: String(e),
        }),
      );
    }
  }
  return runInProcess(id, opts.getDb ?? appGetDb);
}

/** In-process only: a `sending` broadcast with no loop here (the server restarted) gets one. */
export function ensureBroadcastRunning(
  b: { id: number; status: string },
  opts: { env?: Env; getDb?: () => Promise<Db> } = {},
): void {
  if (b.status !== "sending") return;
  if (transports(opts.env ?? readEnv()).inngest !== "in-process") return;
  runInProcess(b.id, opts.getDb ?? appGetDb);
}

/** For tests: the in-process loop of a broadcast, if one runs. */
export const inProcessRun = (id: number) => runs.get(id);
