import { processInboundEventFunction } from "./process-inbound-event";
import { sweepInboxFunction } from "./sweep-inbox";

/** Every function served at /api/inngest. */
export const functions = [processInboundEventFunction, sweepInboxFunction];
