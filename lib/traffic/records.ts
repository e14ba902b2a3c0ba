import type { schema } from "@/db";

/** Write shapes for the traffic tables, derived from the Drizzle tables. */
export type WebSessionRecord = typeof schema.webSessions.$inferInsert;
export type ReferralCodeRecord = typeof schema.referralCodes.$inferInsert;
export type AdSpendRecord = Omit<typeof schema.adSpend.$inferInsert, "updatedAt">;
