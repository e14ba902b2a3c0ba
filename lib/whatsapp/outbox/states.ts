import { sql } from "drizzle-orm";

/*
 * A queued message is either waiting to be sent or being sent: a dispatcher's claim leaves it
 * queued and sets a lease (locked_until), which the owner sees as "sending" (dispatch.ts says
 * why). Whatever changes queued messages on its own (pause, cancel, a recipient's backoff) may
 * touch only the waiting ones, or it would overwrite a send in flight. Unqualified column names:
 * use it where wa_messages is the only table with these columns.
 */
export const waitingToSend = sql.raw(`(queued and locked_until is null)`);
