// The toolbar popup: checks that Dispatch is running and this browser is
// connected, then offers to clip the page with tags and a note.
// `popup.html?tab=ID` clips tab ID instead of the active tab (used by the
// tests, which open the popup as a page of its own).
import { ext } from './lib/ext.js';
import * as endpoint from './lib/endpoint.js';
import { NOT_RUNNING } from './lib/endpoint.js';
import { probePage } from './lib/capture.js';
import { runInTab } from './lib/tab.js';
import { TagInput } from './lib/tag-input.js';

const HOST_PERMISSION = { origins: ['http://127.0.0.1/*'] };
const VIEWS = ['loading', 'permission', 'offline', 'connect', 'pairing', 'form', 'result'];

const $ = (id) => document.getElementById(id);

const state = {
  view: 'loading',
  busy: false, // a clip is on its way: do not re-render under it
  formReady: false, // tags and note are set up once, so they survive reconnecting
  tabId: null,
  page: null,
  articleId: null,
};

// start() can be called again before an earlier call finished (storage
// changes, Retry); only the latest may render.
let generation = 0;

const tagInput = new TagInput({
  box: $('tag-box'),
  chips: $('tag-chips'),
  input: $('tag-input'),
  listbox: $('tag-suggestions'),
});

function show(view) {
  state.view = view;
  for (const name of VIEWS) $(`view-${name}`).hidden = name !== view;
}

function setNotice(element, text, kind = '') {
  element.textContent = text ?? '';
  element.hidden = !text;
  element.classList.toggle('error', kind === 'error');
  element.classList.toggle('ok', kind === 'ok');
}

// Text with `backticks` rendered as <code>, and the first sentence in bold
// when asked (the "not running" message).
function richText(element, text, { boldFirst = false } = {}) {
  const nodes = [];
  let rest = text;
  if (boldFirst) {
    const end = text.indexOf('. ');
    if (end > 0) {
      const strong = document.createElement('strong');
      strong.textContent = text.slice(0, end + 1);
      nodes.push(strong, ' ');
      rest = text.slice(end + 2);
    }
  }
  rest.split('`').forEach((part, index) => {
    if (index % 2) {
      const code = document.createElement('code');
      code.textContent = part;
      nodes.push(code);
    } else if (part) {
      nodes.push(part);
    }
  });
  element.replaceChildren(...nodes);
}

// --- Start: what to show ---------------------------------------------------

async function start() {
  const mine = ++generation;
  const current = () => mine === generation;
  show('loading');

  // Firefox before 127 does not grant host permissions at install.
  if (!(await ext.permissions.contains(HOST_PERMISSION))) {
    if (current()) show('permission');
    return;
  }

  let info;
  try {
    info = await endpoint.ping();
  } catch (error) {
    if (current()) showOffline(error);
    return;
  }
  if (!current()) return;

  const { token } = await endpoint.getSettings();
  if (!current()) return;
  if (!token) {
    await showConnect(info, current);
    return;
  }
  await showForm(current);
}

function showOffline(error) {
  const offline = error?.kind === 'offline';
  richText($('offline-message'), offline ? NOT_RUNNING : String(error?.message ?? error), { boldFirst: offline });
  show('offline');
  $('retry').focus();
}

async function showConnect(info, current) {
  // `refused`: why the app refused the token just forgotten (endpoint.js).
  const { pairing, refused: why } = await ext.storage.local.get(['pairing', 'refused']);
  if (!current()) return;

  if (pairing?.state === 'pending') {
    $('pairing-message').textContent = `Approve the request in the Dispatch window (code ${pairing.code}).`;
    show('pairing');
    // The background polls; make sure it does after a browser restart.
    ext.runtime.sendMessage({ type: 'pair-watch' }).catch(() => {});
    return;
  }

  const notice = $('connect-notice');
  const connect = $('connect');
  const refused = why ? `${why} ` : '';
  if (why) ext.storage.local.remove('refused'); // said once
  connect.hidden = false;
  connect.disabled = false;
  setNotice(notice, refused.trim(), refused ? 'error' : '');
  if (info && info.pairing === false) {
    // Headless `dispatch serve` has no window in which to approve a request.
    richText(
      notice,
      `${refused}Dispatch is running without its window (\`dispatch serve\`), so it cannot approve a connection. Create a token with \`dispatch token new NAME\` and paste it in the options.`,
    );
    notice.hidden = false;
    connect.hidden = true;
  } else if (pairing?.state === 'denied') {
    setNotice(notice, 'The connection was denied in Dispatch.', 'error');
    connect.textContent = 'Try again';
  } else if (pairing?.state === 'expired') {
    setNotice(notice, 'The connection request expired before it was approved.', 'error');
    connect.textContent = 'Try again';
  } else {
    connect.textContent = 'Connect';
  }
  show('connect');
  if (!connect.hidden) connect.focus();
}

async function connect() {
  const button = $('connect');
  button.disabled = true;
  const answer = await ext.runtime
    .sendMessage({ type: 'pair-start' })
    .catch((error) => ({ ok: false, kind: 'failed', message: String(error?.message ?? error) }));
  button.disabled = false;
  if (answer?.ok) return; // the stored pairing state changes; start() shows it
  if (answer?.kind === 'offline') {
    showOffline(answer);
    return;
  }
  richText($('connect-notice'), answer?.message ?? 'Dispatch could not start connecting.');
  $('connect-notice').classList.add('error');
  $('connect-notice').hidden = false;
}

// --- The clip form ----------------------------------------------------------

async function targetTab() {
  const param = new URLSearchParams(location.search).get('tab');
  if (param !== null && /^\d+$/.test(param)) return Number(param);
  const [tab] = await ext.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

async function showForm(current) {
  state.tabId = await targetTab();
  const [page, tags] = await Promise.allSettled([
    state.tabId === null ? Promise.reject(new Error('No tab to clip.')) : runInTab(state.tabId, probePage),
    endpoint.tags(),
  ]);
  if (!current()) return;

  if (tags.status === 'rejected') {
    const kind = tags.reason?.kind;
    if (kind === 'unauthorized') return start(); // the token was revoked and is now forgotten
    if (kind === 'offline') return showOffline(tags.reason);
    // Otherwise clipping may still work: carry on without suggestions.
  } else {
    tagInput.setSuggestions(tags.value);
  }

  const error = $('form-error');
  if (page.status === 'fulfilled') {
    state.page = page.value;
    $('page-title').textContent = page.value.title || page.value.url;
    $('page-host').textContent = hostOf(page.value.url);
    $('clip-page').disabled = false;
    $('clip-selection').disabled = !page.value.hasSelection;
    $('clip-selection').title = page.value.hasSelection ? 'Clip only the selected text' : 'Select text on the page first';
    setNotice(error, '');
  } else {
    state.page = null;
    $('page-title').textContent = 'This page';
    $('page-host').textContent = '';
    $('clip-page').disabled = true;
    $('clip-selection').disabled = true;
    setNotice(error, page.reason?.message ?? String(page.reason), 'error');
  }

  show('form');
  if (!state.formReady) {
    state.formReady = true;
    if (state.page) $('tag-input').focus();
  }
}

function hostOf(url) {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

async function clip(selection) {
  if (state.busy || !state.page) return;
  state.busy = true;
  const button = selection ? $('clip-selection') : $('clip-page');
  const label = button.textContent;
  $('clip-page').disabled = true;
  $('clip-selection').disabled = true;
  button.textContent = 'Clipping…';
  setNotice($('form-error'), '');

  const answer = await ext.runtime
    .sendMessage({
      type: 'clip',
      tabId: state.tabId,
      selection,
      tags: tagInput.values(),
      note: $('note').value,
    })
    .catch((error) => ({ ok: false, kind: 'failed', message: String(error?.message ?? error) }));

  state.busy = false;
  button.textContent = label;
  if (answer?.ok) {
    showResult(answer.result);
    return;
  }
  $('clip-page').disabled = false;
  $('clip-selection').disabled = !state.page.hasSelection;
  if (answer?.kind === 'unauthorized') {
    start();
  } else if (answer?.kind === 'offline') {
    showOffline(answer);
  } else {
    setNotice($('form-error'), answer?.message ?? 'Dispatch could not clip this page.', 'error');
  }
}

// --- After clipping -----------------------------------------------------------

function showResult(result) {
  const already = result.duplicate_of !== null && result.duplicate_of !== undefined;
  // A duplicate points at the article already in the archive.
  state.articleId = already ? result.duplicate_of : result.id;
  $('view-result').dataset.articleId = String(state.articleId); // for tests and debugging
  $('result-heading').textContent = already ? 'Already in your archive' : 'Clipped';
  $('result-title').textContent = result.title || state.page?.title || '';
  setNotice($('open-status'), '');
  $('open-article').disabled = false;
  show('result');
  $('open-article').focus();
}

async function openArticle() {
  const button = $('open-article');
  button.disabled = true;
  try {
    await endpoint.open(state.articleId);
    setNotice($('open-status'), 'Opened in the Dispatch window.', 'ok');
  } catch (error) {
    if (error.kind === 'unauthorized') return start();
    const text = error.kind === 'no_window' ? 'Open the Dispatch window to read it.' : error.message;
    richText($('open-status'), text);
    $('open-status').hidden = false;
  } finally {
    button.disabled = false;
  }
}

// --- Wiring -------------------------------------------------------------------

$('retry').addEventListener('click', () => start());
$('connect').addEventListener('click', () => connect());
$('pair-cancel').addEventListener('click', () => ext.runtime.sendMessage({ type: 'pair-cancel' }));
$('grant').addEventListener('click', async () => {
  // Must be called straight from the click (a user gesture).
  if (await ext.permissions.request(HOST_PERMISSION)) start();
});
$('clip-form').addEventListener('submit', (event) => {
  event.preventDefault();
  clip(false);
});
$('clip-selection').addEventListener('click', () => clip(true));
$('open-article').addEventListener('click', () => openArticle());
for (const id of ['open-options', 'connect-options']) {
  $(id).addEventListener('click', (event) => {
    event.preventDefault();
    ext.runtime.openOptionsPage();
  });
}
// Ctrl+Enter (Cmd+Enter) clips the page from anywhere in the form.
$('clip-form').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    clip(false);
  }
});
// Plain Enter in the tags field adds a tag (TagInput); it must not submit.
$('tag-input').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.ctrlKey && !event.metaKey) event.preventDefault();
});

// Pairing approved or denied, token revoked or pasted in the options, port
// changed: show what is now true. Not in the middle of a clip or over its result.
ext.storage.onChanged.addListener((changes, area) => {
  if (area !== 'local' || state.busy) return;
  if (!('token' in changes || 'pairing' in changes || 'port' in changes)) return;
  const tokenGone = 'token' in changes && !changes.token.newValue;
  if (state.view === 'form' && !(tokenGone || 'port' in changes)) return;
  if (state.view === 'result' && !tokenGone) return;
  start();
});

start();
