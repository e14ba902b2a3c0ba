/*
 * Medusa v2 sends amounts as decimal rupees (499.5, "499.50", or a BigNumber `{ value: "499.5" }`).
 * We convert with string arithmetic: `x * 100` on a float drifts (1.005 * 100 = 100.49999…).
 *
 * Rounding rule for sub-paisa amounts (Medusa's computed totals, e.g. tax splits, can carry them):
 * round half away from zero to the nearest paisa. ₹0.125 → 13 paise, ₹-0.125 → -13 paise.
 */

export type RupeeAmount = number | string | { value: string | number } | bigint;

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

export class MoneyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MoneyError";
  }
}

export function rupeesToPaise(amount: RupeeAmount): number {
  const paise = rupeesToPaiseBig(amount);
  if (paise > BigInt(Number.MAX_SAFE_INTEGER) || paise < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new MoneyError(`amount ${String(amount)} is beyond what Kosha stores exactly`);
  }
  return Number(paise);
}

export function rupeesToPaiseBig(amount: RupeeAmount): bigint {
  if (typeof amount === "bigint") return amount * 100n;
  const raw = typeof amount === "object" && amount !== null ? amount.value : amount;
  if (typeof raw === "number" && !Number.isFinite(raw)) throw new MoneyError(`amount ${raw} is not finite`);
  // String(number) is the shortest round-trip representation, so 499.5 → "499.5", never "499.49999".
  const text = String(raw).trim();
  const m = DECIMAL.exec(text);
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) throw new MoneyError(`"${text}" is not a decimal amount`);
  const negative = m[1] === "-";
  let intPart = m[2] ?? "";
  let fracPart = m[3] ?? "";
  const exp = Number(m[4] ?? 0);
  // Shift the decimal point by the exponent, on the digit string.
  if (exp > 0) {
    fracPart = fracPart.padEnd(exp, "0");
    intPart += fracPart.slice(0, exp);
    fracPart = fracPart.slice(exp);
  } else if (exp < 0) {
    intPart = intPart.padStart(-exp, "0");
    fracPart = intPart.slice(intPart.length + exp) + fracPart;
    intPart = intPart.slice(0, intPart.length + exp);
  }
  const whole = BigInt(intPart === "" ? "0" : intPart);
  const paiseDigits = (fracPart + "00").slice(0, 2);
  const rest = fracPart.slice(2);
  let magnitude = whole * 100n + BigInt(paiseDigits);
  if (rest !== "" && rest[0]! >= "5") magnitude += 1n;
  return negative ? -magnitude : magnitude;
}

/** Paise as a decimal rupee string with two places, e.g. 49950 → "499.50" (for APIs that want rupees). */
export function paiseToRupeeString(paise: number | bigint): string {
  const p = BigInt(paise);
  const sign = p < 0n ? "-" : "";
  const abs = p < 0n ? -p : p;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
}
