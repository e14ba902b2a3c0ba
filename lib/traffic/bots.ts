/*
 * User agents whose posts are dropped (answered 204, nothing stored): crawlers, link-preview
 * fetchers (WhatsApp and Instagram/Facebook fetch a shared link to draw its card; that is not a
 * visit), headless browsers and HTTP libraries. In-app browsers are people and stay: Instagram's
 * ("Instagram 300.0…"), Facebook's (FBAN/FBAV), WhatsApp opens links in the system browser.
 */
const BOT_UA =
  /bot\b|bot\/|crawler|crawl|spider|slurp|headless|phantomjs|selenium|puppeteer|playwright|lighthouse|pagespeed|facebookexternalhit|facebookcatalog|meta-externalagent|^whatsapp\/|telegram|skypeuripreview|embedly|preview|vkshare|pinterest\/|bitlybot|curl\/|wget\/|python-requests|python-urllib|aiohttp|httpx|axios\/|go-http-client|okhttp|java\/|libwww|scrapy|node-fetch|undici|postmanruntime|insomnia/i;

/** True for an empty user agent or one that names a bot, crawler, previewer or script. */
export function isBotUserAgent(userAgent: string | null | undefined): boolean {
  const ua = (userAgent ?? "").trim();
  if (ua === "") return true;
  return BOT_UA.test(ua);
}
