"use strict";
// Tokens are "<base64url payload>.<base64url HMAC-SHA256>"; compact, and verifiable without a call.
const { createHmac, timingSafeEqual } = require("node:crypto");

function sign(payload, secret) {
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  const mac = createHmac("sha256", secret).update(body).digest("base64url");
  return `${body}.${mac}`;
}

function verify(token, secret) {
  const [body, mac] = String(token).split(".");
  if (!body || !mac) return null;
  const expected = createHmac("sha256", secret).update(body).digest();
  const given = Buffer.from(mac, "base64url");
  // timingSafeEqual throws on different lengths, so compare those first.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
}

module.exports = { sign, verify };
