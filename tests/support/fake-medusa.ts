import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import {
  decodeQuery,
  handleSandboxRequest,
  SandboxStore,
  type SandboxCall,
  type SandboxCollection,
} from "@/lib/medusa";

/*
 * A local Medusa for HTTP tests and benchmarks: a node:http server answering the Admin API routes
 * Kosha uses from the sandbox store, behind the same Basic-auth check as a real Medusa. Tests in
 * other processes set fixtures and read the call log through /__fake/*.
 */
export const FAKE_MEDUSA_API_KEY = "sk_fake_medusa_test_key";

export interface FakeMedusa {
  url: string;
  apiKey: string;
  store: SandboxStore;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? JSON.parse(text) : undefined;
}

export async function startFakeMedusa(apiKey = FAKE_MEDUSA_API_KEY): Promise<FakeMedusa> {
  const store = new SandboxStore();
  const expectedAuth = `Basic ${Buffer.from(`${apiKey}:`).toString("base64")}`;
  const server = createServer(async (req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    try {
      const url = new URL(req.url ?? "/", "http://fake-medusa");
      const body = req.method === "GET" ? undefined : await readBody(req);
      const control = /^\/__fake\/records\/([a-z_]+)(?:\/([^/]+))?$/.exec(url.pathname);
      if (control && req.method === "PUT") {
        store.put(control[1] as SandboxCollection, body as never);
        return send(200, { ok: true });
      }
      if (control && req.method === "DELETE" && control[2]) {
        return send(200, {
          removed: store.remove(control[1] as SandboxCollection, decodeURIComponent(control[2])),
        });
      }
      if (url.pathname === "/__fake/calls") return send(200, store.calls);
      if (url.pathname === "/health") return send(200, "OK");
      if (req.headers.authorization !== expectedAuth) {
        return send(401, { type: "unauthorized", message: "Unauthorized" });
      }
      const query = decodeQuery(url.searchParams);
      store.calls.push({
        at: new Date().toISOString(),
        method: req.method ?? "GET",
        path: url.pathname,
        query,
        url: `${url.pathname}${url.search}`,
        ...(body !== undefined ? { body } : {}),
      });
      const answer = handleSandboxRequest(store, {
        method: req.method ?? "GET",
        path: url.pathname,
        query,
        body,
      });
      send(answer.status, answer.body);
    } catch (e) {
      send(500, { type: "unknown_error", message: String(e) });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    store,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Test-side handle on a fake Medusa running in another process. */
export function fakeMedusaControl(url: string) {
  return {
    async put(collection: SandboxCollection, rows: Record<string, unknown>[]) {
      const res = await fetch(`${url}/__fake/records/${collection}`, {
        method: "PUT",
        body: JSON.stringify(rows),
      });
      if (!res.ok) throw new Error(`fake medusa put ${collection}: ${res.status}`);
    },
    async calls(): Promise<SandboxCall[]> {
      return (await fetch(`${url}/__fake/calls`)).json() as Promise<SandboxCall[]>;
    },
  };
}
