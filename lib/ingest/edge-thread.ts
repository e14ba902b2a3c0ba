import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { EdgeWorkerData, EdgeWorkerMessage } from "./edge-worker";

/*
 * Runs the webhook edge in a worker thread. On one event loop, accepting a burst (HTTP parsing,
 * HMAC, JSON, the inbox insert) and applying what was accepted (the runner) wait on each other:
 * an insert's answer sat ~20 ms behind apply work in bench:whatsapp-webhooks, so answers were
 * slow while a core stood partly idle. In its own thread the edge answers on its own loop and
 * its own connections, and the main thread's runner applies the ids it is sent.
 *
 * The worker is the TypeScript source run through tsx (a separate entry point that Next.js does
 * not bundle), so the app must be started from the repository folder; `npm start`, the demo and
 * the tests are. Only for Postgres: a PGlite database lives in one thread, the main one.
 */
export const EDGE_WORKER_FILE = "lib/ingest/edge-worker-boot.mjs";

export interface EdgeThreadOptions {
  port: number;
  host?: string;
  /** Each stored inbound row's id, in the main thread (the app passes dispatchInbound). */
  dispatch: (id: number) => unknown;
  /** Repository folder holding lib/ and node_modules/ (default: the working directory). */
  root?: string;
  log?: (level: "info" | "warn" | "error", msg: string, extra?: Record<string, unknown>) => void;
}

export interface EdgeThread {
  stop(): Promise<void>;
}

/** One JSON log line, as the rest of the app writes them. */
export const logJson: NonNullable<EdgeThreadOptions["log"]> = (level, msg, extra) =>
  console[level === "info" ? "log" : level](JSON.stringify({ level, msg, ...extra }));

/**
 * Starts the edge thread and resolves once it listens; rejects when it cannot start (the caller
 * then serves the edge from the main thread). A thread that dies later is restarted after a
 * second: its unanswered requests fail and are retried by their senders, and rows it stored
 * but had not yet handed over are found by the runner's sweep.
 */
export function startEdgeThread(opts: EdgeThreadOptions): Promise<EdgeThread> {
  const root = opts.root ?? process.cwd();
  const log = opts.log ?? logJson;
  const file = path.join(root, EDGE_WORKER_FILE);
  if (!existsSync(file))
    return Promise.reject(new Error(`${file} not found (start the app from its folder)`));
  const data: EdgeWorkerData = { port: opts.port, host: opts.host ?? "0.0.0.0" };
  let stopping = false;
  let current: Worker | undefined;

  const spawn = () =>
    new Promise<void>((resolve, reject) => {
      let listening = false;
      // Started from a one-line script rather than by path: Next's bundler follows `new Worker(path)`
      // and would try to bundle tsx and esbuild's binary into the server build.
      const boot = `import(${JSON.stringify(pathToFileURL(file).href)})`;
      const worker = new Worker(boot, { eval: true, workerData: data });
      current = worker;
      worker.on("message", (m: EdgeWorkerMessage) => {
        if (m.type === "listening") {
          listening = true;
          resolve();
        } else for (const id of m.ids) opts.dispatch(id);
      });
      worker.on("error", (e) => {
        log("error", "webhook edge thread failed", { error: String(e?.stack ?? e) });
        if (!listening) reject(e);
      });
      worker.on("exit", (code) => {
        if (!listening) return reject(new Error(`webhook edge thread exited with ${code} before listening`));
        if (stopping) return;
        log("warn", "webhook edge thread exited; restarting in 1 s", { code });
        restartLater();
      });
    });

  // Keeps trying (each failure logged) until a thread listens again or the edge is stopped.
  const restartLater = () =>
    setTimeout(() => {
      if (stopping) return;
      spawn().catch((e) => {
        log("error", "webhook edge thread did not restart; trying again in 1 s", { error: String(e) });
        restartLater();
      });
    }, 1000).unref();

  return spawn().then(() => ({
    async stop() {
      stopping = true;
      await current?.terminate();
    },
  }));
}
