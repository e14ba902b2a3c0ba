import type { IstDay } from "@/lib/time";

/** The journey's window: IST days (for day-keyed rollup facts) and their UTC instants (for raw events). */
export interface JourneyWindow {
  from: IstDay;
  to: IstDay;
  start: Date;
  end: Date;
}
