import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { envSchema } from "@/lib/config";

const root = path.resolve(import.meta.dirname, "../..");
const readme = readFileSync(path.join(root, "README.md"), "utf8");
const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
  scripts: Record<string, string>;
};

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|tsx)$/.test(name)) out.push(p);
  }
  return out;
}

/** Variables only passed from one test process to another, not settings a person makes. */
const internal = new Set([
  "NODE_ENV",
  "NEXT_RUNTIME",
  "KOSHA_E2E_BASE_URL",
  "KOSHA_E2E_OWNER_EMAIL",
  "KOSHA_E2E_OWNER_PASSWORD",
]);

describe("the README stays true to the code", () => {
  it("documents every variable of the configuration schema", () => {
    const missing = Object.keys(envSchema.shape).filter((k) => !readme.includes(`\`${k}\``));
    expect(missing).toEqual([]);
  });

  it("documents every environment variable the app, scripts and test support read", () => {
    const dirs = ["app", "lib", "db", "inngest", "scripts", "tests/support", "tests/e2e", "tests/contract"];
    const read = new Set<string>();
    for (const dir of dirs) {
      for (const file of sourceFiles(path.join(root, dir))) {
        for (const m of readFileSync(file, "utf8").matchAll(/process\.env\.([A-Z][A-Z0-9_]+)/g))
          read.add(m[1]!);
      }
    }
    // The Medusa app template's own settings are Medusa's, documented in tests/contract/README.md.
    const medusaOwn = new Set(["STORE_CORS", "ADMIN_CORS", "AUTH_CORS", "JWT_SECRET", "COOKIE_SECRET"]);
    const missing = [...read].filter(
      (k) => !internal.has(k) && !medusaOwn.has(k) && !readme.includes(`\`${k}\``),
    );
    expect(missing).toEqual([]);
  });

  it("shows the two quick-start commands and every benchmark script", () => {
    expect(readme).toContain("npm ci && npm run demo");
    expect(readme).toContain("npm ci && npm test");
    const benches = Object.keys(pkg.scripts).filter((s) => s.startsWith("bench:"));
    expect(benches.length).toBeGreaterThan(0);
    expect(benches.filter((b) => !readme.includes(`npm run ${b}`))).toEqual([]);
  });
});
