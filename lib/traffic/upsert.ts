import type { Db } from "@/db";
import { schema } from "@/db";
import { upsertPlain } from "@/lib/commerce";
import type { AdSpendRecord, ReferralCodeRecord, WebSessionRecord } from "./records";

/*
 * Traffic rows carry no source version: the beacon writes a session once (a replay rewrites the
 * same row), a referral code is owned by Kosha, and a day's spend per channel is replaced by the
 * latest import. So these are plain insert-or-replace on the natural key.
 */

const s = schema;

export const upsertWebSessions = (db: Db, rows: WebSessionRecord[]) =>
  upsertPlain(db, s.webSessions, [s.webSessions.id], rows);

export const upsertReferralCodes = (db: Db, rows: ReferralCodeRecord[]) =>
  upsertPlain(db, s.referralCodes, [s.referralCodes.code], rows);

/** Replaces the spend of each (day, channel); updatedAt is stamped now. */
export const upsertAdSpend = (db: Db, rows: AdSpendRecord[]) =>
  upsertPlain(db, s.adSpend, [s.adSpend.day, s.adSpend.channel], rows);
