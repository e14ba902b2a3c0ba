import { z } from "zod";

/*
 * The /api/collect contract: one event per request, posted by /embed/beacon.js (or by a storefront
 * server). Strict: unknown fields are refused, every string is bounded, ids have one shape, and
 * URLs must be web URLs, so a forged post is a 400 with a reason rather than odd rows.
 */

export const COLLECT_EVENT_TYPES = ["page_view", "product_view", "add_to_cart", "checkout_start"] as const;
export type CollectEventType = (typeof COLLECT_EVENT_TYPES)[number];

/** Larger posts are refused with 413 before parsing: a real event is well under 2 KiB. */
export const COLLECT_MAX_BODY_BYTES = 8 * 1024;
/** How far an event's browser timestamp may be from the server clock and still be believed. */
export const COLLECT_MAX_AGE_MS = 24 * 60 * 60 * 1000;
export const COLLECT_MAX_FUTURE_MS = 15 * 60 * 1000;

/** Beacon-made ids (crypto.randomUUID or 16+ random hex chars). */
export const beaconIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, { message: "must be 8-64 of A-Z a-z 0-9 _ -" });
/** Medusa ids: cart_01H…, prod_01H…, variant_01H… */
const medusaIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,100}$/, { message: "must be 1-100 of A-Z a-z 0-9 _ -" });

function webUrl(schemes: string[], max: number) {
  return z
    .string()
    .max(max)
    .refine(
      (s) => {
        try {
          return schemes.includes(new URL(s).protocol);
        } catch {
          return false;
        }
      },
      { message: `must be a ${schemes.map((p) => p.replace(":", "")).join(" or ")} URL` },
    );
}

export const collectEventSchema = z
  .strictObject({
    v: z.literal(1),
    id: beaconIdSchema,
    type: z.enum(COLLECT_EVENT_TYPES),
    /** Epoch milliseconds in the visitor's browser. */
    at: z.number().int().positive(),
    visitorId: beaconIdSchema,
    sessionId: beaconIdSchema,
    /** The page the event happened on. */
    url: webUrl(["http:", "https:"], 2048),
    /** The first page of the session: its UTM tags and ?ref= decide the channel. */
    landingUrl: webUrl(["http:", "https:"], 2048),
    /** document.referrer of the landing page; Android apps show up as android-app://<package>. */
    referrer: z.union([z.literal(""), webUrl(["http:", "https:", "android-app:"], 2048)]).optional(),
    cartId: medusaIdSchema.optional(),
    productId: medusaIdSchema.optional(),
    variantId: medusaIdSchema.optional(),
    sku: z
      .string()
      .regex(/^[\x20-\x7E]{1,100}$/, { message: "must be 1-100 printable ASCII characters" })
      .optional(),
    quantity: z.number().int().min(1).max(1000).optional(),
    /** Unit price in paise (integers: the storefront converts, as Kosha does everywhere). */
    pricePaise: z.number().int().min(0).max(1e10).optional(),
    /** Total value in paise, e.g. the cart total at checkout start. */
    valuePaise: z.number().int().min(0).max(1e11).optional(),
  })
  .superRefine((e, ctx) => {
    const productScoped = e.type === "product_view" || e.type === "add_to_cart";
    if (productScoped && !e.productId && !e.variantId && !e.sku) {
      ctx.addIssue({
        code: "custom",
        path: ["productId"],
        message: `${e.type} needs productId, variantId or sku`,
      });
    }
  });

export type CollectEvent = z.infer<typeof collectEventSchema>;

/** Parses the request time window check separately: it depends on the server clock. */
export function timestampProblem(at: number, now: Date): string | null {
  const delta = at - now.getTime();
  if (delta > COLLECT_MAX_FUTURE_MS) return "at is in the future (more than 15 minutes ahead of the server)";
  if (-delta > COLLECT_MAX_AGE_MS) return "at is more than 24 hours in the past";
  return null;
}
