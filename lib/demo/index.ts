export { seedDemo, storeHasOrders, demoWindow, tableCounts } from "./seed";
export type { SeedDemoOptions, SeedDemoResult, SeedProgress } from "./seed";
export { festivalCalendar, festivalsBetween, diwaliOf, type Festival, type FestivalName } from "./festivals";
export { dayProfile, isSaleDay, type DayProfile } from "./seasonality";
export { buildCatalog, categories, techniques, fabrics, type Category, type DemoCatalog } from "./catalog";
export { cities } from "./people";
