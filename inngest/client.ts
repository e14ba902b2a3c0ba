import { Inngest } from "inngest";

/*
 * The SDK reads its configuration from the environment itself (the names lib/config lists):
 * INNGEST_DEV=1 or a Dev Server URL selects dev mode; otherwise it is cloud mode with
 * INNGEST_EVENT_KEY / INNGEST_SIGNING_KEY (and INNGEST_BASE_URL for a self-hosted server).
 * Constructing it with nothing configured is harmless: only send() and the /api/inngest
 * endpoint need keys, and Kosha uses neither then (lib/runner processes in-process).
 */
export const inngest = new Inngest({ id: "kosha" });
