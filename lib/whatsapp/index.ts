/*
 * lib/whatsapp: WhatsApp selling over the Cloud API. Other domains import from here only.
 */
export * from "./phone";
export * from "./consent";
export * from "./messages";
export * from "./settings";
export * from "./errors";
export * from "./client";
export * from "./channel";
export type { GraphRequest, GraphResponse, WhatsAppTransport } from "./transport/types";
export { createLiveTransport, graphUrlFor, type LiveTransportOptions } from "./transport/live";
export {
  createSandboxTransport,
  graphError,
  type SandboxTransport,
  type SandboxTransportOptions,
  type SandboxRecord,
} from "./transport/sandbox";
export { whatsappIdsFromEnv, whatsappTransportFromEnv, type WhatsAppIds } from "./transport/from-env";
export * from "./outbox/types";
export { enqueueMessages, ENQUEUE_BATCH, type EnqueueDeps } from "./outbox/enqueue";
export {
  dispatchDue,
  DEFAULT_DISPATCH_LIMIT,
  MAX_SEND_ATTEMPTS,
  HALT_MS,
  type DispatchDeps,
  type DispatchSummary,
} from "./outbox/dispatch";
export { Pacer, pacerFor, resetPacers, realSleep, type Sleep } from "./outbox/pacer";
export { earliestWithinBudget, fitsBudget, pressureBudget, type PressureBudget } from "./outbox/pressure";
export { onOutboxQueued, notifyOutboxQueued } from "./outbox/notify";
export {
  WhatsAppDispatcher,
  type WhatsAppDispatcherOptions,
  type WhatsAppDispatcherStatus,
} from "./outbox/dispatcher";
// The selling flows (cart recovery, order updates, catalog sync); loading them registers their promote paths.
export * from "./flows";
// Segmented broadcasts; loading them registers their promote paths.
export * from "./broadcast";
