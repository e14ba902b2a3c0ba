import type { MessageDraft } from "../outbox/types";
import type { WaPhone } from "../phone";
import type { ConsentKeyword } from "./keywords";

/*
 * The one-line confirmation sent back when a customer opts out or in by keyword: a service reply
 * inside the window their own message just opened (allowed even after STOP, which stops
 * everything but replies to the customer's own messages). Hindi keywords get a Hindi answer.
 * Keyed by the inbound wamid, so a re-delivered keyword never confirms twice.
 */
const TEXTS: Record<ConsentKeyword["action"], Record<ConsentKeyword["language"], string>> = {
  opt_out: {
    en: "You're unsubscribed: we won't send you offers or updates on WhatsApp any more. Reply START to subscribe again.",
    hi: "आपकी सदस्यता बंद कर दी गई है: अब हम WhatsApp पर ऑफ़र या अपडेट नहीं भेजेंगे। दोबारा जुड़ने के लिए शुरू लिखें।",
  },
  opt_in: {
    en: "You're subscribed to offers and updates on WhatsApp. Reply STOP at any time to unsubscribe.",
    hi: "आप WhatsApp पर ऑफ़र और अपडेट पाने के लिए जुड़ गए हैं। कभी भी बंद करने के लिए बंद लिखें।",
  },
};

export const consentReplyKey = (inboundWamid: string) => `reply:consent:${inboundWamid}`;

export function consentReplyDraft(
  phone: WaPhone,
  inboundWamid: string,
  keyword: ConsentKeyword,
): MessageDraft {
  return {
    idempotencyKey: consentReplyKey(inboundWamid),
    phone,
    category: "service",
    flow: "reply",
    message: { type: "text", text: { body: TEXTS[keyword.action][keyword.language] } },
  };
}
