/*
 * lib/whatsapp/flows: the event-driven selling flows (cart recovery, order updates, catalog
 * sync) and the attribution of the orders they recover, as plain functions the Inngest
 * functions (inngest/functions/whatsapp-*.ts) and the in-process poller both drive.
 */
import "./promote-paths";

export * from "./commerce-events";
export type { FlowStepOutcome } from "./outcome";
export {
  cartRecoveryStep,
  cartRecoveryKey,
  checkoutLink,
  orderForCart,
  readCart,
  recoveryItems,
  recoveryTimes,
  CART_RECOVERY_CAMPAIGN,
  RECOVERY_HORIZON_MS,
  type CartSnapshot,
  type FlowDeps,
  type RecoveryItem,
  type RecoverySelection,
  type RecoveryStep,
} from "./cart-recovery";
export { attributeConversion, ATTRIBUTION_WINDOW_DAYS, type Conversion } from "./attribution";
export {
  orderUpdates,
  orderUpdateKey,
  dueOrderSteps,
  readOrder,
  codPayloads,
  ORDER_UPDATE_STEPS,
  FRESH_MS,
  type OrderUpdateStep,
  type OrderUpdatesResult,
  type OrderSnapshot,
  type Tracking,
} from "./order-updates";
export {
  catalogSync,
  catalogInStock,
  catalogPrice,
  catalogHash,
  type CatalogSyncDeps,
  type CatalogSyncResult,
  type CatalogItemData,
} from "./catalog-sync";
export {
  runFlowsOnce,
  FlowPoller,
  type FlowRoundSummary,
  type FlowRoundDeps,
  type FlowPollerOptions,
  type FlowPollerStatus,
} from "./poller";
export { recordSkipped } from "./record-skipped";
