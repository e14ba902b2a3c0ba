/*
 * Kosha storefront beacon, served as /embed/beacon.js. Plain ES5-style JS (ES2019 at most) on purpose: no build step, and
 * it runs on old in-app browsers. Contract: lib/traffic/README.md.
 *
 *   <script async src="https://KOSHA/embed/beacon.js" data-cart-cookie="_medusa_cart_id"></script>
 *   window.kosha.track("add_to_cart", { variantId, sku, cartId, quantity, pricePaise })
 *
 * First-party only: the visitor id lives in a cookie on the storefront's own domain (and in
 * localStorage, in case cookies are cleared or blocked). Nothing is set on Kosha's domain.
 */
(function (w, d) {
  "use strict";
  var existing = w.kosha;
  if (existing && existing.__beacon) return;

  var TYPES = { page_view: 1, product_view: 1, add_to_cart: 1, checkout_start: 1 };
  var FIELDS = ["cartId", "productId", "variantId", "sku", "quantity", "pricePaise", "valuePaise"];
  var SESSION_TIMEOUT_MS = 30 * 60 * 1000;
  var VISITOR_KEY = "kosha_vid";
  var SESSION_KEY = "kosha_session";
  var TWO_YEARS_S = 400 * 24 * 60 * 60; // browsers cap cookie lifetime at 400 days

  var script = d.currentScript;
  var attr = function (name) {
    return script && script.getAttribute ? script.getAttribute(name) : null;
  };
  var endpoint =
    attr("data-endpoint") ||
    (script && script.src ? new URL("/api/collect", script.src).href : "/api/collect");
  var cartCookie = attr("data-cart-cookie") || "_medusa_cart_id";
  var autoPageView = attr("data-auto-pageview") !== "false";

  function randomId() {
    if (w.crypto && w.crypto.randomUUID) return w.crypto.randomUUID();
    var bytes = new Uint8Array(16);
    (w.crypto || w.msCrypto).getRandomValues(bytes);
    var out = "";
    for (var i = 0; i < bytes.length; i++) out += (bytes[i] + 256).toString(16).slice(1);
    return out;
  }

  function readCookie(name) {
    var parts = (d.cookie || "").split(";");
    for (var i = 0; i < parts.length; i++) {
      var kv = parts[i].replace(/^\s+/, "");
      if (kv.indexOf(name + "=") === 0) {
        try {
          return decodeURIComponent(kv.slice(name.length + 1));
        } catch {
          return kv.slice(name.length + 1);
        }
      }
    }
    return null;
  }

  function writeCookie(name, value, maxAgeS) {
    var secure = w.location.protocol === "https:" ? "; Secure" : "";
    d.cookie =
      name + "=" + encodeURIComponent(value) + "; Path=/; Max-Age=" + maxAgeS + "; SameSite=Lax" + secure;
  }

  function readStore(key) {
    try {
      return w.localStorage.getItem(key);
    } catch {
      return null;
    }
  }

  function writeStore(key, value) {
    try {
      w.localStorage.setItem(key, value);
    } catch {
      /* private mode or storage blocked: the cookie still holds it */
    }
  }

  var ID = /^[A-Za-z0-9_-]{8,64}$/;

  function visitorId() {
    var id = readCookie(VISITOR_KEY) || readStore(VISITOR_KEY);
    if (!id || !ID.test(id)) id = randomId();
    writeCookie(VISITOR_KEY, id, TWO_YEARS_S);
    writeStore(VISITOR_KEY, id);
    return id;
  }

  function loadSession() {
    var raw = readCookie(SESSION_KEY) || readStore(SESSION_KEY);
    if (!raw) return null;
    try {
      var s = JSON.parse(raw);
      return s && ID.test(s.id) && typeof s.last === "number" ? s : null;
    } catch {
      return null;
    }
  }

  function saveSession(s) {
    var raw = JSON.stringify(s);
    writeCookie(SESSION_KEY, raw, SESSION_TIMEOUT_MS / 1000);
    writeStore(SESSION_KEY, raw);
  }

  /** The campaign a URL is tagged with, or null for an untagged page (internal navigation). */
  function campaignOf(href) {
    var q = new URL(href).searchParams;
    var keys = ["utm_source", "utm_medium", "utm_campaign", "ref"];
    var parts = [];
    var tagged = false;
    for (var i = 0; i < keys.length; i++) {
      var v = q.get(keys[i]) || "";
      if (v) tagged = true;
      parts.push(v);
    }
    return tagged ? parts.join("|") : null;
  }

  /*
   * A session is a visit: it ends after 30 minutes without an event, or when the visitor arrives
   * through a differently tagged link (a new campaign), even within the 30 minutes.
   */
  function currentSession(now) {
    var s = loadSession();
    var href = w.location.href;
    var campaign = campaignOf(href);
    var expired = !s || now - s.last > SESSION_TIMEOUT_MS;
    var newCampaign = s && campaign !== null && campaign !== s.campaign;
    if (expired || newCampaign) {
      s = { id: randomId(), last: now, campaign: campaign, landingUrl: href, referrer: d.referrer || "" };
    }
    s.last = now;
    saveSession(s);
    return s;
  }

  function send(body) {
    try {
      if (w.navigator.sendBeacon && w.navigator.sendBeacon(endpoint, body)) return;
    } catch {
      /* fall through to fetch */
    }
    if (w.fetch) {
      // text/plain keeps it a "simple" CORS request: no preflight, works on pagehide with keepalive.
      w.fetch(endpoint, {
        method: "POST",
        body: body,
        keepalive: true,
        credentials: "omit",
        headers: { "Content-Type": "text/plain;charset=UTF-8" },
      })["catch"](function () {});
    }
  }

  function track(type, props) {
    if (!TYPES[type]) {
      if (w.console) w.console.warn("kosha.track: unknown event type " + type);
      return null;
    }
    props = props || {};
    var now = Date.now();
    var s = currentSession(now);
    var event = {
      v: 1,
      id: randomId(),
      type: type,
      at: now,
      visitorId: visitorId(),
      sessionId: s.id,
      url: w.location.href,
      landingUrl: s.landingUrl,
      referrer: s.referrer,
    };
    for (var i = 0; i < FIELDS.length; i++) {
      var v = props[FIELDS[i]];
      if (v !== undefined && v !== null && v !== "") event[FIELDS[i]] = v;
    }
    if (!event.cartId) {
      var cart = readCookie(cartCookie);
      if (cart) event.cartId = cart;
    }
    send(JSON.stringify(event));
    return event.id;
  }

  var lastPageView = null;
  function pageView() {
    // Single-page storefronts call replaceState for filters and scroll: one view per path.
    var path = w.location.pathname + w.location.search;
    if (path === lastPageView) return;
    lastPageView = path;
    track("page_view");
  }

  var api = {
    __beacon: true,
    track: track,
    pageView: pageView,
    visitorId: visitorId,
    sessionId: function () {
      return currentSession(Date.now()).id;
    },
  };
  w.kosha = api;

  // Calls made before the script loaded (the snippet's queue) run now, in order.
  var queued = existing && existing.q ? existing.q : [];
  if (autoPageView) {
    pageView();
    var wrap = function (name) {
      var original = w.history[name];
      w.history[name] = function () {
        var result = original.apply(this, arguments);
        pageView();
        return result;
      };
    };
    if (w.history && w.history.pushState) {
      wrap("pushState");
      wrap("replaceState");
      w.addEventListener("popstate", pageView);
    }
  }
  for (var q = 0; q < queued.length; q++) track.apply(null, queued[q]);
})(window, document);
