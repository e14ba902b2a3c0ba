import type { CustomerGroupRecord, CustomerRecord } from "@/lib/commerce";
import { METADATA_KEYS as K, metaBool, metaString } from "../metadata";
import type { MedusaCustomer, MedusaCustomerGroup } from "../schemas";
import { clean, toDate, toDateOrNull, toE164 } from "./values";

export function mapCustomerGroup(g: MedusaCustomerGroup): CustomerGroupRecord {
  return {
    id: g.id,
    name: g.name ?? g.id,
    createdAt: toDate(g.created_at),
    sourceUpdatedAt: toDate(g.updated_at),
    deletedAt: toDateOrNull(g.deleted_at),
  };
}

export function mapCustomer(c: MedusaCustomer): CustomerRecord {
  const addresses = c.addresses ?? [];
  const home = addresses.find((a) => a.is_default_shipping) ?? addresses[0];
  const consent = metaBool(c.metadata, K.customer.marketingConsent);
  const consentAt = metaString(c.metadata, K.customer.marketingConsentAt);
  return {
    id: c.id,
    email: clean(c.email)?.toLowerCase() ?? null,
    phone: toE164(c.phone ?? home?.phone),
    firstName: clean(c.first_name),
    lastName: clean(c.last_name),
    city: clean(home?.city),
    state: clean(home?.province),
    pincode: clean(home?.postal_code),
    hasAccount: c.has_account ?? false,
    marketingConsent: consent,
    consentSource: consent ? "medusa" : null,
    consentAt: consent ? (consentAt ? toDate(consentAt) : toDate(c.updated_at)) : null,
    createdAt: toDate(c.created_at),
    sourceUpdatedAt: toDate(c.updated_at),
    deletedAt: toDateOrNull(c.deleted_at),
    ...(c.groups ? { groupIds: c.groups.map((g) => g.id) } : {}),
  };
}
