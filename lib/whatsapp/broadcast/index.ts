/*
 * Segmented broadcasts and broadcast-to-buy: compose (validated, guard-checked), preview
 * (recipients, exclusions by reason, cost, duration), start/pause/cancel, and the send itself as
 * repeatable steps (advanceBroadcast) over the outbox. Loading this registers its promote paths.
 */
import "./promote-paths";

export * from "./schema";
export { composeBroadcast, composeGuard, validateDraft, usableTemplate, type TemplateInfo } from "./compose";
export { previewBroadcast, previewRecipients, type BroadcastPreview } from "./preview";
export {
  advanceBroadcast,
  broadcastSteps,
  defaultLowWater,
  guardAtSend,
  type AdvanceDeps,
  type AdvanceResult,
  type Ahead,
  type PreparedBatch,
} from "./advance";
export {
  startBroadcast,
  pauseBroadcast,
  cancelBroadcast,
  runBroadcast,
  PAUSED_UNTIL,
  type RunDeps,
} from "./lifecycle";
export {
  getBroadcast,
  requireBroadcast,
  listBroadcasts,
  refreshProgress,
  type BroadcastCounts,
} from "./store";
export {
  broadcastKey,
  broadcastAttribution,
  broadcastLink,
  tagLink,
  broadcastMessageBuilder,
} from "./message";
export { recipientPage, candidatesSql, lastWrittenPhone, type Recipient } from "./recipients";
export { BROADCAST_STARTED, broadcastStarted, broadcastStartedSchema } from "./events";
