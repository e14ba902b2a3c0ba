export { getKpis } from "./get-kpis";
export { applyToRollups, type RollupChanges, type RollupApplied } from "./rollup/apply";
export { rebuildRollups, type RebuildOptions } from "./rollup/rebuild";
export { festiveReportCsv } from "./report-csv";
export { CHANNELS, SEGMENTS, type Channel, type Segment } from "./channels";
export { comparisonWindow, addMonths, ltvCohort, COMPARES, type Compare, type DayWindow } from "./windows";
export {
  kpiQuerySchema,
  kpiResponseSchema,
  figureSchema,
  MAX_WINDOW_DAYS,
  type KpiQuery,
  type KpiQueryInput,
  type KpiResponse,
  type Figure,
  type ChannelRow,
} from "./schema";
