import { eq } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "@/db";
import { appSettings } from "@/db/schema";

/*
 * One owner setting kept as a JSON value in app_settings under `key`, shaped by a zod schema whose
 * every field has a default: a store with nothing saved gets the defaults, a partial save keeps the
 * rest, and a stored value from an older shape falls back to the defaults rather than stopping the
 * feature that reads it.
 */
export function appSetting<S extends z.ZodType<object>>(key: string, schema: S) {
  type Value = z.infer<S>;
  const defaults = (): Value => schema.parse({});
  return {
    key,
    schema,
    defaults,
    async read(db: Db): Promise<Value> {
      const [row] = await db.select().from(appSettings).where(eq(appSettings.key, key));
      const parsed = schema.safeParse(row?.value ?? {});
      return parsed.success ? parsed.data : defaults();
    },
    async save(db: Db, input: z.input<S>): Promise<Value> {
      const value = schema.parse(input);
      const updatedAt = new Date();
      await db
        .insert(appSettings)
        .values({ key, value, updatedAt })
        .onConflictDoUpdate({ target: appSettings.key, set: { value, updatedAt } });
      return value;
    },
  };
}
