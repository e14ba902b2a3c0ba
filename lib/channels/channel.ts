import type { Db } from "@/db";
import type { Clock } from "@/lib/time";

/*
 * The channel-manager seam: what every selling channel (WhatsApp first; Instagram and others
 * later) offers the rest of Kosha. Flows, broadcasts and the catalog sync talk to a channel
 * through this, never to an API client directly, so a new channel is one new implementation.
 */

export interface ChannelContext {
  db: Db;
  clock: Clock;
}

/** A catalog item as every channel receives it: one sellable variant. */
export interface ChannelCatalogItem {
  /** The retailer id the channel knows the item by: the variant SKU. */
  sku: string;
  variantId: string;
  title: string;
  description?: string;
  pricePaise: number;
  inStock: boolean;
  link: string;
  imageLink?: string;
  groupId?: string;
}

export interface CatalogSyncSummary {
  pushed: number;
  unchanged: number;
  markedOutOfStock: number;
  failed: number;
  batches: number;
}

export interface ChannelSendSummary {
  attempted: number;
  sent: number;
  retried: number;
  failed: number;
}

export interface SellingChannel<Draft, EnqueueResult> {
  readonly key: string;
  readonly mode: "live" | "sandbox";
  /** Accepts messages for sending (consent, pressure and idempotency applied); sends happen in `dispatch`. */
  send(ctx: ChannelContext, drafts: Draft[]): Promise<EnqueueResult[]>;
  /** Sends what is due, within the channel's rate limits. */
  dispatch(ctx: ChannelContext, opts?: { limit?: number }): Promise<ChannelSendSummary>;
  /** Pushes promotable items (and marks blocked ones unavailable) to the channel's catalog. */
  syncCatalog(ctx: ChannelContext, items: ChannelCatalogItem[]): Promise<CatalogSyncSummary>;
  /** Applies a verified inbound webhook payload (statuses, inbound messages) already stored raw. */
  receive(ctx: ChannelContext, payload: unknown): Promise<void>;
  /** What one message of a category costs, in paise. */
  costOf(category: string): Promise<number> | number;
}
