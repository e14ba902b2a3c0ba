import { rupeesToPaise } from "@/lib/money";
import type { Amount } from "../schemas";

/** Medusa timestamps arrive as ISO strings (or Dates from the JS SDK); an unparsable one is a bug upstream. */
export function toDate(v: string | Date): Date {
  const d = v instanceof Date ? v : new Date(v);
  if (Number.isNaN(d.getTime())) throw new RangeError(`"${String(v)}" is not a timestamp`);
  return d;
}

export function toDateOrNull(v: string | Date | null | undefined): Date | null {
  return v === null || v === undefined || v === "" ? null : toDate(v);
}

export function paiseOrZero(v: Amount | null | undefined): number {
  return v === null || v === undefined ? 0 : rupeesToPaise(v);
}

/**
 * Indian phone numbers as E.164 (+91XXXXXXXXXX). Shoppers type "98290 12345", "09829012345" or
 * "+91-98290-12345"; numbers from elsewhere keep their country code when written with "+".
 */
export function toE164(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const trimmed = phone.trim();
  const digits = trimmed.replace(/\D/g, "");
  if (digits === "") return null;
  if (trimmed.startsWith("+")) return `+${digits}`;
  if (digits.length === 10) return `+91${digits}`;
  if (digits.length === 11 && digits.startsWith("0")) return `+91${digits.slice(1)}`;
  if (digits.length === 12 && digits.startsWith("91")) return `+${digits}`;
  return `+${digits}`;
}

export function clean(s: string | null | undefined): string | null {
  const t = s?.trim();
  return t ? t : null;
}
