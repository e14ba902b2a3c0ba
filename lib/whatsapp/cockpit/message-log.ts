import { and, desc, eq, isNotNull, isNull, lt, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db";
import { waMessages } from "@/db/schema";

/*
 * The message log: every send decision newest first, with its status and why (skipped and failed
 * ones too), filtered by flow and status, paged by id so a busy outbox does not shift the pages.
 */
export const messageStatuses = [
  "queued",
  "sending",
  "sent",
  "delivered",
  "read",
  "failed",
  "skipped",
] as const;

export const messageLogQuerySchema = z.strictObject({
  flow: z.string().max(40).optional(),
  status: z.enum(messageStatuses).optional(),
  broadcastId: z.coerce.number().int().positive().optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type MessageLogQuery = z.infer<typeof messageLogQuerySchema>;

export interface MessageLogRow {
  id: number;
  phone: string;
  flow: string;
  category: string;
  templateName: string | null;
  status: string;
  reason: string | null;
  errorCode: number | null;
  costPaise: number;
  broadcastId: number | null;
  createdAt: Date;
  sentAt: Date | null;
  deliveredAt: Date | null;
  readAt: Date | null;
  convertedPaise: number | null;
}

export async function listMessages(
  db: Db,
  q: MessageLogQuery,
): Promise<{ items: MessageLogRow[]; nextBefore: number | null }> {
  const where: SQL[] = [];
  if (q.flow) where.push(eq(waMessages.flow, q.flow));
  // "sending" is not stored: it is a queued row a dispatcher holds a lease on.
  if (q.status === "sending") where.push(eq(waMessages.status, "queued"), isNotNull(waMessages.lockedUntil));
  else if (q.status === "queued") where.push(eq(waMessages.status, "queued"), isNull(waMessages.lockedUntil));
  else if (q.status) where.push(eq(waMessages.status, q.status));
  if (q.broadcastId) where.push(eq(waMessages.broadcastId, q.broadcastId));
  if (q.before) where.push(lt(waMessages.id, q.before));
  const m = waMessages;
  const rows = await db
    .select({
      id: m.id,
      phone: m.phone,
      flow: m.flow,
      category: m.category,
      templateName: m.templateName,
      status: sql<string>`case when ${m.status} = 'queued' and ${m.lockedUntil} is not null then 'sending' else ${m.status} end`,
      reason: m.reason,
      errorCode: m.errorCode,
      costPaise: m.costPaise,
      broadcastId: m.broadcastId,
      createdAt: m.createdAt,
      sentAt: m.sentAt,
      deliveredAt: m.deliveredAt,
      readAt: m.readAt,
      convertedPaise: m.convertedPaise,
    })
    .from(m)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(m.id))
    .limit(q.limit + 1);
  const items = rows.slice(0, q.limit).map((r) => ({
    ...r,
    costPaise: Number(r.costPaise),
    convertedPaise: r.convertedPaise === null ? null : Number(r.convertedPaise),
  }));
  return { items, nextBefore: rows.length > q.limit ? items[items.length - 1]!.id : null };
}
