import { z } from "zod";

/**
 * Where a visit (and the spend that bought it) comes from. The same list as lib/kpi's CHANNELS,
 * which attributes revenue to these; kept here too because traffic is where a channel is decided.
 */
export const TRAFFIC_CHANNELS = [
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

export const trafficChannelSchema = z.enum(TRAFFIC_CHANNELS);
export type TrafficChannel = z.infer<typeof trafficChannelSchema>;
