import { z } from "zod";

/*
 * Every environment variable Kosha reads, with its default: the one source the README's
 * configuration table follows. Credentials left unset select the sandbox transport.
 */
const optional = z
  .string()
  .optional()
  .transform((v) => (v === "" ? undefined : v));

export const envSchema = z.object({
  PORT: z.coerce.number().int().positive().default(3000),
  DATABASE_URL: optional,
  KOSHA_DATA_DIR: z.string().default(".data"),
  AUTH_SECRET: optional,
  OWNER_EMAIL: optional,
  OWNER_PASSWORD: optional,
  KOSHA_LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  MEDUSA_URL: optional,
  MEDUSA_API_KEY: optional,
  MEDUSA_WEBHOOK_SECRET: optional,
  /** Store API publishable key: lets Kosha read a cart when the subscriber did not forward it. */
  MEDUSA_PUBLISHABLE_KEY: optional,
  WHATSAPP_TOKEN: optional,
  WHATSAPP_PHONE_NUMBER_ID: optional,
  WHATSAPP_WABA_ID: optional,
  WHATSAPP_APP_SECRET: optional,
  WHATSAPP_VERIFY_TOKEN: optional,
  WHATSAPP_API_VERSION: z.string().default("v23.0"),
  WHATSAPP_GRAPH_URL: z.string().default("https://graph.facebook.com"),
  INNGEST_DEV: optional,
  INNGEST_EVENT_KEY: optional,
  INNGEST_SIGNING_KEY: optional,
  INNGEST_BASE_URL: optional,
  /** Storefront origins allowed to post beacon events to /api/collect; "*" = any (lib/traffic). */
  KOSHA_STOREFRONT_ORIGINS: z.string().default("*"),
  /** Also serve /api/webhooks/* on this port from a bare HTTP listener (lib/ingest/edge-server.ts). */
  KOSHA_WEBHOOK_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** auto: on Postgres the edge runs in a worker thread of its own (lib/ingest/edge-thread.ts); off: main thread. */
  KOSHA_WEBHOOK_THREAD: z.enum(["auto", "off"]).default("auto"),
  /** Where customers reach this app: tracked links in WhatsApp messages are <this>/r/<token>. */
  KOSHA_PUBLIC_URL: z.url().default("http://localhost:3000"),
});

export type Env = z.infer<typeof envSchema>;

const ENV_KEYS = Object.keys(envSchema.shape);
let cached: { source: NodeJS.ProcessEnv; fingerprint: string; env: Env } | undefined;

/**
 * Parses the configuration. Hot paths (every webhook) call this, so the last parse is kept and
 * reused while the same object holds the same values for Kosha's keys: comparing ~25 strings is
 * far cheaper than a zod parse, and a changed variable is still seen on the next call.
 */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  let fingerprint = "";
  for (const k of ENV_KEYS) fingerprint += `${source[k] ?? "\u0001"}\u0000`;
  if (!cached || cached.source !== source || cached.fingerprint !== fingerprint) {
    cached = { source, fingerprint, env: parseEnv(source) };
  }
  // A copy, so a caller that edits its Env cannot change what the next caller gets.
  return { ...cached.env };
}

function parseEnv(source: NodeJS.ProcessEnv): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid configuration:\n${lines}`);
  }
  return parsed.data;
}

export type TransportMode = "live" | "sandbox";

/** Which transport each credential-gated service uses, decided by configuration alone. */
export function transports(env: Env) {
  return {
    medusa: (env.MEDUSA_URL && env.MEDUSA_API_KEY ? "live" : "sandbox") as TransportMode,
    whatsapp: (env.WHATSAPP_TOKEN && env.WHATSAPP_PHONE_NUMBER_ID ? "live" : "sandbox") as TransportMode,
    inngest: (env.INNGEST_DEV || env.INNGEST_EVENT_KEY || env.INNGEST_BASE_URL ? "inngest" : "in-process") as
      "inngest" | "in-process",
  };
}
