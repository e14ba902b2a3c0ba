export { recomputeSegmentsForCustomers, recomputeAllSegments, type RecomputeResult } from "./recompute";
export type { MembershipChange } from "./apply-membership";
export {
  segmentSettingsSchema,
  readSegmentSettings,
  saveSegmentSettings,
  defaultSegmentSettings,
  SEGMENT_SETTINGS_KEY,
  type SegmentSettings,
  type SegmentSettingsInput,
} from "./settings";
export {
  baseSegments,
  baseSegmentKeys,
  festivalSegments,
  festivalSegmentKey,
  festivalNames,
  allSegments,
  type BaseSegmentKey,
  type SegmentDefinition,
} from "./catalog";
export {
  festivalWindowInput,
  listFestivalWindows,
  saveFestivalWindow,
  updateFestivalWindow,
  deleteFestivalWindow,
  type FestivalWindow,
  type FestivalWindowInput,
} from "./festival-calendar";
export { monthsBefore } from "./sql-fragments";
