import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import type { Db } from "@/db";
import { parallelSessions, queryRows } from "@/db/client";

/*
 * CPU time spent by this process and by the database's Postgres backends over a stretch of a
 * bench. On a shared 2-core VM a wall-clock rate swings with the neighbours; CPU per message moves
 * far less, so it is what tells whether a change made the pipeline cheaper. The backends are
 * read from /proc, so their share is only known when Postgres runs on this machine.
 */

const CLOCK_TICK_MS = 10; // USER_HZ is 100 on Linux

/** CPU time (user + system) a process on this machine has used, or null when it cannot be read. */
export function procCpuMs(pid: number): number | null {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(f[11]) + Number(f[12])) * CLOCK_TICK_MS;
  } catch {
    return null;
  }
}

export interface CpuSpent {
  nodeMs: number;
  /** null when Postgres runs elsewhere. */
  postgresMs: number | null;
}

/** Opens every pooled connection (so each has a backend to watch), then starts counting. */
export async function startCpuMeter(db: Db): Promise<() => CpuSpent> {
  const n = parallelSessions(db);
  await Promise.all(Array.from({ length: n }, () => db.execute(sql`select pg_sleep(0.02)`)));
  const pids = (
    await queryRows<{ pid: number }>(
      db,
      sql`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()
          union select pg_backend_pid()`,
    )
  ).map((r) => Number(r.pid));
  const pgNow = () => {
    let sum = 0;
    for (const pid of pids) {
      const ms = procCpuMs(pid);
      if (ms === null) return null;
      sum += ms;
    }
    return sum;
  };
  const pg0 = pgNow();
  const node0 = process.cpuUsage();
  return () => {
    const node = process.cpuUsage(node0);
    const pg = pgNow();
    return {
      nodeMs: (node.user + node.system) / 1000,
      postgresMs: pg0 === null || pg === null ? null : pg - pg0,
    };
  };
}

/** "node 45 µs + Postgres 70 µs per message" */
export function perMessage(spent: CpuSpent, messages: number): string {
  const us = (ms: number) => `${Math.round((ms * 1000) / messages)} µs`;
  return spent.postgresMs === null
    ? `node ${us(spent.nodeMs)} per message (Postgres is not on this machine)`
    : `node ${us(spent.nodeMs)} + Postgres ${us(spent.postgresMs)} per message`;
}
