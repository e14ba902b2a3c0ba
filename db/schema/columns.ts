import { bigint, timestamp } from "drizzle-orm/pg-core";

/** Money is integer paise; bigint in SQL, number in TS (exact below 2^53 paise, about ₹90 lakh crore). */
export const paise = () => bigint({ mode: "number" });

/** Every timestamp is timestamptz and read as a JS Date (UTC instant). */
export const instant = () => timestamp({ withTimezone: true, mode: "date" });
