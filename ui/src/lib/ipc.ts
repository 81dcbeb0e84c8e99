// Every call from the UI to the Rust backend goes through this module.
// Types come from Rust (ts-rs, in ./bindings); errors arrive as
// { code, message } and are rethrown as AppError so callers can show them.
import { invoke } from "@tauri-apps/api/core";
import type { Article } from "./bindings/Article";
import type { CommandError } from "./bindings/CommandError";
import type { SearchOptions } from "./bindings/SearchOptions";
import type { SearchResults } from "./bindings/SearchResults";
import type { TagCount } from "./bindings/TagCount";

export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function isCommandError(e: unknown): e is CommandError {
  return typeof e === "object" && e !== null && "code" in e && "message" in e;
}

async function call<T>(command: string, args: Record<string, unknown> = {}): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    if (isCommandError(e)) throw new AppError(e.code, e.message);
    throw new AppError("internal", String(e));
  }
}

export const search = (query: string, options: SearchOptions) =>
  call<SearchResults>("search", { query, options });

export const article = (id: number) => call<Article>("article", { id });

export const tags = () => call<TagCount[]>("tags");
