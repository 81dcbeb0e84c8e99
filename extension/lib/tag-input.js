// The popup's tags field: chosen tags as removable chips, typed text, and a
// list of the archive's tags that match what is typed (ARIA 1.2 combobox
// with a listbox popup). Enter, Tab (with a suggestion highlighted) or a comma
// adds a tag; Backspace in an empty field removes the last one.

const MAX_SUGGESTIONS = 8;

// Case- and accent-insensitive form for matching ("Goïta" ~ "goita").
export function fold(text) {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
}

/** Archive tags matching `typed`: prefix matches first, then the rest, most used first within each. */
export function matchTags(tags, typed, chosen = []) {
  const query = fold(typed);
  if (!query) return [];
  const taken = new Set(chosen.map(fold));
  const prefix = [];
  const inside = [];
  for (const tag of tags) {
    const name = fold(tag.name);
    if (taken.has(name)) continue;
    if (name.startsWith(query)) prefix.push(tag);
    else if (name.includes(query)) inside.push(tag);
  }
  return prefix.concat(inside).slice(0, MAX_SUGGESTIONS);
}

export class TagInput {
  /**
   * @param {{box: HTMLElement, chips: HTMLUListElement, input: HTMLInputElement, listbox: HTMLUListElement}} parts
   */
  constructor({ box, chips, input, listbox }) {
    this.box = box;
    this.chips = chips;
    this.input = input;
    this.listbox = listbox;
    this.tags = []; // the archive's tags: [{name, count}], most used first
    this.chosen = [];
    this.options = []; // the suggestions shown
    this.active = -1; // index of the highlighted suggestion

    input.addEventListener('input', () => this.onInput());
    input.addEventListener('keydown', (event) => this.onKeyDown(event));
    input.addEventListener('blur', () => {
      this.close();
    });
    // Clicking the empty part of the box puts the cursor in the field.
    box.addEventListener('click', (event) => {
      if (event.target === box || event.target === chips) input.focus();
    });
    // mousedown, not click: a click would first blur the field and close the list.
    listbox.addEventListener('mousedown', (event) => {
      const option = event.target.closest('[role="option"]');
      if (!option) return;
      event.preventDefault();
      this.add(this.options[Number(option.dataset.index)].name);
    });
  }

  /** The archive's tags, for suggestions. */
  setSuggestions(tags) {
    this.tags = tags;
  }

  /** Chosen tags plus whatever is still typed in the field. */
  values() {
    const pending = this.input.value.split(',').map((part) => part.trim()).filter(Boolean);
    return dedupe(this.chosen.concat(pending));
  }

  add(name) {
    const tag = name.trim();
    this.input.value = '';
    this.close();
    if (tag && !this.chosen.some((existing) => fold(existing) === fold(tag))) {
      this.chosen.push(tag);
      this.renderChips();
    }
    this.input.focus();
  }

  remove(index) {
    this.chosen.splice(index, 1);
    this.renderChips();
    this.input.focus();
  }

  onInput() {
    // Typed or pasted commas finish tags: "mali, sahel, goi" adds two chips.
    const parts = this.input.value.split(',');
    if (parts.length > 1) {
      const rest = parts.pop();
      for (const part of parts) if (part.trim()) this.add(part);
      this.input.value = rest.trimStart();
    }
    this.suggest();
  }

  onKeyDown(event) {
    const open = !this.listbox.hidden;
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!open) this.suggest(true);
        else this.highlight(Math.min(this.active + 1, this.options.length - 1));
        break;
      case 'ArrowUp':
        if (open) {
          event.preventDefault();
          this.highlight(Math.max(this.active - 1, 0));
        }
        break;
      case 'Enter':
        // Ctrl/Cmd+Enter belongs to the popup (clip); plain Enter adds the tag.
        if (event.ctrlKey || event.metaKey) return;
        if (open && this.active >= 0) {
          event.preventDefault();
          this.add(this.options[this.active].name);
        } else if (this.input.value.trim()) {
          event.preventDefault();
          this.add(this.input.value);
        }
        break;
      case 'Tab':
        if (open && this.active >= 0 && !event.shiftKey) {
          event.preventDefault();
          this.add(this.options[this.active].name);
        }
        break;
      case 'Escape':
        if (open) {
          event.preventDefault();
          event.stopPropagation();
          this.close();
        }
        break;
      case 'Backspace':
        if (!this.input.value && this.chosen.length) {
          event.preventDefault();
          this.remove(this.chosen.length - 1);
        }
        break;
      default:
    }
  }

  // Show suggestions for the typed text; with `all`, the most used tags when
  // nothing is typed (ArrowDown in an empty field).
  suggest(all = false) {
    const typed = this.input.value;
    this.options = typed.trim()
      ? matchTags(this.tags, typed, this.chosen)
      : all
        ? this.tags.filter((t) => !this.chosen.some((c) => fold(c) === fold(t.name))).slice(0, MAX_SUGGESTIONS)
        : [];
    this.listbox.replaceChildren(
      ...this.options.map((tag, index) => {
        const item = document.createElement('li');
        item.id = `tag-option-${index}`;
        item.setAttribute('role', 'option');
        item.setAttribute('aria-selected', 'false');
        item.dataset.index = String(index);
        const name = document.createElement('span');
        name.textContent = tag.name;
        item.append(name);
        if (Number.isFinite(tag.count)) {
          const count = document.createElement('span');
          count.className = 'count';
          count.textContent = String(tag.count);
          count.setAttribute('aria-label', `${tag.count} articles`);
          item.append(count);
        }
        return item;
      }),
    );
    if (this.options.length) {
      this.listbox.hidden = false;
      this.input.setAttribute('aria-expanded', 'true');
      // Highlight the first suggestion only once something is typed, so that
      // Enter on a new tag name keeps what was typed unless a prefix matched.
      this.highlight(typed.trim() && fold(this.options[0].name).startsWith(fold(typed)) ? 0 : -1);
    } else {
      this.close();
    }
  }

  highlight(index) {
    this.active = index;
    for (const [i, item] of [...this.listbox.children].entries()) {
      item.setAttribute('aria-selected', String(i === index));
    }
    if (index >= 0) {
      this.input.setAttribute('aria-activedescendant', `tag-option-${index}`);
      this.listbox.children[index].scrollIntoView({ block: 'nearest' });
    } else {
      this.input.removeAttribute('aria-activedescendant');
    }
  }

  close() {
    this.listbox.hidden = true;
    this.options = [];
    this.active = -1;
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
  }

  renderChips() {
    this.chips.replaceChildren(
      ...this.chosen.map((tag, index) => {
        const item = document.createElement('li');
        item.className = 'chip';
        const name = document.createElement('span');
        name.textContent = tag;
        const remove = document.createElement('button');
        remove.type = 'button';
        remove.textContent = '×';
        remove.setAttribute('aria-label', `Remove tag ${tag}`);
        remove.addEventListener('click', () => this.remove(index));
        item.append(name, remove);
        return item;
      }),
    );
  }
}

function dedupe(tags) {
  const seen = new Set();
  return tags.filter((tag) => {
    const key = fold(tag);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
