import type { Sql } from "postgres";

/*
 * Drizzle runs every query that was not given a name through postgres.js with `prepare: false`.
 * postgres.js then sends a query with parameters in two round trips: Parse + Describe to learn
 * the parameter types, then Bind + Execute. On the webhook and outbox hot paths that doubled the
 * socket writes and the waits per statement (bench:whatsapp-webhooks profile: the second write
 * alone was ~5% of the app's CPU). A named prepared statement needs one round trip after its
 * first use on a connection.
 *
 * So the app's client prepares parameterised statements, up to MAX_DISTINCT distinct texts per
 * process: the queries Kosha repeats have a fixed text, while texts that vary (IN lists, multi-row
 * VALUES of varying length) would each take a server-side statement per connection, so past the
 * cap new texts run unprepared as before. Transactions and savepoints get the same client.
 */
export const MAX_DISTINCT = 256;

type Options = Parameters<Sql["unsafe"]>[2];

export function preferPrepared<T extends Sql>(client: T, seen = new Set<string>()): T {
  const unsafe = client.unsafe.bind(client);
  const patched = client as T & { savepoint?: (...a: unknown[]) => unknown };
  patched.unsafe = ((query: string, args?: unknown[], options?: Options) => {
    if (args && args.length > 0 && !options?.prepare && (seen.has(query) || seen.size < MAX_DISTINCT)) {
      seen.add(query);
      return unsafe(query, args as never, { ...options, prepare: true });
    }
    return unsafe(query, args as never, options);
  }) as T["unsafe"];
  const wrapScoped =
    (original: (...a: unknown[]) => unknown) =>
    (...a: unknown[]) => {
      const fn = a.pop() as (tx: Sql) => unknown;
      return original(...a, (tx: Sql) => fn(preferPrepared(tx, seen)));
    };
  // A transaction's client has savepoint() and no begin().
  if (typeof patched.begin === "function")
    patched.begin = wrapScoped(client.begin.bind(client) as never) as T["begin"];
  if (typeof patched.savepoint === "function") patched.savepoint = wrapScoped(patched.savepoint.bind(client));
  return client;
}
