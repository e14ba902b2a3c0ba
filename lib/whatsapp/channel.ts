import type {
  CatalogSyncSummary,
  ChannelCatalogItem,
  ChannelContext,
  ChannelSendSummary,
  SellingChannel,
} from "@/lib/channels/channel";
import { dispatchDue } from "./outbox/dispatch";
import { enqueueMessages } from "./outbox/enqueue";
import type { EnqueueOutcome, MessageDraft } from "./outbox/types";
import type { Sleep } from "./outbox/pacer";
import { defaultWhatsAppSettings, readWhatsAppSettings, type WhatsAppSettings } from "./settings";
import type { WhatsAppTransport } from "./transport/types";

/*
 * WhatsApp as a SellingChannel: send = the outbox's enqueue (consent, budget, idempotency),
 * dispatch = the paced sender. The catalog sync and the webhook receiver live with the flows
 * and webhook code; they are handed in here so this file does not depend on them.
 */

/** Pushes catalog items to Meta (lib/whatsapp/flows owns the implementation). */
export type WhatsAppCatalogSync = (
  ctx: ChannelContext,
  items: ChannelCatalogItem[],
  deps: { transport: WhatsAppTransport; settings: WhatsAppSettings },
) => Promise<CatalogSyncSummary>;

/** Applies a verified, stored webhook payload (lib/whatsapp/webhook owns the implementation). */
export type WhatsAppReceive = (ctx: ChannelContext, payload: unknown) => Promise<void>;

export interface WhatsAppChannelOptions {
  transport: WhatsAppTransport;
  phoneNumberId: string;
  /** Fixed settings (tests, benches); otherwise read from app_settings on each call. */
  settings?: WhatsAppSettings;
  syncCatalog?: WhatsAppCatalogSync;
  receive?: WhatsAppReceive;
  sleep?: Sleep;
}

export type WhatsAppChannel = SellingChannel<MessageDraft, EnqueueOutcome>;

export function createWhatsAppChannel(opts: WhatsAppChannelOptions): WhatsAppChannel {
  const settingsFor = async (ctx: ChannelContext) => opts.settings ?? (await readWhatsAppSettings(ctx.db));
  return {
    key: "whatsapp",
    mode: opts.transport.mode,

    async send(ctx, drafts) {
      return enqueueMessages(ctx.db, drafts, { clock: ctx.clock, settings: await settingsFor(ctx) });
    },

    async dispatch(ctx, o = {}): Promise<ChannelSendSummary> {
      const s = await dispatchDue(ctx.db, {
        transport: opts.transport,
        clock: ctx.clock,
        settings: await settingsFor(ctx),
        phoneNumberId: opts.phoneNumberId,
        limit: o.limit,
        sleep: opts.sleep,
      });
      return { attempted: s.claimed, sent: s.sent, retried: s.requeued, failed: s.failed };
    },

    async syncCatalog(ctx, items) {
      if (!opts.syncCatalog)
        throw new Error("WhatsApp channel created without a catalog sync (lib/whatsapp/flows)");
      return opts.syncCatalog(ctx, items, { transport: opts.transport, settings: await settingsFor(ctx) });
    },

    async receive(ctx, payload) {
      if (!opts.receive)
        throw new Error("WhatsApp channel created without a webhook receiver (lib/whatsapp/webhook)");
      return opts.receive(ctx, payload);
    },

    // The seam's costOf has no context to read saved settings from: pass settings for real prices.
    costOf(category) {
      const prices = (opts.settings ?? defaultWhatsAppSettings()).pricePaise;
      return category in prices ? prices[category as keyof typeof prices] : 0;
    },
  };
}
