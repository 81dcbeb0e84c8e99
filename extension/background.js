// Background of the Dispatch clipper: clips tabs (for the popup and for the
// clip-page shortcut) and waits for pairing approval. Both live here rather
// than in the popup because the popup closes as soon as it loses focus, e.g.
// when the reporter switches to the Dispatch window to approve the pairing.
import { ext } from './lib/ext.js';
import { capturePage } from './lib/capture.js';
import { runInTab } from './lib/tab.js';
import * as endpoint from './lib/endpoint.js';
import { EndpointError } from './lib/endpoint.js';

const BADGE_MS = 10_000;
const PAIR_POLL_MS = 1_000;
// Stop waiting for an approval nobody gives.
const PAIR_GIVE_UP_MS = 5 * 60_000; // the app forgets a request after 5 minutes too
const COLORS = { busy: '#5f6368', ok: '#2e7d32', error: '#c62828' };

// Listeners are registered at the top level so that the browser can wake the
// worker (or Firefox's event page) for them.
ext.commands.onCommand.addListener(onCommand);

ext.runtime.onMessage.addListener((message, sender, sendResponse) => {
  // Only the extension's own pages (popup, options) talk to it.
  if (sender.id !== ext.runtime.id) return false;
  const handler = HANDLERS[message?.type];
  if (!handler) return false;
  handler(message).then(
    (value) => sendResponse({ ok: true, ...value }),
    (error) => sendResponse({ ok: false, kind: error?.kind ?? 'failed', message: String(error?.message ?? error) }),
  );
  return true; // the answer comes asynchronously
});

const HANDLERS = {
  clip: ({ tabId, selection, tags, note }) => clipTab(tabId, { selection, tags, note }).then((result) => ({ result })),
  'pair-start': () => startPairing(),
  'pair-watch': async () => {
    watchPairing();
    return {};
  },
  'pair-cancel': async () => {
    await ext.storage.local.remove('pairing');
    return {};
  },
};

// --- Clipping ---------------------------------------------------------------

/** A keyboard command (exported for the tests, which cannot press shortcuts). */
export function onCommand(command, tab) {
  if (command === 'clip-page') return clipFromShortcut(tab);
  return undefined;
}

async function clipFromShortcut(tab) {
  let target = tab;
  if (target?.id === undefined) [target] = await ext.tabs.query({ active: true, currentWindow: true });
  if (target?.id === undefined) return;
  try {
    await clipTab(target.id, {});
  } catch {
    // The badge already tells the reader what went wrong.
  }
}

/**
 * Capture tab `tabId` as rendered and send it to Dispatch; the action's
 * badge on that tab shows the outcome. Resolves to `{id, title, duplicate_of}`.
 */
export async function clipTab(tabId, { selection = false, tags = [], note = '' } = {}) {
  await badge(tabId, '…', 'Dispatch: clipping…', COLORS.busy);
  try {
    const page = await runInTab(tabId, capturePage, [Boolean(selection)]);
    if (selection && !page.selection) {
      throw new EndpointError('failed', 'Nothing is selected on the page any more. Select the text again.');
    }
    const body = { url: page.url, html: page.html };
    if (page.title) body.title = page.title;
    if (selection) body.selection = page.selection;
    const cleanTags = (tags ?? []).map((tag) => String(tag).trim()).filter(Boolean);
    if (cleanTags.length) body.tags = cleanTags;
    if (note && note.trim()) body.note = note.trim();

    const result = await keepAlive(() => endpoint.clip(body));
    const already = result.duplicate_of !== null && result.duplicate_of !== undefined;
    const what = already ? 'already in your archive' : 'clipped';
    await badge(tabId, '✓', `Dispatch: ${what}: ${result.title || page.title}`, COLORS.ok);
    return { id: result.id, title: result.title || page.title, duplicate_of: result.duplicate_of ?? null };
  } catch (error) {
    const message =
      error?.kind === 'unauthorized'
        ? 'Not connected. Click the Dispatch button to connect.'
        : String(error?.message ?? error);
    await badge(tabId, '!', `Dispatch: ${message}`, COLORS.error);
    throw error;
  }
}

// Show `text` on the action for one tab, then clear it (a stale ✓ on a tab
// that has since moved on to another page would mislead).
async function badge(tabId, text, title, color) {
  try {
    await ext.action.setBadgeBackgroundColor({ tabId, color });
    await ext.action.setBadgeText({ tabId, text });
    await ext.action.setTitle({ tabId, title });
  } catch {
    return; // the tab was closed
  }
  if (text === '…') return;
  setTimeout(() => {
    ext.action.setBadgeText({ tabId, text: '' }).catch(() => {});
    ext.action.setTitle({ tabId, title: ext.runtime.getManifest().action.default_title }).catch(() => {});
  }, BADGE_MS);
}

// Chromium stops an idle service worker after 30 s even with a fetch in
// flight; a cheap extension call every 20 s keeps it alive while a large
// page is being clipped.
async function keepAlive(work) {
  const timer = setInterval(() => ext.runtime.getPlatformInfo().catch(() => {}), 20_000);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

// --- Pairing ----------------------------------------------------------------
// The state lives in storage.local under `pairing` so the popup can show it
// (and follow it through storage.onChanged) whenever it is open:
//   {request, code, state: 'pending'|'denied'|'expired', started}
// Approval stores `token` and removes `pairing`.

async function startPairing() {
  const { request, code } = await endpoint.pair(`${browserName()} extension`);
  await ext.storage.local.set({ pairing: { request, code, state: 'pending', started: Date.now() } });
  watchPairing();
  return { code };
}

let watching = null; // the request id being polled, so that it is polled once

async function watchPairing() {
  const { pairing } = await ext.storage.local.get('pairing');
  if (!pairing || pairing.state !== 'pending' || watching === pairing.request) return;
  watching = pairing.request;
  try {
    for (;;) {
      if (Date.now() - pairing.started > PAIR_GIVE_UP_MS) {
        await updatePairing(pairing.request, { state: 'expired' });
        return;
      }
      let answer;
      try {
        answer = await endpoint.pairStatus(pairing.request);
      } catch (error) {
        // The app went away: its pending requests went with it. Dropping the
        // state sends the popup back to its start, which says the app is not running.
        if (error.kind === 'offline') await updatePairing(pairing.request, null);
        else await updatePairing(pairing.request, { state: 'expired' });
        return;
      }
      const { pairing: current } = await ext.storage.local.get('pairing');
      if (current?.request !== pairing.request) return; // cancelled or restarted
      if (answer.status === 'approved') {
        await endpoint.storeToken(answer.token);
        await ext.storage.local.remove('pairing');
        return;
      }
      if (answer.status !== 'pending') {
        await updatePairing(pairing.request, { state: answer.status });
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, PAIR_POLL_MS));
    }
  } finally {
    if (watching === pairing.request) watching = null;
  }
}

// Change (or with null, drop) the stored pairing if it is still `request`.
async function updatePairing(request, change) {
  const { pairing } = await ext.storage.local.get('pairing');
  if (pairing?.request !== request) return;
  if (change === null) await ext.storage.local.remove('pairing');
  else await ext.storage.local.set({ pairing: { ...pairing, ...change } });
}

// The name the reporter sees in Dispatch's approval prompt and token list.
function browserName() {
  const ua = navigator.userAgent;
  if (/Firefox\//.test(ua)) return 'Firefox';
  if (/Edg\//.test(ua)) return 'Edge';
  if (/OPR\//.test(ua)) return 'Opera';
  const brands = (navigator.userAgentData?.brands ?? []).map((b) => b.brand);
  if (brands.includes('Brave')) return 'Brave';
  if (brands.includes('Google Chrome')) return 'Chrome';
  return 'Chromium';
}
