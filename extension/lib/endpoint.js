// Every HTTP call to the Dispatch app's local clip endpoint, and the stored
// settings they need (port and token). Callers get plain data back or an
// EndpointError whose `kind` says what to show:
//   offline       nothing answers on the port (app not running)
//   unauthorized  no token, or the app refused it (the stored token is cleared)
//   unavailable   the app cannot pair (headless `dispatch serve`)
//   no_window     the app has no window to open an article in
//   failed        anything else; `message` is meant for the reader
import { ext } from './ext.js';

export const DEFAULT_PORT = 47811;

export const NOT_RUNNING =
  'Dispatch is not running. Open the Dispatch app (or run `dispatch serve`) and try again.';

// Short for ping so the popup never hangs on a dead port; long for clips,
// since the app extracts the article before answering.
const TIMEOUT_MS = { ping: 3000, normal: 15000, clip: 120000 };

export class EndpointError extends Error {
  constructor(kind, message, { status = 0, code = null } = {}) {
    super(message);
    this.name = 'EndpointError';
    this.kind = kind;
    this.status = status;
    this.code = code;
  }
}

/** The stored settings: `{port, token}` (token is null when not connected). */
export async function getSettings() {
  const { port, token } = await ext.storage.local.get(['port', 'token']);
  return { port: validPort(port) ?? DEFAULT_PORT, token: token || null };
}

/** Store the port and/or token; pass `token: null` to forget it. */
export async function saveSettings({ port, token }) {
  if (port !== undefined) {
    const valid = validPort(port);
    if (valid === null) throw new RangeError('The port must be a number from 1 to 65535.');
    await ext.storage.local.set({ port: valid });
  }
  if (token === null || token === '') await ext.storage.local.remove('token');
  else if (token !== undefined) await storeToken(token);
}

/** Store a new token (pasted or from pairing); an earlier refusal no longer applies. */
export async function storeToken(token) {
  await ext.storage.local.remove('refused');
  await ext.storage.local.set({ token: String(token).trim() });
}

/** A port number from 1 to 65535, or null. */
export function validPort(value) {
  const port = typeof value === 'number' ? value : Number(String(value ?? '').trim());
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? port : null;
}

const REFUSED = 'Dispatch no longer accepts this browser’s token.';

// Forget the token the app refused, but only if it is still the stored one
// (the options page tests tokens that are not saved yet). `refused` keeps the
// reason for the popup's Connect view; it is stored first so that whoever
// reacts to the token's removal finds it.
async function forgetToken(refused) {
  const { token } = await ext.storage.local.get('token');
  if (!token || token !== refused) return;
  await ext.storage.local.set({ refused: REFUSED });
  await ext.storage.local.remove('token');
}

/**
 * One request. `settings` overrides the stored port/token (options page
 * tests). Resolves to `{status, data}` for any HTTP answer except 401.
 */
async function request(path, { method = 'GET', body, auth = false, timeout = TIMEOUT_MS.normal, settings } = {}) {
  const { port, token } = settings ?? (await getSettings());
  if (auth && !token) throw new EndpointError('unauthorized', 'Not connected to Dispatch yet.');

  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (auth) headers.Authorization = `Bearer ${token}`;

  let response;
  try {
    response = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
      signal: AbortSignal.timeout(timeout),
    });
  } catch (error) {
    if (error?.name === 'TimeoutError') {
      throw new EndpointError(
        path === '/v1/ping' ? 'offline' : 'failed',
        path === '/v1/ping' ? NOT_RUNNING : 'Dispatch took too long to answer. Try again.',
      );
    }
    // A refused connection is a TypeError with no detail: the app is not there.
    throw new EndpointError('offline', NOT_RUNNING);
  }

  const data = await readJson(response);
  if (response.status === 401 && auth) {
    await forgetToken(token);
    throw new EndpointError('unauthorized', `${REFUSED} Connect again.`, {
      status: 401,
      code: data?.code ?? null,
    });
  }
  return { status: response.status, data };
}

async function readJson(response) {
  const text = await response.text().catch(() => '');
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

// The app's messages are lowercase fragments ("the page's HTML is empty");
// the popup shows them as sentences.
function sentence(text) {
  const trimmed = String(text).trim();
  if (!trimmed) return trimmed;
  const capital = trimmed[0].toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

// The error for an answer the caller did not expect.
function failure(status, data, fallback) {
  const message = data?.message ? sentence(data.message) : `${fallback} (the app answered ${status}).`;
  return new EndpointError('failed', message, { status, code: data?.code ?? null });
}

/** GET /v1/ping: `{app, version, pairing}`; offline if nothing (or not Dispatch) answers. */
export async function ping(settings) {
  const { status, data } = await request('/v1/ping', { timeout: TIMEOUT_MS.ping, settings });
  if (status === 200 && data?.app === 'dispatch') return data;
  if (data?.message) throw failure(status, data, 'Dispatch refused the request');
  const port = settings?.port ?? (await getSettings()).port;
  throw new EndpointError(
    'failed',
    `Something other than Dispatch answers on port ${port}. Check the port in the extension’s options.`,
    { status },
  );
}

/** POST /v1/pair: `{request, code}`, or EndpointError kind `unavailable`. */
export async function pair(name) {
  const { status, data } = await request('/v1/pair', { method: 'POST', body: { name } });
  if (status === 202 && data?.request) return { request: String(data.request), code: String(data.code ?? '') };
  if (status === 403) {
    throw new EndpointError(
      'unavailable',
      data?.message ? sentence(data.message) : 'Dispatch cannot approve a connection right now.',
      { status, code: data?.code ?? null },
    );
  }
  throw failure(status, data, 'Dispatch could not start connecting');
}

/** GET /v1/pair/<request>: `{status: 'pending'|'approved'|'denied'|'expired', token?}`. */
export async function pairStatus(requestId) {
  const { status, data } = await request(`/v1/pair/${encodeURIComponent(requestId)}`);
  if (status === 202) return { status: 'pending' };
  if (status === 200 && data?.token) return { status: 'approved', token: String(data.token) };
  if (status === 403) return { status: 'denied' };
  if (status === 404) return { status: 'expired' };
  throw failure(status, data, 'Dispatch could not say whether the connection was approved');
}

/**
 * POST /v1/clip with `{url, html, selection?, title?, tags?, note?}`:
 * `{id, title, duplicate_of}`.
 */
export async function clip(payload) {
  const { status, data } = await request('/v1/clip', {
    method: 'POST',
    body: payload,
    auth: true,
    timeout: TIMEOUT_MS.clip,
  });
  if (status === 201 && data && data.id !== undefined) return data;
  if (status === 413) {
    throw new EndpointError('failed', 'This page is too large to clip (Dispatch takes up to 50 MB).', { status });
  }
  if (status === 422) {
    throw new EndpointError(
      'failed',
      data?.message ? sentence(data.message) : 'Dispatch found nothing to keep on this page.',
      { status, code: data?.code ?? null },
    );
  }
  throw failure(status, data, 'Dispatch could not clip this page');
}

/** GET /v1/tags: `[{name, count}]`, most used first. */
export async function tags(settings) {
  const { status, data } = await request('/v1/tags', { auth: true, settings });
  if (status === 200 && Array.isArray(data)) {
    return data.filter((tag) => tag && typeof tag.name === 'string');
  }
  throw failure(status, data, 'Dispatch could not list your tags');
}

/** POST /v1/open/<id>: resolves when the window shows the article. */
export async function open(id) {
  const { status, data } = await request(`/v1/open/${encodeURIComponent(id)}`, { method: 'POST', auth: true });
  if (status === 204 || status === 200) return;
  if (status === 409) {
    throw new EndpointError('no_window', 'Open the Dispatch window to read it.', {
      status,
      code: data?.code ?? null,
    });
  }
  if (status === 404) throw new EndpointError('failed', 'This article is no longer in your archive.', { status });
  throw failure(status, data, 'Dispatch could not open the article');
}
