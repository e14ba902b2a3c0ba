import type { Db } from "@/db";
import { inngest } from "@/inngest/client";
import { readEnv, transports, type Env } from "@/lib/config";
import type { Clock } from "@/lib/time";
import {
  mirrorChanged,
  mirrorFullPass,
  type FullPassResult,
  type FullPassScope,
  type MirrorChange,
  type MirrorChangedResult,
  type MirrorEvent,
} from "./changed";
import { recordEvents } from "./event-log";

/**
 * What a mirror writer holds: `changed` after each upsert, `fullPass` after a bulk load.
 * lib/medusa takes one of these so tests can pass their own (or `noMirrorNotifier`).
 */
export interface MirrorNotifier {
  changed(
    db: Db,
    change: MirrorChange,
    clock: Clock,
    opts?: { bulk?: boolean },
  ): Promise<MirrorChangedResult | null>;
  fullPass(db: Db, what: FullPassScope, clock: Clock): Promise<FullPassResult | null>;
}

export const noMirrorNotifier: MirrorNotifier = {
  changed: async () => null,
  fullPass: async () => null,
};

/** In-process emit: the event log plus a log line per event (nothing else listens yet). */
export function inProcessEmit(events: MirrorEvent[]): void {
  recordEvents(events);
  for (const e of events)
    console.log(JSON.stringify({ level: "info", msg: "event", name: e.name, data: e.data }));
}

/*
 * In-process, guard and segment recomputes of concurrent inbox events are serialised here (the
 * Inngest functions get the same from their concurrency keys), so two runs never write one SKU's
 * verdict in the wrong order or announce the same change twice.
 */
let chain: Promise<unknown> = Promise.resolve();
function serialised<T>(fn: () => Promise<T>): Promise<T> {
  const run = chain.then(fn, fn);
  chain = run.catch(() => {});
  return run;
}

/**
 * The notifier for the configured runner: Inngest → rollups inline, guard/segments deferred to the
 * mirror.changed functions, events sent with inngest.send; in-process → all inline, events to the
 * in-process log.
 */
export function mirrorNotifierFromEnv(env: Env = readEnv()): MirrorNotifier {
  const viaInngest = transports(env).inngest === "inngest";
  const emit = viaInngest
    ? async (events: MirrorEvent[]) => {
        await inngest.send(events);
      }
    : inProcessEmit;
  return {
    changed: (db, change, clock, opts) =>
      viaInngest
        ? mirrorChanged(db, change, { clock, emit, defer: true, ...opts })
        : serialised(() => mirrorChanged(db, change, { clock, emit, ...opts })),
    fullPass: (db, what, clock) => serialised(() => mirrorFullPass(db, what, { clock, emit })),
  };
}
