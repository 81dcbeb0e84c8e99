// End-to-end test of the extension: the real Dispatch binary (`dispatch
// serve`), the real extension loaded unpacked in Chromium, real news pages
// served on 127.0.0.1. Run with `node --test test/` from extension/.
//
// DISPATCH_BIN  the app binary (default: ../target/debug/dispatch of the repository)
// CHROMIUM_BIN  the browser (default: /usr/bin/chromium)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const EXTENSION = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const BIN = process.env.DISPATCH_BIN || fileURLToPath(new URL('../../target/debug/dispatch', import.meta.url));
const BROWSER = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
// The readability corpus the app's own tests use (../shared beside the repository).
const READABILITY = fileURLToPath(new URL('../../../shared/eval/readability/', import.meta.url));

const STEP = 20_000; // the bound for any single wait in the browser
const EACH = { timeout: 90_000 }; // the bound for one test
const SUDAN_TITLE = 'United States to Lift Sudan Sanctions';
const BBC_PARAGRAPH_START = 'In an interview with the BBC, Mr Obama said it was';

// --- The app ------------------------------------------------------------------

// `dispatch serve` processes still running. The `after` hook stops them; this
// is the last resort when the test process ends without running it (an
// uncaught error, Ctrl+C, the runner killed).
const running = new Set();
const killAll = () => {
  for (const child of running) child.kill('SIGKILL');
};
process.once('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    killAll();
    process.kill(process.pid, signal); // then die of it as usual
  });
}

function cli(archive, args) {
  return new Promise((resolve, reject) => {
    execFile(BIN, ['--archive', archive, ...args], { timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`dispatch ${args.join(' ')} failed: ${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

const cliJson = async (archive, args) => JSON.parse(await cli(archive, args));

/** `dispatch serve --port PORT`; resolves to `{port, stop()}` once it listens. */
function serve(archive, port = 0) {
  const child = spawn(BIN, ['--archive', archive, 'serve', '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  running.add(child);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.once('exit', () => running.delete(child));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`dispatch serve did not say where it listens within 30 s\n${stderr}`));
    }, 30_000);
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const firstLine = stdout.split('\n')[0];
      if (!stdout.includes('\n')) return;
      clearTimeout(timer);
      const match = /^listening on http:\/\/127\.0\.0\.1:(\d+)\s*$/.exec(firstLine);
      if (match) resolve({ port: Number(match[1]), stop });
      else {
        stop();
        reject(new Error(`unexpected first line from dispatch serve: ${JSON.stringify(firstLine)}\n${stderr}`));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dispatch serve exited (${code}) before listening\n${stderr}`));
    });
  });
}

// --- The news pages -------------------------------------------------------------

const PAGES = {
  '/2017/01/13/world/africa/sudan-sanctions.html': 'nytimes-1/source.html',
  '/news/world-us-canada-33646704': 'bbc-1/source.html',
  '/politique/article/2015/05/05/renseignement.html': 'lemonde-1/source.html',
};

function pageServer() {
  const server = createServer((request, response) => {
    const file = PAGES[new URL(request.url, 'http://x').pathname];
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(readFileSync(join(READABILITY, file)));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const base = `http://127.0.0.1:${server.address().port}`;
      resolve({ base, close: () => new Promise((done) => server.close(done)) });
    });
  });
}

// --- The browser ------------------------------------------------------------------

async function launchBrowser(profile) {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: BROWSER,
    headless: false, // --headless=new below: the old headless mode has no extensions
    timeout: 60_000,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--disable-extensions-except=${EXTENSION}`,
      `--load-extension=${EXTENSION}`,
    ],
  });
  context.setDefaultTimeout(STEP);
  // The saved news pages load ads and fonts from the web: nothing leaves this machine.
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort());
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: STEP }));
  const id = new URL(worker.url()).host;
  // Extension APIs are evaluated in an extension page of our own rather than
  // in the service worker, which the browser may stop when idle.
  const probe = await context.newPage();
  await probe.goto(`chrome-extension://${id}/options.html`);
  return { context, id, evaluate: (fn, arg) => probe.evaluate(fn, arg) };
}

describe('the Dispatch extension with the real app', { timeout: 300_000 }, () => {
  let archive;
  let profile;
  let app; // {port, stop}
  let pages; // {base, close}
  let browser; // {context, id, evaluate}
  let token;

  before(async () => {
    assert.ok(existsSync(BIN), `no Dispatch binary at ${BIN} (build it, or set DISPATCH_BIN)`);
    archive = mkdtempSync(join(tmpdir(), 'dispatch-ext-archive-'));
    profile = mkdtempSync(join(tmpdir(), 'dispatch-ext-profile-'));
    token = (await cli(archive, ['token', 'new', 'extension-test'])).trim();
    assert.match(token, /^\S+$/, 'dispatch token new prints one token');
    app = await serve(archive);
    pages = await pageServer();
    browser = await launchBrowser(profile);
  });

  after(async () => {
    await browser?.context.close().catch(() => {});
    await app?.stop();
    await pages?.close();
    for (const dir of [archive, profile]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  // Helpers that need the shared state.
  const extensionUrl = (path) => `chrome-extension://${browser.id}/${path}`;

  async function withPage(url, work) {
    const page = await browser.context.newPage();
    try {
      if (url) await page.goto(url, { waitUntil: 'domcontentloaded' });
      return await work(page);
    } finally {
      await page.close().catch(() => {});
    }
  }

  async function tabIdOf(url) {
    // The news page's tab, as the extension sees it.
    const id = await browser.evaluate(
      async (wanted) => (await chrome.tabs.query({})).find((tab) => tab.url === wanted)?.id ?? null,
      url,
    );
    assert.ok(Number.isInteger(id), `no tab for ${url}`);
    return id;
  }

  const openPopup = (page, tabId) => page.goto(extensionUrl(`popup.html?tab=${tabId}`));

  async function saveOptions({ port, token: value }) {
    await withPage(extensionUrl('options.html'), async (options) => {
      await options.locator('#port').fill(String(port));
      await options.locator('#token').fill(value);
      await options.getByRole('button', { name: 'Save' }).click();
      await options.locator('#status').getByText('Saved.').waitFor();
    });
  }

  // Browsers offer tests no way to press an extension's shortcut: run the
  // background's command handler in an extension page, for tab `tabId`.
  async function pressClipShortcut(tabId) {
    await withPage(extensionUrl('options.html'), (page) =>
      page.evaluate(async (id) => {
        const background = await import('/background.js');
        await background.onCommand('clip-page', { id });
      }, tabId),
    );
    return browser.evaluate(
      async (id) => ({
        text: await chrome.action.getBadgeText({ tabId: id }),
        title: await chrome.action.getTitle({ tabId: id }),
      }),
      tabId,
    );
  }

  const stored = () => browser.evaluate(() => chrome.storage.local.get(['port', 'token']));

  test('the options page stores the port and a pasted token, and tests them', EACH, async () => {
    await saveOptions({ port: app.port, token });
    assert.deepEqual(await stored(), { port: app.port, token });

    await withPage(extensionUrl('options.html'), async (options) => {
      assert.equal(await options.locator('#port').inputValue(), String(app.port));
      await options.getByRole('button', { name: 'Test connection' }).click();
      await options.locator('#status').getByText('The token works').waitFor();
      assert.match(await options.locator('#status').textContent(), /Dispatch 0\.1\.0 is running/);
    });
  });

  const sudanUrl = () => `${pages.base}/2017/01/13/world/africa/sudan-sanctions.html`;

  test('Clip page stores the page as rendered, with its tags and note', EACH, async () => {
    await withPage(sudanUrl(), async (news) => {
      // The page as rendered: a change made after loading must reach the archive.
      await news.evaluate(() => {
        const p = document.createElement('p');
        p.textContent = 'Rendered after load: Port Sudan dockworkers await the first shipments.';
        document.querySelector('.story-body-text').after(p);
      });
      const tabId = await tabIdOf(sudanUrl());
      await withPage(null, async (popup) => {
        await openPopup(popup, tabId);
        await popup.locator('#page-title').getByText(SUDAN_TITLE).waitFor();
        assert.equal(await popup.locator('#page-host').textContent(), new URL(pages.base).host);
        assert.ok(await popup.getByRole('button', { name: 'Clip selection' }).isDisabled(), 'nothing is selected');

        const tags = popup.getByRole('combobox', { name: 'Tags' });
        await tags.fill('sudan,'); // a comma finishes a tag
        await tags.pressSequentially('sanctions');
        await tags.press('Enter'); // so does Enter
        assert.deepEqual(await popup.locator('#tag-chips .chip span').allTextContents(), ['sudan', 'sanctions']);
        await popup.getByRole('textbox', { name: 'Note' }).fill('Check the six-month review clause.');
        await popup.getByRole('button', { name: 'Clip page' }).click();

        await popup.locator('#result-heading').getByText('Clipped', { exact: true }).waitFor();
        const id = Number(await popup.locator('#view-result').getAttribute('data-article-id'));
        const article = await cliJson(archive, ['show', '--json', String(id)]);
        assert.equal(article.title, SUDAN_TITLE);
        assert.equal(article.url, sudanUrl());
        assert.deepEqual(article.tags.map((t) => t.toLowerCase()).sort(), ['sanctions', 'sudan']);
        assert.equal(article.note, 'Check the six-month review clause.');
        assert.match(article.text, /Port Sudan dockworkers/);

        const found = await cliJson(archive, ['search', '--json', 'tag:sudan khartoum']);
        assert.deepEqual(found.hits.map((hit) => hit.id), [id]);

        // The action's badge on the news tab says it worked.
        const badge = await browser.evaluate((tab) => chrome.action.getBadgeText({ tabId: tab }), tabId);
        assert.equal(badge, '✓');

        // Headless `dispatch serve` has no window to show it in.
        await popup.getByRole('button', { name: 'Open in Dispatch' }).click();
        await popup.locator('#open-status').getByText('Open the Dispatch window to read it').waitFor();
      });
    });
  });

  test('clipping the same page again says it is already in the archive', EACH, async () => {
    await withPage(sudanUrl(), async () => {
      const tabId = await tabIdOf(sudanUrl());
      await withPage(null, async (popup) => {
        await openPopup(popup, tabId);
        await popup.getByRole('button', { name: 'Clip page' }).click();
        await popup.locator('#result-heading').getByText('Already in your archive').waitFor();
        await popup.locator('#result-title').getByText(SUDAN_TITLE).waitFor();
      });
    });
    const all = await cliJson(archive, ['search', '--json', 'sudan']);
    assert.equal(all.total, 1, 'still one article');
  });

  test('the tags field suggests the archive’s tags', EACH, async () => {
    await withPage(sudanUrl(), async () => {
      const tabId = await tabIdOf(sudanUrl());
      await withPage(null, async (popup) => {
        await openPopup(popup, tabId);
        await popup.locator('#view-form').waitFor();
        const field = popup.getByRole('combobox', { name: 'Tags' });
        await field.pressSequentially('SUD');
        const option = popup.getByRole('option', { name: /sudan/ });
        await option.waitFor();
        assert.equal(await field.getAttribute('aria-expanded'), 'true');
        await field.press('Enter'); // takes the highlighted suggestion
        assert.deepEqual(await popup.locator('#tag-chips .chip span').allTextContents(), ['sudan']);
        assert.equal(await field.inputValue(), '');
      });
    });
  });

  test('Clip selection stores only the selected paragraph', EACH, async () => {
    const url = `${pages.base}/news/world-us-canada-33646704`;
    await withPage(url, async (news) => {
      const selected = await news.evaluate((start) => {
        const paragraph = [...document.querySelectorAll('p')].find((p) => p.textContent.startsWith(start));
        const range = document.createRange();
        range.selectNodeContents(paragraph);
        getSelection().removeAllRanges();
        getSelection().addRange(range);
        return paragraph.textContent;
      }, BBC_PARAGRAPH_START);
      const tabId = await tabIdOf(url);
      await withPage(null, async (popup) => {
        await openPopup(popup, tabId);
        const button = popup.getByRole('button', { name: 'Clip selection' });
        await popup.locator('#view-form').waitFor();
        assert.ok(await button.isEnabled(), 'a selection enables Clip selection');
        await button.click();
        await popup.locator('#result-heading').getByText('Clipped', { exact: true }).waitFor();
        const id = Number(await popup.locator('#view-result').getAttribute('data-article-id'));
        const article = await cliJson(archive, ['show', '--json', String(id)]);
        const squash = (text) => text.replace(/\s+/g, ' ').trim();
        assert.ok(squash(article.text).includes(squash(selected)), article.text);
        // Not the whole page: nothing from the paragraphs around it.
        assert.doesNotMatch(article.text, /Louisiana|North America editor/);
        assert.ok(article.text.length < selected.length * 2, `stored text is ${article.text.length} chars`);
      });
    });
  });

  test('the clip-page shortcut clips the whole page without tags and shows ✓', EACH, async () => {
    const url = `${pages.base}/politique/article/2015/05/05/renseignement.html`;
    await withPage(url, async () => {
      const badge = await pressClipShortcut(await tabIdOf(url));
      assert.equal(badge.text, '✓');
      assert.match(badge.title, /^Dispatch: clipped: Le projet de loi sur le renseignement/);
    });
    const found = await cliJson(archive, ['search', '--json', 'renseignement assemblee']);
    assert.equal(found.total, 1);
    const article = await cliJson(archive, ['show', '--json', String(found.hits[0].id)]);
    assert.equal(article.url, url);
    assert.deepEqual(article.tags, []);
  });

  test('a refused token brings back the Connect state', EACH, async () => {
    await saveOptions({ port: app.port, token: 'not-a-token-dispatch-knows' });
    try {
      await withPage(sudanUrl(), async () => {
        const tabId = await tabIdOf(sudanUrl());
        await withPage(null, async (popup) => {
          await openPopup(popup, tabId);
          await popup.getByRole('heading', { name: 'Connect to Dispatch' }).waitFor();
          // `dispatch serve` cannot pair: the popup says how to get a token instead.
          const notice = popup.locator('#connect-notice');
          await notice.getByText('dispatch token new NAME').waitFor();
          assert.match(await notice.textContent(), /^Dispatch no longer accepts this browser’s token\./);
        });
      });
      assert.equal((await stored()).token, undefined, 'the refused token is forgotten');
    } finally {
      await saveOptions({ port: app.port, token });
    }
  });

  test('when Dispatch is not running the popup says so, and Retry recovers', EACH, async () => {
    const port = app.port;
    await app.stop();
    await withPage(sudanUrl(), async () => {
      const tabId = await tabIdOf(sudanUrl());
      await withPage(null, async (popup) => {
        await openPopup(popup, tabId);
        // The shortcut says so on the badge.
        const badge = await pressClipShortcut(tabId);
        assert.equal(badge.text, '!');
        assert.match(badge.title, /Dispatch is not running/);

        const message = popup.locator('#offline-message');
        await message.getByText('Dispatch is not running.').waitFor();
        assert.match(await message.textContent(), /Open the Dispatch app \(or run dispatch serve\) and try again\./);

        app = await serve(archive, port);
        await popup.getByRole('button', { name: 'Retry' }).click();
        await popup.locator('#page-title').getByText(SUDAN_TITLE).waitFor();
      });
    });
  });
});
