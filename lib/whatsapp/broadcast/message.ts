import type { GuardedSkus } from "@/lib/guard";
import { templateMessage, type TemplateMessage } from "../messages";

/*
 * One recipient's message: the template with the owner's values by position. Values may use
 * tokens filled per recipient and per batch, so a broadcast-to-buy always names what the guard
 * allows at the moment the batch is materialised:
 *   {{name}}      the subscriber's first name ("there" when unknown)
 *   {{products}}  titles of the featured products the guard allows now
 *   {{link}}      the storefront link: a checkout pre-filled with those products (or the shop)
 * Every link (the {{link}} token or a URL the owner typed) carries utm_source=whatsapp,
 * utm_medium=broadcast and utm_campaign=broadcast_<id>: the attribution the storefront beacon and
 * the order attribution read back.
 */

export const broadcastAttribution = (broadcastId: number) => `broadcast_${broadcastId}`;
export const broadcastKey = (broadcastId: number, phone: string) => `broadcast:${broadcastId}:${phone}`;

export interface FeaturedProduct {
  sku: string;
  title: string;
}

export interface BroadcastMessageInput {
  broadcastId: number;
  templateName: string;
  language: string;
  params: readonly string[];
  storefrontUrl: string;
  /** What the guard allows now, in the order composed (substitutes in place). */
  skus: GuardedSkus;
  products: readonly FeaturedProduct[];
}

const URL_RE = /^https?:\/\/\S+$/i;

export function tagLink(url: string, broadcastId: number): string {
  const u = new URL(url);
  u.searchParams.set("utm_source", "whatsapp");
  u.searchParams.set("utm_medium", "broadcast");
  u.searchParams.set("utm_campaign", broadcastAttribution(broadcastId));
  return u.toString();
}

export function broadcastLink(storefrontUrl: string, broadcastId: number, skus: readonly string[]): string {
  const u = skus.length > 0 ? new URL("/checkout", storefrontUrl) : new URL("/", storefrontUrl);
  if (skus.length > 0) u.searchParams.set("items", skus.map((s) => `${s}:1`).join(","));
  return tagLink(u.toString(), broadcastId);
}

/**
 * Builds the per-batch part once (link, product list) and returns a per-recipient builder, so a
 * 1000-recipient batch costs one URL build, not a thousand.
 */
export function broadcastMessageBuilder(
  input: BroadcastMessageInput,
): (recipient: { name: string | null }) => TemplateMessage {
  const link = broadcastLink(input.storefrontUrl, input.broadcastId, input.skus);
  const titles = input.products.map((p) => p.title).join(", ") || "our latest pieces";
  const fixed = input.params.map((p) => {
    const v = p.trim();
    if (URL_RE.test(v)) return tagLink(v, input.broadcastId);
    return v.replaceAll("{{link}}", link).replaceAll("{{products}}", titles);
  });
  const perRecipient = fixed.some((v) => v.includes("{{name}}"));
  const cached = perRecipient ? null : templateMessage(input.templateName, input.language, fixed);
  if (cached) return () => cached;
  // Validated once with a stand-in name; per recipient only the text values change (the outbox
  // validates every draft again before storing it).
  const shape = templateMessage(
    input.templateName,
    input.language,
    fixed.map((v) => v.replaceAll("{{name}}", "there")),
  );
  return (r) => {
    const first = r.name?.trim().split(/\s+/)[0] || "there";
    return {
      ...shape,
      template: {
        ...shape.template,
        components: [
          {
            type: "body",
            parameters: fixed.map((v) => ({ type: "text", text: v.replaceAll("{{name}}", first) })),
          },
        ],
      },
    };
  };
}
