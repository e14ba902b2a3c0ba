import type { PriceListRecord, SalesChannelRecord, StockLocationRecord } from "@/lib/commerce";
import { rupeesToPaise } from "@/lib/money";
import type { MedusaPriceList, MedusaSalesChannel, MedusaStockLocation } from "../schemas";
import { toDate, toDateOrNull } from "./values";

export function mapSalesChannel(c: MedusaSalesChannel): SalesChannelRecord {
  return { id: c.id, name: c.name, sourceUpdatedAt: toDate(c.updated_at) };
}

export function mapStockLocation(l: MedusaStockLocation): StockLocationRecord {
  return { id: l.id, name: l.name, city: l.address?.city ?? null, sourceUpdatedAt: toDate(l.updated_at) };
}

/** Medusa v2 keeps a price list's customer groups in its rules: `{ "customer.groups.id": [...] }`. */
function groupIds(rules: Record<string, unknown> | null | undefined): string[] {
  const v = rules?.["customer.groups.id"] ?? rules?.["customer_group_id"];
  if (Array.isArray(v)) return v.map(String);
  return typeof v === "string" ? [v] : [];
}

export function mapPriceList(p: MedusaPriceList): PriceListRecord {
  return {
    id: p.id,
    title: p.title,
    type: p.type,
    status: p.status,
    startsAt: toDateOrNull(p.starts_at),
    endsAt: toDateOrNull(p.ends_at),
    customerGroupIds: groupIds(p.rules),
    sourceUpdatedAt: toDate(p.updated_at),
    deletedAt: toDateOrNull(p.deleted_at),
    prices: (p.prices ?? []).map((x) => ({
      id: x.id,
      variantId: x.variant_id,
      amountPaise: rupeesToPaise(x.amount),
      currencyCode: x.currency_code.toLowerCase(),
    })),
  };
}
