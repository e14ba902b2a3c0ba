import postgres from "postgres";
import { openDb, type DbHandle } from "@/db";
import { migrateDb } from "@/db/migrate";

/** A migrated scratch Postgres database for a benchmark; `drop` removes it. */
export async function scratchPostgres(label: string): Promise<DbHandle & { drop(): Promise<void> }> {
  const adminUrl = process.env.KOSHA_BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `kosha_bench_${label}_${Date.now().toString(36)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const h = await openDb({ engine: "postgres", url: url.toString(), max: 4 });
  await migrateDb(h);
  return {
    ...h,
    async drop() {
      await h.close();
      const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists "${name}" with (force)`);
      await a.end();
    },
  };
}

export const time = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const t0 = performance.now();
  const out = await fn();
  return [out, performance.now() - t0];
};

export const fmtMs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(2)} ms`);

export function percentile(samples: number[], p: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}
