/*
 * What Kosha does about each Cloud API error code, in one table: the dispatcher branches on the
 * action, the owner reads the message. Codes and meanings: shared/reference/integrations.md §3
 * (Meta's error-code page). Codes arrive synchronously (HTTP 4xx `error.code`) or later in a
 * status webhook's `errors[]`; both go through classify().
 */

export type ErrorAction =
  /** Transient on Meta's side or ours: retry this message with backoff. */
  | "retry_later"
  /** The number's throughput is exceeded: pause every send from the number, then retry. */
  | "backoff_number"
  /** Too many messages to this one recipient (pair rate): delay only their messages. */
  | "retry_recipient_later"
  /** Per-user marketing limit: Meta withholds marketing for this user; do not retry within 24 h. */
  | "no_retry_24h"
  /** Free-form message outside the 24 h service window: only a template can go. */
  | "needs_template"
  /** The recipient cannot get this message (not on WhatsApp, blocked, old app): give up on it. */
  | "permanent_recipient"
  /** The template is wrong, paused or disabled: mark it and stop using it. */
  | "fix_template"
  /** Kosha built a request Meta refuses: a bug or bad data, retrying will not help. */
  | "fix_request"
  /** The account cannot send (policy block, locked, billing, missing permission): stop all sends. */
  | "stop_sending"
  /** The access token is invalid or expired: nothing works until it is replaced. */
  | "refresh_token";

export interface ErrorClassification {
  action: ErrorAction;
  /** Suggested wait before the next try (for retrying actions), before any attempt-based growth. */
  delayMs?: number;
  /** What the owner is told, next to the failed or delayed message. */
  ownerMessage: string;
}

/** Not a Meta code: the request never got an answer (DNS, connection reset, timeout). */
export const NETWORK_ERROR_CODE = -1;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** The pair rate is ~1 message per 6 s to one user; wait a little longer than that. */
export const PAIR_RATE_MS = 6 * SECOND;

const c = (action: ErrorAction, ownerMessage: string, delayMs?: number): ErrorClassification =>
  delayMs === undefined ? { action, ownerMessage } : { action, ownerMessage, delayMs };

const table: Record<number, ErrorClassification> = {
  [NETWORK_ERROR_CODE]: c("retry_later", "WhatsApp could not be reached; retrying", 30 * SECOND),
  130429: c("backoff_number", "Sending faster than the number's throughput; slowing down", 2 * SECOND),
  131056: c(
    "retry_recipient_later",
    "Too many messages to this customer in a short time; retrying shortly",
    10 * SECOND,
  ),
  131049: c(
    "no_retry_24h",
    "WhatsApp held this marketing message back for this customer (per-user marketing limit); retrying after 24 hours",
    24 * HOUR,
  ),
  131047: c(
    "needs_template",
    "More than 24 hours since the customer's last message: only an approved template can be sent",
  ),
  131026: c(
    "permanent_recipient",
    "Message undeliverable (not on WhatsApp, an old app version, or the customer blocked the number)",
  ),
  131048: c("retry_later", "Spam rate limit: the number's quality is low; sending slower", 5 * MINUTE),
  131057: c("retry_later", "The WhatsApp account is in maintenance; retrying in a minute", 1 * MINUTE),
  131000: c("retry_later", "WhatsApp had an internal error; retrying", 30 * SECOND),
  1: c("retry_later", "WhatsApp API unknown error; retrying", 30 * SECOND),
  2: c("retry_later", "WhatsApp service temporarily unavailable; retrying", 30 * SECOND),
  4: c("retry_later", "Too many API calls from the app; backing off", 1 * MINUTE),
  80007: c("retry_later", "WhatsApp Business Account rate limit reached; backing off", 1 * MINUTE),
  0: c("refresh_token", "The WhatsApp access token was refused: set a new WHATSAPP_TOKEN"),
  190: c("refresh_token", "The WhatsApp access token expired: set a new WHATSAPP_TOKEN"),
  10: c("stop_sending", "The WhatsApp token lacks a permission this needs: fix the app's permissions"),
  100: c("fix_request", "WhatsApp refused the request as invalid (a parameter is wrong)"),
  368: c("stop_sending", "WhatsApp blocked the account for a policy violation: sends stopped"),
  131031: c("stop_sending", "The WhatsApp Business Account is locked: sends stopped"),
  131042: c("stop_sending", "WhatsApp billing problem (payment method): sends stopped"),
  131005: c("stop_sending", "The WhatsApp Payments terms are not accepted yet"),
  132000: c("fix_template", "The template's parameter count does not match what was sent"),
  132001: c("fix_template", "The template does not exist in this language (or is not approved)"),
  132005: c("fix_template", "The template's text is too long once filled in"),
  132007: c("fix_template", "The template's content breaks WhatsApp's format policy"),
  132012: c("fix_template", "A template parameter has the wrong format"),
  132015: c("fix_template", "The template is paused for low quality: use another template"),
  132016: c("fix_template", "The template is disabled for low quality: use another template"),
};

/** The action for an error code; unknown codes retry with backoff a bounded number of times. */
export function classify(code: number | null | undefined): ErrorClassification {
  if (code == null || !Number.isFinite(code)) return table[NETWORK_ERROR_CODE]!;
  const known = table[code];
  if (known) return known;
  if (code >= 200 && code <= 299) {
    return c("stop_sending", "The WhatsApp token lacks a permission this needs: fix the app's permissions");
  }
  if (code >= 132000 && code <= 132999) return c("fix_template", "WhatsApp refused the template");
  return c("retry_later", `WhatsApp error ${code}; retrying`, 1 * MINUTE);
}

/** An error answer from the Graph API (or no answer), with what to do about it. */
export class WhatsAppApiError extends Error {
  readonly code: number;
  readonly httpStatus: number;
  readonly title: string;
  readonly details: string | undefined;
  readonly classification: ErrorClassification;

  constructor(opts: { code: number; httpStatus: number; title: string; details?: string; cause?: unknown }) {
    super(`WhatsApp API error ${opts.code}: ${opts.title}${opts.details ? ` (${opts.details})` : ""}`, {
      cause: opts.cause,
    });
    this.name = "WhatsAppApiError";
    this.code = opts.code;
    this.httpStatus = opts.httpStatus;
    this.title = opts.title;
    this.details = opts.details;
    this.classification = classify(opts.code);
  }
}

/** Meta's error body `{ error: { message, type, code, error_data: { details }, fbtrace_id } }` → error. */
export function errorFromResponse(status: number, body: unknown): WhatsAppApiError {
  const err = (body as { error?: Record<string, unknown> } | null)?.error;
  const rawCode = err?.code;
  const code =
    typeof rawCode === "number"
      ? rawCode
      : typeof rawCode === "string" && /^\d+$/.test(rawCode)
        ? Number(rawCode)
        : undefined;
  const errorData = err?.error_data as { details?: unknown } | undefined;
  const details = typeof errorData?.details === "string" ? errorData.details : undefined;
  const title =
    (typeof err?.error_user_title === "string" && err.error_user_title) ||
    (typeof err?.message === "string" && err.message) ||
    `HTTP ${status}`;
  // No code in a 5xx (a proxy's HTML page, an empty body) is Meta being unavailable: retry.
  const fallback = status >= 500 || status === 0 ? 2 : 100;
  return new WhatsAppApiError({ code: code ?? fallback, httpStatus: status, title, details });
}
