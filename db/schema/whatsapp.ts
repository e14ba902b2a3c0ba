import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  index,
  integer,
  json,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { instant, paise } from "./columns";

/*
 * WhatsApp selling (lib/whatsapp): the consent ledger, templates, the outbox that is also the
 * message log, broadcasts, and what the sandbox transport would have sent. Phones are stored as
 * WhatsApp writes them: digits only, with the country code, no "+" (e.g. "919812345678").
 */

/** Current consent and service-window state per phone; the ledger below is its history. */
export const waSubscribers = pgTable(
  "wa_subscribers",
  {
    phone: text().primaryKey(),
    /** The Medusa customer this phone belongs to, when known. */
    customerId: text(),
    name: text(),
    /** opted_in | opted_out | unknown (seen, e.g. an inbound message, but never opted in) */
    consent: text().notNull().default("unknown"),
    optedInAt: instant(),
    /** checkout | keyword | qr | import | owner */
    optInSource: text(),
    optedOutAt: instant(),
    optOutSource: text(),
    /** The last message the customer sent us: the 24-hour customer-service window runs from here. */
    lastInboundAt: instant(),
    updatedAt: instant().notNull().defaultNow(),
  },
  (t) => [
    index("wa_subscribers_customer_idx").on(t.customerId),
    index("wa_subscribers_consent_idx").on(t.consent),
  ],
);

/** Append-only: every opt-in and opt-out with when, where from and the evidence. */
export const waConsentEvents = pgTable(
  "wa_consent_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    phone: text().notNull(),
    /** opt_in | opt_out */
    action: text().notNull(),
    source: text().notNull(),
    /** What proves it: the inbound message id, the checkout's cart id, the import file name... */
    evidence: text(),
    at: instant().notNull(),
    /** Makes a re-delivered keyword or a re-run import a no-op. */
    dedupeKey: text().notNull(),
  },
  (t) => [
    uniqueIndex("wa_consent_events_dedupe_key").on(t.dedupeKey),
    index("wa_consent_events_phone_idx").on(t.phone, t.at),
  ],
);

/** Message templates as Meta knows them (synced), keyed by name and language. */
export const waTemplates = pgTable(
  "wa_templates",
  {
    name: text().notNull(),
    language: text().notNull(),
    /** MARKETING | UTILITY | AUTHENTICATION */
    category: text().notNull(),
    /** PENDING | APPROVED | REJECTED | PAUSED | DISABLED */
    status: text().notNull(),
    /** Meta's template id, once created there. */
    externalId: text(),
    /** The template's components as Meta's API takes them (header, body, footer, buttons). */
    components: jsonb().notNull(),
    /** Why Meta rejected or paused it, or the last send error that points at the template (132xxx). */
    problem: text(),
    updatedAt: instant().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.name, t.language] })],
);

/**
 * The outbox and the message log in one: every message Kosha decides to send is a row here
 * before it goes out, keyed by a deterministic idempotency key (flow + subject + step), so a
 * re-run never sends twice. A message that may not go out is kept with status `skipped` and the
 * reason; nothing is dropped silently.
 */
export const waMessages = pgTable(
  "wa_messages",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    /** e.g. "cart_recovery:cart_01:1", "broadcast:12:919812345678", "order_update:order_9:shipped" */
    idempotencyKey: text().notNull(),
    phone: text().notNull(),
    customerId: text(),
    /** template | text | interactive | product | product_list */
    kind: text().notNull(),
    /** marketing | utility | authentication | service: decides consent, budget and price */
    category: text().notNull(),
    templateName: text(),
    /**
     * The Cloud API request body (without the envelope fields), validated before it is stored.
     * json, not jsonb: it is written once per message and read back whole to send, never queried
     * inside, and jsonb's parse on insert was a fifth of a broadcast's database time.
     */
    body: json().notNull(),
    /** cart_recovery | order_update | broadcast | catalog | reply | owner */
    flow: text().notNull(),
    broadcastId: integer(),
    cartId: text(),
    orderId: text(),
    /** utm_campaign-style tag the checkout link and the attribution carry back. */
    attribution: text(),
    /**
     * queued | sent | delivered | read | failed | skipped; a queued row with a lease is shown as
     * "sending". Status only moves forward (sent < delivered < read); failed is final unless a
     * retryable error requeues it.
     */
    status: text().notNull().default("queued"),
    /**
     * status = 'queued', kept by Postgres. The outbox's indexes read this instead of status, so a
     * webhook moving a message from sent to delivered to read changes no indexed column and is a
     * HOT update (migration 0022): a third of all status webhooks are reads.
     */
    queued: boolean()
      .notNull()
      .generatedAlwaysAs(sql`status = 'queued'`),
    /** Why a message was skipped or failed, in words the owner reads. */
    reason: text(),
    errorCode: integer(),
    attempts: integer().notNull().default(0),
    /** Not before this instant (pacing, backoff, a rescheduled over-budget send). */
    notBefore: instant().notNull().defaultNow(),
    /**
     * A dispatcher's lease while it sends a queued row ("sending"); null otherwise. Deliberately
     * in no index, so claiming is a HOT update (lib/whatsapp/outbox/dispatch.ts); the table has
     * fillfactor 50 (migration 0018) to leave each page room for those versions.
     */
    lockedUntil: instant(),
    /** Meta's message id (wamid), the key of the status webhooks. */
    wamid: text(),
    /** Expected price of this message in paise (by category); 0 for service messages. */
    costPaise: paise().notNull().default(0),
    createdAt: instant().notNull().defaultNow(),
    sentAt: instant(),
    deliveredAt: instant(),
    readAt: instant(),
    failedAt: instant(),
    clickedAt: instant(),
    /** The order this message is credited with (last-touch within the attribution window). */
    convertedOrderId: text(),
    convertedPaise: paise(),
  },
  (t) => [
    uniqueIndex("wa_messages_idempotency_key").on(t.idempotencyKey),
    // Only sent messages have a wamid: a queued one is written without an entry here.
    uniqueIndex("wa_messages_wamid_key")
      .on(t.wamid)
      .where(sql`wamid is not null`),
    index("wa_messages_due_idx")
      .on(t.notBefore, t.id)
      .where(sql`queued`),
    // Cost booking re-reads the deliveries of given IST days (lib/whatsapp/costs.ts).
    index("wa_messages_delivered_idx")
      .on(t.deliveredAt)
      .where(sql`delivered_at is not null`),
    index("wa_messages_phone_idx").on(t.phone, t.createdAt),
    index("wa_messages_broadcast_idx").on(t.broadcastId, t.queued),
    index("wa_messages_flow_idx").on(t.flow, t.createdAt),
  ],
);

/** A segmented broadcast: what was composed, and how its send is going. */
export const waBroadcasts = pgTable("wa_broadcasts", {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  name: text().notNull(),
  segmentKey: text().notNull(),
  templateName: text().notNull(),
  language: text().notNull(),
  /** Variant SKUs featured (broadcast-to-buy); guard-checked at compose and again at send. */
  skus: jsonb().$type<string[]>().notNull().default([]),
  /** Template parameters the owner filled in, by position. */
  params: jsonb().$type<string[]>().notNull().default([]),
  /** draft | sending | paused | done | canceled */
  status: text().notNull().default("draft"),
  /** Messages per second this broadcast may use. */
  ratePerSecond: integer().notNull(),
  recipients: integer().notNull().default(0),
  queued: integer().notNull().default(0),
  sent: integer().notNull().default(0),
  failed: integer().notNull().default(0),
  skipped: integer().notNull().default(0),
  estimatedCostPaise: paise().notNull().default(0),
  /** What the guard changed at send time (swaps, drops), for the owner. */
  guardNotes: jsonb().$type<string[]>().notNull().default([]),
  createdAt: instant().notNull().defaultNow(),
  startedAt: instant(),
  finishedAt: instant(),
});

/**
 * Every request the sandbox transport received instead of Meta (messages, template creation,
 * catalog batches), with the answer it gave: the owner sees what would have been sent.
 */
export const channelSandboxRequests = pgTable(
  "channel_sandbox_requests",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    channel: text().notNull(),
    method: text().notNull(),
    path: text().notNull(),
    body: jsonb(),
    status: integer().notNull(),
    response: jsonb(),
    at: instant().notNull().defaultNow(),
  },
  (t) => [index("channel_sandbox_requests_channel_idx").on(t.channel, t.id)],
);

/** What the Meta catalog holds for each variant SKU, so a sync sends only what changed. */
export const waCatalogItems = pgTable("wa_catalog_items", {
  /** product_retailer_id = the variant SKU */
  retailerId: text().primaryKey(),
  variantId: text().notNull(),
  title: text().notNull(),
  /** "in stock" | "out of stock" */
  availability: text().notNull(),
  pricePaise: paise().notNull(),
  /** Hash of the fields last pushed; a changed hash means the item is due for an UPDATE. */
  pushedHash: text(),
  pushedAt: instant(),
  /** The batch handle Meta answered, to poll its status. */
  lastBatchHandle: text(),
  lastError: text(),
  updatedAt: instant().notNull().defaultNow(),
});

/**
 * Tracked links in messages: the button or text carries `<KOSHA_PUBLIC_URL>/r/<token>`, Kosha
 * notes the click on the message and redirects to the stored target (never to a URL taken from
 * the request, so the redirect cannot be abused).
 */
export const waLinks = pgTable(
  "wa_links",
  {
    token: text().primaryKey(),
    /** The wa_messages idempotency key the link belongs to. */
    messageKey: text().notNull(),
    target: text().notNull(),
    clicks: integer().notNull().default(0),
    firstClickedAt: instant(),
    lastClickedAt: instant(),
    createdAt: instant().notNull().defaultNow(),
  },
  (t) => [index("wa_links_message_key_idx").on(t.messageKey)],
);

/**
 * A customer's answer to the cash-on-delivery prompt (order-updates flow): confirm COD, or pay
 * online instead. The first answer per order stands; the owner ships confirmed COD orders first
 * and holds unanswered ones, which is where RTO losses come from.
 */
export const waCodAnswers = pgTable("wa_cod_answers", {
  orderId: text().primaryKey(),
  /** confirm | pay_online */
  answer: text().notNull(),
  phone: text().notNull(),
  /** The inbound message that carried the answer. */
  wamid: text().notNull(),
  at: instant().notNull(),
});
