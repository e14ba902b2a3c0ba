/** Traffic and attribution channels; anything else a source reports is counted as `other`. */
export const CHANNELS = [
  "whatsapp",
  "instagram",
  "youtube",
  "seo",
  "influencer",
  "paid",
  "email",
  "direct",
  "other",
] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * Segments the `segment=` filter and LTV know. `new`/`repeat` are per order in the daily figures
 * (first counted order of its customer or not) and per customer in LTV (1 vs 2+ counted orders);
 * `wholesale` and `gifting` are per customer. Adding one: lib/kpi/sql/segments.ts.
 */
export const SEGMENTS = ["all", "new", "repeat", "wholesale", "gifting"] as const;
export type Segment = (typeof SEGMENTS)[number];
