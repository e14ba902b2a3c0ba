import { processInboundEventFunction } from "./process-inbound-event";
import { reconcileInventoryFunction } from "./reconcile-inventory";
import { sweepInboxFunction } from "./sweep-inbox";
import { guardNightlyFunction, guardReevaluateFunction } from "./guard-reevaluate";
import { segmentsNightlyFunction, segmentsOnChangeFunction } from "./segments-recompute";
import { whatsappDispatchFunction } from "./whatsapp-dispatch";
import { whatsappCartRecoveryFunction } from "./whatsapp-cart-recovery";
import { whatsappOrderUpdatesFunction } from "./whatsapp-order-updates";
import { whatsappCatalogOnGuardFunction, whatsappCatalogSyncFunction } from "./whatsapp-catalog-sync";
import { whatsappBroadcastFunction } from "./whatsapp-broadcast";

/** Every function served at /api/inngest. */
export const functions = [
  processInboundEventFunction,
  sweepInboxFunction,
  reconcileInventoryFunction,
  guardReevaluateFunction,
  guardNightlyFunction,
  segmentsOnChangeFunction,
  segmentsNightlyFunction,
  whatsappDispatchFunction,
  whatsappCartRecoveryFunction,
  whatsappOrderUpdatesFunction,
  whatsappCatalogOnGuardFunction,
  whatsappCatalogSyncFunction,
  whatsappBroadcastFunction,
];
