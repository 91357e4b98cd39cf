"use strict";
// Service identity and the shape of a health report, the same in every Atlas service.

const startedAt = Date.now();

function serviceInfo(name) {
  return { service: name, node: process.version, uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) };
}

function healthReport(name, checks = {}) {
  const ok = Object.values(checks).every((c) => c === "ok");
  return { status: ok ? "ok" : "degraded", ...serviceInfo(name), checks };
}

module.exports = { serviceInfo, healthReport };
