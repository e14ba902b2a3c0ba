export { checkSkus, type CheckOptions } from "./check-skus";
export { substituteFor, type SubstituteOptions } from "./substitute";
export {
  guardPromotion,
  type GuardedSkus,
  type PromotionDecision,
  type PromotionRequest,
} from "./guard-promotion";
export { registerPromotePath, promotePaths, type PromotePath } from "./promote-paths";
export { reevaluateSkus, allSkus, type VerdictChange } from "./reevaluate";
export { skusAffectedBy, type MirrorChangeKind } from "./affected-skus";
export { contributionMarginPct } from "./margin";
export {
  guardSettingsSchema,
  readGuardSettings,
  saveGuardSettings,
  defaultGuardSettings,
  lowStockThreshold,
  GUARD_SETTINGS_KEY,
  type GuardSettings,
  type GuardSettingsInput,
} from "./settings";
export { listVerdicts, verdictListQuery, listAudit, auditListQuery } from "./read-verdicts";
export {
  SKU_BLOCKED,
  SKU_UNBLOCKED,
  skuVerdictEventSchema,
  verdictEvents,
  type SkuVerdictEvent,
} from "./events";
export {
  reasonCodes,
  promoteSurfaces,
  type Reason,
  type ReasonCode,
  type Surface,
  type Verdict,
} from "./verdict";
