// Every call from the UI to the Rust backend goes through this module.
// Types come from Rust (ts-rs, in ./bindings); errors arrive as
// { code, message } and are rethrown as AppError so callers can show them.
import { invoke } from "@tauri-apps/api/core";
import type { Article } from "./bindings/Article";
import type { CommandError } from "./bindings/CommandError";
import type { SearchOptions } from "./bindings/SearchOptions";
import type { SearchResults } from "./bindings/SearchResults";
import type { TagCount } from "./bindings/TagCount";
import type { Related } from "./bindings/Related";
import type { Thread } from "./bindings/Thread";
import type { ThreadSuggestion } from "./bindings/ThreadSuggestion";
import type { ThreadSummary } from "./bindings/ThreadSummary";

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

export const related = (id: number) => call<Related[]>("related", { id });

export const link = (a: number, b: number) => call<null>("link", { a, b });

export const unlink = (a: number, b: number) => call<null>("unlink", { a, b });

export const threads = () => call<ThreadSummary[]>("threads");

export const threadsOf = (article: number) => call<ThreadSummary[]>("threads_of", { article });

export const suggestThread = (article: number) =>
  call<ThreadSuggestion | null>("suggest_thread", { article });

export const thread = (id: number) => call<Thread>("thread", { id });

export const createThread = (name: string, articles: number[]) =>
  call<number>("create_thread", { name, articles });

export const addToThread = (id: number, articles: number[]) =>
  call<null>("add_to_thread", { id, articles });

export const removeFromThread = (id: number, articles: number[]) =>
  call<null>("remove_from_thread", { id, articles });

export const dismissForThread = (id: number, article: number) =>
  call<null>("dismiss_for_thread", { id, article });

/** Saves the thread's dossier in the Downloads folder; resolves to its path. */
export const saveDossier = (id: number, format: "markdown" | "html") =>
  call<string>("save_dossier", { id, format });
