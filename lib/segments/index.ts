export {
  recomputeSegmentsForCustomers,
  recomputeAllSegments,
  SEGMENT_PARTITIONS,
  type FullRunOptions,
  type RecomputeResult,
} from "./recompute";
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
export { segmentOverview, type SegmentOverview } from "./overview";
export { listSegmentMembers, segmentMembersCsv, memberListQuery, type SegmentMemberRow } from "./members";
export { pushSegmentsToMedusa, groupNameFor, type PushResult } from "./push-to-medusa";
export {
  recordingGroupsApi,
  medusaGroupsApi,
  type CustomerGroupsApi,
  type GroupsCall,
} from "./medusa-groups";
export { customersAffectedBy } from "./affected-customers";
export { customerChangeEvents } from "./events";
export { findSegment } from "./find-segment";
