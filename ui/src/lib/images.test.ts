// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { showKeptImages } from "./images";

describe("showKeptImages", () => {
  it("points web images at their kept copy and drops any other", () => {
    const root = document.createElement("div");
    root.innerHTML =
      '<figure><img src="https://cdn.example/palace.jpg?w=640&amp;h=400" alt="The palace"><figcaption>Koulouba</figcaption></figure>' +
      '<img src="file:///etc/passwd"><img alt="no address">';
    showKeptImages(root, (address) => `dispatch-image://localhost/7?src=${encodeURIComponent(address)}`);
    const images = root.querySelectorAll("img");
    expect(images).toHaveLength(1);
    expect(images[0].getAttribute("src")).toBe(
      "dispatch-image://localhost/7?src=https%3A%2F%2Fcdn.example%2Fpalace.jpg%3Fw%3D640%26h%3D400",
    );
    expect(images[0].dataset.address).toBe("https://cdn.example/palace.jpg?w=640&h=400");
    expect(images[0].alt).toBe("The palace");
    expect(root.querySelector("figcaption")?.textContent).toBe("Koulouba");
  });

  it("hides an image that is not kept", () => {
    const root = document.createElement("div");
    root.innerHTML = '<img src="https://cdn.example/gone.jpg">';
    let missing = 0;
    showKeptImages(root, () => "dispatch-image://localhost/7?src=x", () => (missing += 1));
    const img = root.querySelector("img")!;
    img.dispatchEvent(new Event("error"));
    expect(img.classList.contains("not-kept")).toBe(true);
    expect(missing).toBe(1);
  });
});
