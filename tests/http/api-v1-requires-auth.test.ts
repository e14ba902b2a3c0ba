import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { servers } from "../support/servers";
import { ownerCookie } from "../support/sign-in";

/*
 * Every /api/v1 route is owner-only. The routes are discovered from app/api/v1 when the test runs,
 * so a route added later is covered without touching this file. A route that must be public
 * belongs outside /api/v1 (webhooks, embeds, health); list it here only with a reason.
 */
const PUBLIC_V1_ROUTES = new Set<string>([]);

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const v1Dir = path.resolve(__dirname, "../../app/api/v1");

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name.startsWith("_") ? [] : routeFiles(full); // _private folders are not routes
    return /^route\.(ts|tsx|js|mjs)$/.test(e.name) ? [full] : [];
  });
}

/** URL path for a route file: groups dropped, dynamic segments filled with a dummy value. */
function urlFor(file: string): string {
  const segments = path
    .relative(path.resolve(v1Dir, "../../.."), path.dirname(file))
    .split(path.sep)
    .filter((s) => !/^\(.*\)$/.test(s))
    .map((s) => {
      if (/^\[\[\.\.\..+\]\]$/.test(s) || /^\[\.\.\..+\]$/.test(s)) return "dummy/segment";
      if (/^\[.+\]$/.test(s)) return "dummy-id";
      return s;
    });
  return "/" + segments.slice(1).join("/"); // drop "app"
}

/** HTTP methods a route file exports: `export const GET`, `export async function POST`, `export { h as PUT }`. */
function exportedMethods(source: string): string[] {
  const found = new Set<string>();
  const direct =
    /export\s+(?:const|let|var|(?:async\s+)?function)\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/g;
  for (const m of source.matchAll(direct)) found.add(m[1]!);
  for (const m of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of m[1]!.split(",")) {
      const name = part
        .trim()
        .split(/\s+as\s+/)
        .pop()
        ?.trim();
      if (name && (METHODS as readonly string[]).includes(name)) found.add(name);
    }
  }
  return [...found].filter((m) => (METHODS as readonly string[]).includes(m));
}

const routes = routeFiles(v1Dir).map((file) => ({
  file: path.relative(process.cwd(), file),
  url: urlFor(file),
  methods: exportedMethods(readFileSync(file, "utf8")),
}));
const cases = routes
  .filter((r) => !PUBLIC_V1_ROUTES.has(r.url))
  .flatMap((r) => r.methods.map((method) => ({ method, url: r.url, file: r.file })));

describe("route discovery under app/api/v1", () => {
  it("finds the routes and at least one HTTP method in each route file", () => {
    expect(routes.map((r) => r.url)).toContain("/api/v1/tokens");
    expect(routes.find((r) => r.url === "/api/v1/tokens/dummy-id")?.methods).toEqual(["DELETE"]);
    for (const r of routes)
      expect(r.methods, `${r.file} exports no HTTP method we recognise`).not.toEqual([]);
  });
});

describe.each(servers())("every /api/v1 route refuses anonymous callers on $engine", (server) => {
  let revokedToken: string;
  beforeAll(async () => {
    const cookie = await ownerCookie(server);
    const created = await fetch(`${server.baseUrl}/api/v1/tokens`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({ name: "revoked for the auth sweep" }),
    });
    const { id, token } = (await created.json()) as { id: string; token: string };
    const del = await fetch(`${server.baseUrl}/api/v1/tokens/${id}`, {
      method: "DELETE",
      headers: { cookie },
    });
    expect(del.status).toBe(200);
    revokedToken = token;
  });

  const credentials: [string, () => Record<string, string>][] = [
    ["no credentials", () => ({})],
    ["a garbage token", () => ({ authorization: "Bearer kosha_garbage" })],
    ["a well-formed unknown token", () => ({ authorization: `Bearer kosha_${"A".repeat(43)}` })],
    ["a revoked token", () => ({ authorization: `Bearer ${revokedToken}` })],
    ["a forged session cookie", () => ({ cookie: "next-auth.session-token=forged" })],
  ];

  it.each(cases)("$method $url ($file) answers 401 with the error body", async ({ method, url }) => {
    for (const [label, headers] of credentials) {
      const res = await fetch(`${server.baseUrl}${url}`, {
        method,
        headers: { ...headers(), ...(method === "GET" ? {} : { "content-type": "application/json" }) },
        body: method === "GET" ? undefined : "{}",
        redirect: "manual",
      });
      expect(res.status, `${method} ${url} with ${label}`).toBe(401);
      expect(await res.json(), `${method} ${url} with ${label}`).toEqual({
        error: { code: "unauthorized", message: expect.any(String) },
      });
    }
  });
});
