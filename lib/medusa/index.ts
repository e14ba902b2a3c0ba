export {
  medusaClient,
  MedusaApiError,
  type MedusaClient,
  type ListOptions,
  type ClientOptions,
} from "./client";
export { medusaClientFromEnv, sandboxStore, medusaInboundLookup } from "./from-env";
export { liveTransport, type LiveTransportOptions } from "./transport/live";
export {
  SandboxStore,
  sandboxTransport,
  handleSandboxRequest,
  type SandboxCall,
  type SandboxCollection,
} from "./transport/sandbox";
export {
  encodeQuery,
  decodeQuery,
  type MedusaTransport,
  type MedusaRequest,
  type MedusaResponse,
} from "./transport/types";
export { RESOURCES, RESOURCE_NAMES, type ResourceName, type ResourceRecord } from "./resources";
export * from "./schemas";
export * from "./mappers";
export { METADATA_KEYS } from "./metadata";
export { generateMedusaFixtures, type FixtureOptions } from "./fixtures";
export {
  syncMedusa,
  type SyncMode,
  type SyncOptions,
  type SyncProgress,
  type ResourceSyncResult,
} from "./sync/sync";
export {
  readCursor,
  cursorKey,
  DEFAULT_NAMESPACE as SYNC_CURSOR_NAMESPACE,
  type SyncCursor,
} from "./sync/cursor";
export { applyRecords } from "./sync/apply";
export {
  signPayload,
  signatureHeader,
  verifySignature,
  SIGNATURE_HEADER,
  SIGNATURE_TOLERANCE_SECONDS,
  type SignatureCheck,
} from "./webhook/signature";
export { medusaEnvelopeSchema, type MedusaEnvelope } from "./webhook/envelope";
export { receiveMedusaWebhook, MEDUSA_SOURCE, MAX_WEBHOOK_BYTES, type ReceiveDeps } from "./webhook/receive";
export { medusaHandlers, MEDUSA_EVENT_NAMES } from "./webhook/process";
