// Functions injected into the page with scripting.executeScript. They are
// serialised and run in the page's isolated world, so each must be
// self-contained: no imports, no closures over module variables.

/** What the popup needs before clipping: title, address, is text selected. */
export function probePage() {
  const selection = window.getSelection();
  return {
    url: location.href,
    title: document.title,
    hasSelection: Boolean(selection && !selection.isCollapsed && selection.toString().trim()),
  };
}

/**
 * The page as rendered now (after scripts ran, with whatever the reader is
 * logged into), plus the selected part as HTML when `withSelection` is true.
 */
export function capturePage(withSelection) {
  let selection = null;
  const current = window.getSelection();
  if (withSelection && current && !current.isCollapsed && current.rangeCount > 0) {
    const holder = document.createElement('div');
    // Several ranges happen in Firefox (ctrl-selecting table cells).
    for (let i = 0; i < current.rangeCount; i += 1) {
      holder.appendChild(current.getRangeAt(i).cloneContents());
    }
    if (holder.textContent.trim()) selection = holder.innerHTML;
  }
  return {
    url: location.href,
    title: document.title,
    html: '<!DOCTYPE html>' + document.documentElement.outerHTML,
    selection,
  };
}
