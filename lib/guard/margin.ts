import type { GuardSettings } from "./settings";

/**
 * Contribution margin of selling one unit on its own, as a percentage of what the customer pays.
 * The guard cannot know the basket or payment method in advance, so it assumes the worst case a
 * promotion can produce: a single-unit cash-on-delivery order at the promotional discount.
 *
 *   net      = price × (1 − promoDiscountPct/100)
 *   costs    = unit cost + shippingPerOrder + shippingPerItem + codFee + net × codFeePct/100
 *   margin % = (net − costs) / net × 100
 *
 * Null when the variant has no cost in Medusa (the guard then does not judge margin).
 */
export function contributionMarginPct(
  pricePaise: number,
  costPaise: number | null,
  s: GuardSettings,
): number | null {
  if (costPaise === null) return null;
  const net = (pricePaise * (100 - s.promoDiscountPct)) / 100;
  if (net <= 0) return -100;
  const costs =
    costPaise + s.shippingPerOrderPaise + s.shippingPerItemPaise + s.codFeePaise + (net * s.codFeePct) / 100;
  // Rounded so a margin exactly at the owner's threshold compares equal despite float noise.
  return Math.round(((net - costs) / net) * 100 * 1e6) / 1e6;
}
