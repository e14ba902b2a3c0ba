export { TRAFFIC_CHANNELS, trafficChannelSchema, type TrafficChannel } from "./channels";
export {
  classifyChannel,
  matchChannelRule,
  CHANNEL_RULES,
  type VisitSource,
  type ChannelRule,
} from "./classify-channel";
export {
  COLLECT_EVENT_TYPES,
  COLLECT_MAX_BODY_BYTES,
  COLLECT_MAX_AGE_MS,
  COLLECT_MAX_FUTURE_MS,
  collectEventSchema,
  beaconIdSchema,
  timestampProblem,
  type CollectEvent,
  type CollectEventType,
} from "./collect-schema";
export { isBotUserAgent } from "./bots";
export {
  COLLECT_RATE_LIMIT,
  hitCollectRateLimit,
  type CollectRateLimit,
  type RateDecision,
} from "./collect-rate-limit";
export { recordCollectEvent, sessionAttribution, type RecordResult } from "./record-event";
export {
  parseStorefrontOrigins,
  originAllowed,
  corsHeaders,
  type StorefrontOrigins,
} from "./storefront-origins";
export { handleCollect, collectPreflight, type CollectDeps } from "./handle-collect";
export { beaconScript, BEACON_CACHE_CONTROL, BEACON_SCRIPT_PATH } from "./beacon-script";
export { parseCsv, csvField, CsvSyntaxError, type CsvRecord } from "./csv";
export {
  SPEND_CHANNELS,
  SPEND_EARLIEST_DAY,
  SPEND_MAX_RUPEES_PER_DAY,
  manualSpendSchema,
  spendChannelSchema,
  spendDaySchema,
  spendInrSchema,
  type SpendEntry,
} from "./spend-fields";
export {
  parseSpendCsv,
  spendCsvTemplate,
  SPEND_CSV_COLUMNS,
  SPEND_CSV_MAX_ROWS,
  type SpendCsvIssue,
  type SpendCsvResult,
} from "./spend-csv";
export { saveAdSpend, type SpendSource } from "./save-ad-spend";
export { upsertWebSessions, upsertReferralCodes, upsertAdSpend } from "./upsert";
export type { WebSessionRecord, ReferralCodeRecord, AdSpendRecord } from "./records";
export {
  listAdSpend,
  spendWindowSchema,
  SPEND_LIST_MAX_DAYS,
  type SpendList,
  type SpendRow,
} from "./list-ad-spend";
export {
  listVisitorSessions,
  listSessionEvents,
  sessionsQuerySchema,
  eventsQuerySchema,
} from "./list-sessions";
