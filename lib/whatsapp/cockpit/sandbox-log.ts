import { and, count, desc, eq, lt, type SQL } from "drizzle-orm";
import type { Db } from "@/db";
import { channelSandboxRequests } from "@/db/schema";

/*
 * What the sandbox transport received instead of Meta: every request with the answer it gave,
 * newest first, so the owner sees exactly what would have gone out before adding credentials.
 */
export interface SandboxRequestRow {
  id: number;
  method: string;
  path: string;
  body: unknown;
  status: number;
  response: unknown;
  at: Date;
}

export async function listSandboxRequests(
  db: Db,
  opts: { channel?: string; limit?: number; before?: number } = {},
): Promise<{ total: number; items: SandboxRequestRow[] }> {
  const r = channelSandboxRequests;
  const channel = eq(r.channel, opts.channel ?? "whatsapp");
  const page: SQL[] = [channel];
  if (opts.before) page.push(lt(r.id, opts.before));
  const [totals, items] = await Promise.all([
    db.select({ total: count() }).from(r).where(channel),
    db
      .select({
        id: r.id,
        method: r.method,
        path: r.path,
        body: r.body,
        status: r.status,
        response: r.response,
        at: r.at,
      })
      .from(r)
      .where(and(...page))
      .orderBy(desc(r.id))
      .limit(opts.limit ?? 50),
  ]);
  return { total: Number(totals[0]?.total ?? 0), items };
}
