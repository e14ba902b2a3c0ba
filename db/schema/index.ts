export * from "./commerce";
export * from "./traffic";
export * from "./auth";
export * from "./inbox";
export * from "./kpi";
export * from "./segments";
export * from "./guard";
export * from "./traffic-events";
