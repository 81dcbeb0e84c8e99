// Options: the port Dispatch listens on and the token, pasted or forgotten,
// with a test of both that uses the values in the fields (saved or not).
import { ext } from './lib/ext.js';
import * as endpoint from './lib/endpoint.js';
import { validPort } from './lib/endpoint.js';

const $ = (id) => document.getElementById(id);

function status(text, kind = '') {
  const element = $('status');
  // `backticks` become <code>.
  element.replaceChildren(
    ...text.split('`').map((part, index) => {
      if (!(index % 2)) return part;
      const code = document.createElement('code');
      code.textContent = part;
      return code;
    }),
  );
  element.hidden = !text;
  element.classList.toggle('error', kind === 'error');
  element.classList.toggle('ok', kind === 'ok');
}

async function load() {
  const { port, token } = await endpoint.getSettings();
  $('port').value = String(port);
  $('token').value = token ?? '';
  $('fields').disabled = false;
}

function fields() {
  const port = validPort($('port').value);
  if (port === null) {
    status('The port must be a number from 1 to 65535.', 'error');
    $('port').focus();
    return null;
  }
  return { port, token: $('token').value.trim() || null };
}

async function save(event) {
  event.preventDefault();
  const values = fields();
  if (!values) return;
  const before = await endpoint.getSettings();
  await endpoint.saveSettings(values);
  // A token pasted by hand supersedes a connection request still waiting.
  if (values.token !== before.token) await ext.storage.local.remove('pairing');
  status(values.token ? 'Saved.' : 'Saved. This browser is not connected (no token).', 'ok');
}

async function test() {
  const values = fields();
  if (!values) return;
  const button = $('test');
  button.disabled = true;
  status('Testing…');
  try {
    const info = await endpoint.ping(values);
    const running = `Dispatch${info.version ? ` ${info.version}` : ''} is running on port ${values.port}.`;
    if (!values.token) {
      status(`${running} No token yet: connect from the toolbar button, or paste a token from \`dispatch token new NAME\`.`);
      return;
    }
    const tags = await endpoint.tags(values);
    const count = tags.length === 1 ? '1 tag' : `${tags.length} tags`;
    status(`${running} The token works (${count} in your archive).`, 'ok');
  } catch (error) {
    if (error.kind === 'unauthorized') {
      status(
        'Dispatch refused this token: it was revoked or mistyped. Create a new one with `dispatch token new NAME`, or connect from the toolbar button.',
        'error',
      );
    } else {
      status(error.message ?? String(error), 'error');
    }
  } finally {
    button.disabled = false;
  }
}

$('options-form').addEventListener('submit', save);
$('test').addEventListener('click', test);
$('show-token').addEventListener('click', () => {
  const shown = $('token').type === 'text';
  $('token').type = shown ? 'password' : 'text';
  $('show-token').textContent = shown ? 'Show' : 'Hide';
  $('show-token').setAttribute('aria-pressed', String(!shown));
});

load();
