/*
 * What the guard says about one SKU. Every reason blocks promotion; the list is complete (a SKU
 * can be low on stock and low on margin at once) so the owner sees everything to fix.
 */
export const reasonCodes = [
  "out_of_stock",
  "low_stock",
  "dead",
  "low_margin",
  /** Draft, deleted, or not published in Medusa. */
  "not_listed",
  /** The SKU is not in the mirror at all. */
  "unknown_sku",
] as const;

export type ReasonCode = (typeof reasonCodes)[number];

export interface Reason {
  code: ReasonCode;
  detail: string;
}

export interface Verdict {
  sku: string;
  promotable: boolean;
  reasons: Reason[];
  /** Sellable units across locations (kits divided by required quantity); null = not stock-managed. */
  available: number | null;
  lowStockThreshold: number;
  lastSoldAt: Date | null;
  marginPct: number | null;
  productId: string | null;
  variantId: string | null;
  title: string | null;
  category: string | null;
  technique: string | null;
  pricePaise: number | null;
}

export const promoteSurfaces = [
  "whatsapp",
  "instagram",
  "storefront",
  "bundle",
  "campaign",
  "recovery",
  "agent",
] as const;

export type Surface = (typeof promoteSurfaces)[number];
