import type { Db } from "@/db";
import { upsertCustomerGroups, upsertCustomers, upsertOrders, type OrderRecord } from "@/lib/commerce";

/*
 * Tiny stores for segment tests, written through lib/commerce. Every order is also kept in
 * `orders` so a test can compute the expected answer independently (a reference loop).
 */
export const T0 = new Date("2020-01-01T00:00:00Z");

/** What a test may vary about an order; the rest is a delivered COD order of one line. */
export type OrderOptions = Partial<
  Pick<OrderRecord, "status" | "totalPaise" | "refundedPaise" | "isGift" | "giftNote" | "shipToDiffers">
> & { units?: number };

export function orderRecord(
  id: string,
  customerId: string,
  placedAt: Date,
  o: OrderOptions = {},
): OrderRecord {
  const total = o.totalPaise ?? 200_000;
  const units = o.units ?? 1;
  return {
    id,
    customerId,
    status: o.status ?? "completed",
    paymentStatus: "captured",
    fulfillmentStatus: "delivered",
    paymentMethod: "cod",
    currencyCode: "inr",
    subtotalPaise: total,
    totalPaise: total,
    refundedPaise: o.refundedPaise ?? 0,
    isGift: o.isGift ?? false,
    giftNote: o.giftNote ?? null,
    shipToDiffers: o.shipToDiffers ?? false,
    placedAt,
    sourceUpdatedAt: placedAt,
    items: [
      {
        id: `${id}_l1`,
        sku: "SKU-1",
        title: "Dupatta",
        quantity: units,
        unitPricePaise: Math.floor(total / units),
        totalPaise: total,
      },
    ],
  };
}

export function segmentStore(db: Db) {
  const orders: OrderRecord[] = [];
  let seq = 0;
  return {
    orders,
    async customer(id: string, opts: { groupIds?: string[]; deletedAt?: Date; version?: Date } = {}) {
      await upsertCustomers(db, [
        {
          id,
          email: `${id}@example.in`,
          createdAt: T0,
          sourceUpdatedAt: opts.version ?? T0,
          deletedAt: opts.deletedAt ?? null,
          ...(opts.groupIds ? { groupIds: opts.groupIds } : {}),
        },
      ]);
    },
    async group(id: string, name: string) {
      await upsertCustomerGroups(db, [{ id, name, createdAt: T0, sourceUpdatedAt: T0 }]);
    },
    async order(customerId: string, placedAt: Date, o: OrderOptions = {}): Promise<string> {
      const rec = orderRecord(`order_${++seq}`, customerId, placedAt, o);
      orders.push(rec);
      await upsertOrders(db, [rec]);
      return rec.id;
    },
  };
}
