/** ₹ with Indian digit grouping (lakh, crore): 1234567 paise → "₹12,345.67". */
export function formatInr(paise: number, opts: { decimals?: boolean } = {}): string {
  const showDecimals = opts.decimals ?? true;
  const negative = paise < 0;
  const abs = Math.abs(Math.round(paise));
  const rupees = Math.floor(abs / 100);
  const rest = abs % 100;
  const grouped = groupIndian(String(rupees));
  const tail = showDecimals ? `.${String(rest).padStart(2, "0")}` : "";
  return `${negative ? "-" : ""}₹${grouped}${tail}`;
}

/** Short form for cards and axes: ₹4.2 Cr, ₹12.5 L, ₹8.4k. */
export function formatInrCompact(paise: number): string {
  const rupees = paise / 100;
  const abs = Math.abs(rupees);
  const sign = rupees < 0 ? "-" : "";
  if (abs >= 1e7) return `${sign}₹${trim(abs / 1e7)} Cr`;
  if (abs >= 1e5) return `${sign}₹${trim(abs / 1e5)} L`;
  if (abs >= 1e3) return `${sign}₹${trim(abs / 1e3)}k`;
  return `${sign}₹${Math.round(abs)}`;
}

function trim(n: number): string {
  return n >= 100 ? n.toFixed(0) : n.toFixed(1).replace(/\.0$/, "");
}

function groupIndian(digits: string): string {
  if (digits.length <= 3) return digits;
  const last3 = digits.slice(-3);
  const head = digits.slice(0, -3).replace(/\B(?=(\d{2})+(?!\d))/g, ",");
  return `${head},${last3}`;
}
