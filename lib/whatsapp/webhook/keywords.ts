import type { WaInboundMessage } from "./envelope";

/*
 * Consent keywords a customer may send. A message counts only when the whole message is the
 * keyword (ignoring case, spaces, punctuation and emoji), so "stop sending me the red saree? no,
 * I love it" is a conversation, not an opt-out. Keywords are compared with their spaces removed,
 * so "STOP ALL", "stop-all" and "stopall" or "band karo" and "bandkaro" are the same.
 */
const OPT_OUT = [
  "stop",
  "unsubscribe",
  "stop all",
  "cancel",
  "opt out",
  "बंद",
  "बंद करो",
  "बंद करें",
  "बंद कर दो",
  "रोको",
  "रुको",
  "स्टॉप",
  "अनसब्सक्राइब",
  "band",
  "band karo",
  "band kar do",
  "bandh karo",
  "rokho",
  "roko",
];
const OPT_IN = ["start", "subscribe", "opt in", "शुरू", "शुरू करो", "start karo", "shuru karo"];

export type ConsentKeyword = { action: "opt_out" | "opt_in"; language: "hi" | "en" };

/** Lower-case, no punctuation, symbols, emoji or spaces; Devanagari vowel signs are kept. */
export function keywordForm(text: string): string {
  return text
    .normalize("NFC")
    .toLowerCase()
    .replace(/[\p{P}\p{S}\p{Cf}\uFE0F\s]+/gu, "");
}

const optOutForms = new Set(OPT_OUT.map(keywordForm));
const optInForms = new Set(OPT_IN.map(keywordForm));
const DEVANAGARI = /[\u0900-\u097F]/;

/** The consent keyword one piece of customer text is, if it is one. */
export function consentKeyword(text: string | null | undefined): ConsentKeyword | null {
  if (!text) return null;
  const form = keywordForm(text);
  if (form.length === 0 || form.length > 40) return null;
  const language = DEVANAGARI.test(form) ? "hi" : "en";
  if (optOutForms.has(form)) return { action: "opt_out", language };
  if (optInForms.has(form)) return { action: "opt_in", language };
  return null;
}

/**
 * What the customer "said" in an inbound message, for keyword matching: the text, or the payload
 * and title of a tapped button (a template quick reply or an interactive reply button such as
 * one with id "STOP" or "OPT_OUT").
 */
export function customerTexts(m: WaInboundMessage): string[] {
  const out: (string | undefined)[] = [];
  if (m.type === "text") out.push(m.text?.body);
  if (m.type === "button") out.push(m.button?.payload, m.button?.text);
  if (m.type === "interactive") {
    out.push(m.interactive?.button_reply?.id, m.interactive?.button_reply?.title);
    out.push(m.interactive?.list_reply?.id, m.interactive?.list_reply?.title);
  }
  return out.filter((s): s is string => typeof s === "string" && s.length > 0);
}

/** The first consent keyword in a message (a button's payload before its title). */
export function messageKeyword(m: WaInboundMessage): ConsentKeyword | null {
  for (const t of customerTexts(m)) {
    const k = consentKeyword(t);
    if (k) return k;
  }
  return null;
}
