export {
  IST_OFFSET_MS,
  istDay,
  isIstDay,
  istDayStart,
  addDays,
  daysInclusive,
  istWindow,
  type IstDay,
} from "./ist";
export { systemClock, fixedClock, type Clock } from "./clock";
export { istDayWindowSchema } from "./day-window";
