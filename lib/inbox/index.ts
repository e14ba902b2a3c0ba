export { storeInbound, type StoreInboundInput } from "./store";
export { claimInbound, claimInboundById, claimInboundByIds, type ClaimOptions } from "./claim";
export {
  processInboundEvent,
  processClaimed,
  processClaimedRows,
  inboundBatchHandler,
  type ProcessOptions,
} from "./process";
export { sweepInbox, type SweepOptions, type SweepSummary } from "./sweep";
export { inboxStats, type InboxStats } from "./stats";
export { replayInbound } from "./replay";
export { MAX_ATTEMPTS, DEFAULT_LEASE_MS, retryDelayMs, type RetryPolicy } from "./retry";
export {
  INBOUND_STATUSES,
  type InboundEvent,
  type InboundStatus,
  type InboundHandler,
  type InboundBatch,
  type InboundBatchContext,
  type BatchOutcome,
  type HandlerResolver,
  type HandlerOutcome,
  type ProcessResult,
} from "./types";
