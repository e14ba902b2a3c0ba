import { describe, expect, it } from "vitest";
import { readEnv } from "@/lib/config";

describe("readEnv reuses its last parse", () => {
  it("sees a changed variable on the next call, and hands each caller its own copy", () => {
    const source = { PORT: "4000", MEDUSA_WEBHOOK_SECRET: "one" } as unknown as NodeJS.ProcessEnv;
    const a = readEnv(source);
    expect(a).toMatchObject({ PORT: 4000, MEDUSA_WEBHOOK_SECRET: "one" });
    a.MEDUSA_WEBHOOK_SECRET = "edited by a caller";
    expect(readEnv(source).MEDUSA_WEBHOOK_SECRET).toBe("one");

    source.MEDUSA_WEBHOOK_SECRET = "two";
    expect(readEnv(source).MEDUSA_WEBHOOK_SECRET).toBe("two");
    delete source.MEDUSA_WEBHOOK_SECRET;
    expect(readEnv(source).MEDUSA_WEBHOOK_SECRET).toBeUndefined();
    // Another object with other values is parsed on its own.
    expect(readEnv({ PORT: "5000" } as unknown as NodeJS.ProcessEnv).PORT).toBe(5000);
  });

  it("still refuses an invalid configuration every time", () => {
    const bad = { PORT: "not a port" } as unknown as NodeJS.ProcessEnv;
    expect(() => readEnv(bad)).toThrow(/Invalid configuration/);
    expect(() => readEnv(bad)).toThrow(/PORT/);
  });
});
