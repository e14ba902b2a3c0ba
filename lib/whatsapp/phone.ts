/*
 * Phones as WhatsApp writes them in webhooks (`from`, `recipient_id`): digits only, country code
 * first, no "+". Indian numbers typed the usual ways (10 digits, a leading 0, +91 with spaces)
 * all become the same key, so a checkout phone and an inbound message meet on one subscriber.
 */
export type WaPhone = string & { readonly __brand: "WaPhone" };

export function normalizePhone(input: string | null | undefined): WaPhone | null {
  if (!input) return null;
  const trimmed = input.trim();
  const digits = trimmed.replace(/\D/g, "");
  if (digits.length === 0) return null;
  if (trimmed.startsWith("+") || trimmed.startsWith("00")) {
    const intl = trimmed.startsWith("00") ? digits.slice(2) : digits;
    return intl.length >= 8 && intl.length <= 15 ? (intl as WaPhone) : null;
  }
  if (digits.length === 10 && /^[6-9]/.test(digits)) return `91${digits}` as WaPhone;
  if (digits.length === 11 && digits.startsWith("0") && /^[6-9]/.test(digits.slice(1)))
    return `91${digits.slice(1)}` as WaPhone;
  if (digits.length === 12 && digits.startsWith("91") && /^[6-9]/.test(digits.slice(2)))
    return digits as WaPhone;
  return digits.length >= 11 && digits.length <= 15 ? (digits as WaPhone) : null;
}

/** For the owner's screens: +91 98123 45678. */
export function formatPhone(phone: string): string {
  if (phone.startsWith("91") && phone.length === 12) return `+91 ${phone.slice(2, 7)} ${phone.slice(7)}`;
  return `+${phone}`;
}
