import { z } from "zod";
import type { waBroadcasts } from "@/db/schema";

/** What the owner composes: a segment, an approved template with its values, featured SKUs. */
export const broadcastDraftSchema = z.strictObject({
  name: z.string().trim().min(1).max(120),
  segmentKey: z.string().min(1).max(120),
  templateName: z.string().min(1).max(512),
  language: z.string().min(2).max(15).default("en"),
  /** Values for {{1}}, {{2}}, … in order; may use {{name}}, {{products}}, {{link}} (see message.ts). */
  params: z.array(z.string().max(1000)).max(20).default([]),
  /** Variant SKUs to feature (broadcast-to-buy), checked by the guard now and again at send. */
  skus: z.array(z.string().min(1).max(200)).max(30).default([]),
  /** A blocked SKU is replaced by its best substitute instead of refusing the broadcast. */
  allowSwap: z.boolean().default(false),
  /** Messages per second for this broadcast; at most (and by default) the number's throughput. */
  ratePerSecond: z.number().int().min(1).max(1000).optional(),
});
export type BroadcastDraftInput = z.input<typeof broadcastDraftSchema>;
export type BroadcastDraft = z.infer<typeof broadcastDraftSchema>;

export type Broadcast = typeof waBroadcasts.$inferSelect;

export const broadcastStatuses = ["draft", "sending", "paused", "done", "canceled"] as const;
export type BroadcastStatus = (typeof broadcastStatuses)[number];

export const broadcastIdSchema = z.coerce.number().int().positive();
