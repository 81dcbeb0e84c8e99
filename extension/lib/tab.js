// Running the injected functions of capture.js in a tab.
import { ext } from './ext.js';
import { EndpointError } from './endpoint.js';

/**
 * Run `func(...args)` in the top frame of tab `tabId` and return its result.
 * The browser refuses some pages to every extension (its own pages, the
 * extension store, the PDF viewer, other extensions); that becomes an
 * EndpointError the reader can act on.
 */
export async function runInTab(tabId, func, args = []) {
  let results;
  try {
    results = await ext.scripting.executeScript({ target: { tabId }, func, args });
  } catch (error) {
    throw new EndpointError('unclippable', unclippableMessage(error));
  }
  const [first] = results ?? [];
  // Firefox reports a script error in the result instead of throwing.
  if (!first || first.error || first.result == null) {
    throw new EndpointError('unclippable', unclippableMessage(first?.error));
  }
  return first.result;
}

function unclippableMessage(error) {
  const detail = String(error?.message ?? error ?? '');
  if (/permission|cannot access|cannot be scripted|missing host/i.test(detail) || !detail) {
    return 'This page can’t be clipped: the browser doesn’t let extensions read it (its own pages, the extension store, PDFs; files only with “Allow access to file URLs” in the extension’s details). Save the page and drop it on the Dispatch window instead.';
  }
  return `This page can’t be read: ${detail}`;
}
