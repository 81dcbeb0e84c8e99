/**
 * An article's images as the reader shows them: from the archive's kept
 * copies, never from the web (the CSP forbids it anyway). An image that
 * is not kept (yet) takes no room, and its caption still reads.
 */

/**
 * Points every image under `root` at its kept copy, via `source(address)`;
 * `onMissing` hears of each image that has none.
 */
export function showKeptImages(
  root: HTMLElement,
  source: (address: string) => string,
  onMissing: () => void = () => {},
) {
  for (const img of Array.from(root.querySelectorAll("img"))) {
    const address = img.getAttribute("src");
    img.removeAttribute("src");
    if (!address || !/^https?:\/\//i.test(address)) {
      img.remove();
      continue;
    }
    img.classList.add("kept-image");
    img.loading = "lazy";
    img.decoding = "async";
    img.dataset.address = address;
    img.addEventListener(
      "error",
      () => {
        img.classList.add("not-kept");
        onMissing();
      },
      { once: true },
    );
    img.src = source(address);
  }
}
