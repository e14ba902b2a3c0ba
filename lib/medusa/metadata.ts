/*
 * The Medusa `metadata` keys Kosha reads. Medusa has no first-class field for these, so the
 * store sets them in the Medusa admin (product/variant/order/customer → Metadata). Values may be
 * strings, since the admin's metadata editor stores strings: "true", "1", "yes" count as true.
 */
export const METADATA_KEYS = {
  product: {
    /** Kosha's category (e.g. "saree"); falls back to the product's first category, then its type. */
    category: "category",
    /** Print or technique (sanganeri, bagru, dabu, indigo, ...); `print` is accepted as an alias. */
    technique: ["technique", "print"],
    /** Fabric (cotton, mul, chanderi, ...); falls back to the product's `material`. */
    fabric: "fabric",
    /** true when the product is discontinued: the guard never promotes it. */
    discontinued: "discontinued",
  },
  variant: {
    /** Landed unit cost in decimal rupees, like Medusa prices ("412.50"); `cost` is an alias. */
    unitCost: ["unit_cost", "cost"],
  },
  order: {
    /** "cod" | "prepaid": overrides what the payment provider ids say. */
    paymentMethod: "payment_method",
    isGift: ["is_gift", "gift"],
    giftNote: ["gift_note", "gift_message"],
    /** true when the courier returned the parcel to origin (undelivered, mostly COD). */
    rto: "rto",
    referralCode: "referral_code",
    /** The cart the order came from, when the order ↔ cart link is not in the response. */
    cartId: "cart_id",
  },
  customer: {
    marketingConsent: "marketing_consent",
    /** ISO time the consent was given; defaults to the customer's updated_at. */
    marketingConsentAt: "marketing_consent_at",
  },
} as const;

type Meta = Record<string, unknown> | null | undefined;

export function metaValue(meta: Meta, keys: string | readonly string[]): unknown {
  if (!meta) return undefined;
  for (const key of typeof keys === "string" ? [keys] : keys) {
    const v = meta[key];
    if (v !== undefined && v !== null && v !== "") return v;
  }
  return undefined;
}

export function metaString(meta: Meta, keys: string | readonly string[]): string | null {
  const v = metaValue(meta, keys);
  if (v === undefined) return null;
  const s = String(v).trim();
  return s === "" ? null : s;
}

export function metaBool(meta: Meta, keys: string | readonly string[]): boolean {
  const v = metaValue(meta, keys);
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  if (typeof v === "string") return ["true", "1", "yes", "y"].includes(v.trim().toLowerCase());
  return false;
}
