// The WebExtension API object. Chromium exposes `chrome` (promise-based in
// Manifest V3); Firefox exposes both, and its `browser` is the one documented
// to return promises everywhere, so prefer it when present.
export const ext = globalThis.browser ?? globalThis.chrome;
