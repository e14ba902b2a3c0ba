import { z } from "zod";
import { CHANNELS } from "@/lib/kpi";

/**
 * Where a visit (and the spend that bought it) comes from: the channels lib/kpi attributes revenue
 * to, so a session's channel and an order's channel are always from one list.
 */
export const TRAFFIC_CHANNELS = CHANNELS;

export const trafficChannelSchema = z.enum(TRAFFIC_CHANNELS);
export type TrafficChannel = z.infer<typeof trafficChannelSchema>;
