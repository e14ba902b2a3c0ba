import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";

/*
 * Starts tests/support/fake-graph-server.mjs (a Graph-shaped message endpoint) in its own
 * process and returns its base URL (for WHATSAPP_GRAPH_URL), what it saw, and a stop.
 */
export interface FakeGraphConfig {
  token: string;
  phoneNumberId: string;
  /** Phones answered with 131026 (undeliverable). */
  undeliverable?: string[];
  /** [fromMs, toMs) after the first message request: every request is answered 130429. */
  bursts?: [number, number][];
}

export interface FakeGraph {
  url: string;
  /** [arrival ms, recipient, answered code (200 = accepted)] per request. */
  seen(): Promise<[number, string, number][]>;
  stop(): Promise<void>;
}

export async function startFakeGraph(cfg: FakeGraphConfig): Promise<FakeGraph> {
  const script = fileURLToPath(new URL("./fake-graph-server.mjs", import.meta.url));
  const child: ChildProcess = spawn(process.execPath, [script, JSON.stringify(cfg)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", (l) => resolve((JSON.parse(l) as { port: number }).port));
    child.once("exit", (code) => reject(new Error(`fake graph server exited (${code})`)));
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    async seen() {
      const res = await fetch(`${url}/__stats`);
      return ((await res.json()) as { seen: [number, string, number][] }).seen;
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
