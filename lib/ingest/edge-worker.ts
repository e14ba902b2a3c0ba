import { parentPort, workerData } from "node:worker_threads";
import { readEnv } from "@/lib/config";
import { startWebhookEdge } from "./edge-server";
import { createWebhookEndpoints } from "./webhook-endpoints";

/*
 * The webhook edge's thread (started by edge-thread.ts). It accepts webhooks (read, verify,
 * store in the inbox, answer) on its own event loop and database connections, and posts the ids
 * of stored rows to the main thread, whose runner applies them. Ids go home once per turn of the
 * loop, a few hundred at a time under load, rather than one message per webhook.
 */
export type EdgeWorkerData = { port: number; host: string };
export type EdgeWorkerMessage = { type: "listening" } | { type: "stored"; ids: number[] };

const port = parentPort;
if (!port) throw new Error("edge-worker.ts runs as a worker thread (see edge-thread.ts)");
const post = (m: EdgeWorkerMessage) => port.postMessage(m);

let stored: number[] = [];
const flush = () => {
  const ids = stored;
  stored = [];
  post({ type: "stored", ids });
};

const env = readEnv();
const endpoints = createWebhookEndpoints(
  async (id) => {
    if (stored.push(id) === 1) setImmediate(flush);
  },
  () => env,
);

const { port: listenPort, host } = workerData as EdgeWorkerData;
await startWebhookEdge(listenPort, host, endpoints);
post({ type: "listening" });
