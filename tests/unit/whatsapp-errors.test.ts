import { describe, expect, it } from "vitest";
import { classify, errorFromResponse, NETWORK_ERROR_CODE, WhatsAppApiError } from "@/lib/whatsapp/errors";

describe("classifying Cloud API error codes", () => {
  const cases: [number, string][] = [
    [130429, "backoff_number"],
    [131056, "retry_recipient_later"],
    [131049, "no_retry_24h"],
    [131047, "needs_template"],
    [131026, "permanent_recipient"],
    [131048, "retry_later"],
    [131057, "retry_later"],
    [131000, "retry_later"],
    [1, "retry_later"],
    [2, "retry_later"],
    [4, "retry_later"],
    [80007, "retry_later"],
    [NETWORK_ERROR_CODE, "retry_later"],
    [0, "refresh_token"],
    [190, "refresh_token"],
    [10, "stop_sending"],
    [200, "stop_sending"],
    [250, "stop_sending"],
    [299, "stop_sending"],
    [100, "fix_request"],
    [368, "stop_sending"],
    [131031, "stop_sending"],
    [131042, "stop_sending"],
    [132000, "fix_template"],
    [132001, "fix_template"],
    [132005, "fix_template"],
    [132007, "fix_template"],
    [132012, "fix_template"],
    [132015, "fix_template"],
    [132016, "fix_template"],
    [132999, "fix_template"],
  ];
  it.each(cases)("code %i → %s", (code, action) => {
    const c = classify(code);
    expect(c.action).toBe(action);
    expect(c.ownerMessage.length).toBeGreaterThan(10);
  });

  it("gives waits that match Meta's guidance", () => {
    expect(classify(131049).delayMs).toBe(24 * 60 * 60 * 1000);
    expect(classify(131056).delayMs).toBeGreaterThanOrEqual(6000);
    expect(classify(131057).delayMs).toBe(60_000);
    expect(classify(130429).delayMs).toBeGreaterThan(0);
  });

  it("retries an unknown code with backoff, and treats a missing code as a network failure", () => {
    expect(classify(999_999)).toMatchObject({ action: "retry_later" });
    expect(classify(999_999).delayMs).toBeGreaterThan(0);
    expect(classify(undefined).action).toBe("retry_later");
    expect(classify(Number.NaN).action).toBe("retry_later");
  });
});

describe("reading Meta's error body", () => {
  it("takes code, title and details from the error shape", () => {
    const e = errorFromResponse(400, {
      error: {
        message: "(#131026) Message undeliverable",
        type: "OAuthException",
        code: 131026,
        error_data: { messaging_product: "whatsapp", details: "Message Undeliverable." },
        fbtrace_id: "A1",
      },
    });
    expect(e).toBeInstanceOf(WhatsAppApiError);
    expect(e).toMatchObject({ code: 131026, httpStatus: 400, details: "Message Undeliverable." });
    expect(e.title).toContain("undeliverable");
    expect(e.classification.action).toBe("permanent_recipient");
  });

  it("treats a 5xx without a code as Meta being unavailable (retry), a 4xx without one as a bad request", () => {
    expect(errorFromResponse(502, "<html>").classification.action).toBe("retry_later");
    expect(errorFromResponse(400, {}).classification.action).toBe("fix_request");
    expect(errorFromResponse(400, { error: { code: "130429", message: "x" } }).code).toBe(130429);
  });
});
