import type { MembershipChange } from "./apply-membership";

/** One `segments/customer.changed` payload per customer from a recompute's changes. */
export function customerChangeEvents(changes: MembershipChange[], at: Date) {
  const byCustomer = new Map<string, { entered: string[]; left: string[] }>();
  for (const c of changes) {
    const e = byCustomer.get(c.customerId) ?? { entered: [], left: [] };
    e[c.change].push(c.segmentKey);
    byCustomer.set(c.customerId, e);
  }
  return [...byCustomer].map(([customerId, e]) => ({
    customerId,
    entered: e.entered.sort(),
    left: e.left.sort(),
    at: at.toISOString(),
  }));
}
