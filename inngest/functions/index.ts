import { processInboundEventFunction } from "./process-inbound-event";
import { reconcileInventoryFunction } from "./reconcile-inventory";
import { sweepInboxFunction } from "./sweep-inbox";

/** Every function served at /api/inngest. */
export const functions = [processInboundEventFunction, sweepInboxFunction, reconcileInventoryFunction];
