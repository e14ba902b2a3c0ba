import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

/*
 * What the two load benches against a running app (bench:ingest, bench:whatsapp-webhooks) share:
 * their flags and how they start `next start` on a port.
 */

const argv = process.argv.slice(2);

/** `--flag N`: an integer from 1 to max (exits with the rule when it is not); def when absent. */
export function intFlag(flag: string, def: number, max: number): number {
  const i = argv.indexOf(flag);
  if (i < 0) return def;
  const v = Number(argv[i + 1]);
  if (!Number.isInteger(v) || v < 1 || v > max) {
    console.error(`${flag} must be an integer from 1 to ${max}`);
    process.exit(2);
  }
  return v;
}

export const hasFlag = (flag: string): boolean => argv.includes(flag);

/** `--flag value`, or undefined. */
export const stringFlag = (flag: string): string | undefined =>
  argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined;

/** `--via edge|next`: post to the webhook edge (default) or to the Next.js route. */
export function viaFlag(): "edge" | "next" {
  const via = stringFlag("--via") ?? "edge";
  if (via !== "edge" && via !== "next") {
    console.error("--via must be edge or next");
    process.exit(2);
  }
  return via;
}

/** `--profile DIR`, resolved. */
export function profileFlag(): string | undefined {
  const dir = stringFlag("--profile");
  return dir ? path.resolve(dir) : undefined;
}

/** `next start` on 127.0.0.1:port from the repo root, with --cpu-prof into profileDir when set. */
export function spawnNextStart(opts: {
  root: string;
  port: number;
  env: NodeJS.ProcessEnv;
  profileDir?: string;
}): ChildProcess {
  const nodeArgs = opts.profileDir ? ["--cpu-prof", "--cpu-prof-dir", opts.profileDir] : [];
  return spawn(
    process.execPath,
    [
      ...nodeArgs,
      path.join(opts.root, "node_modules/next/dist/bin/next"),
      "start",
      "-p",
      String(opts.port),
      "-H",
      "127.0.0.1",
    ],
    { cwd: opts.root, env: opts.env, stdio: ["ignore", "ignore", "inherit"] },
  );
}
