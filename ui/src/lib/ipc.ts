// Every call from the UI to the Rust backend goes through this module.
// Types come from Rust (ts-rs, in ./bindings); errors arrive as
// { code, message } and are rethrown as AppError so callers can show them.
import { Channel, convertFileSrc, invoke } from "@tauri-apps/api/core";
import type { ArchiveStatus } from "./bindings/ArchiveStatus";
import type { Article } from "./bindings/Article";
import type { ClipOutcome } from "./bindings/ClipOutcome";
import type { ImagesReport } from "./bindings/ImagesReport";
import type { ReextractReport } from "./bindings/ReextractReport";
import type { WorkProgress } from "./bindings/WorkProgress";
import type { CommandError } from "./bindings/CommandError";
import type { SearchOptions } from "./bindings/SearchOptions";
import type { SearchResults } from "./bindings/SearchResults";
import type { TagCount } from "./bindings/TagCount";
import type { SavedSearch } from "./bindings/SavedSearch";
import type { Sort } from "./bindings/Sort";
import type { Related } from "./bindings/Related";
import type { Thread } from "./bindings/Thread";
import type { ThreadSuggestion } from "./bindings/ThreadSuggestion";
import type { ThreadSummary } from "./bindings/ThreadSummary";
import type { BackgroundEvent } from "./bindings/BackgroundEvent";
import type { EndpointStatus } from "./bindings/EndpointStatus";
import type { FeedInfo } from "./bindings/FeedInfo";
import type { FeedReport } from "./bindings/FeedReport";
import type { FetchReport } from "./bindings/FetchReport";
import type { ImportPreview } from "./bindings/ImportPreview";
import type { ImportReport } from "./bindings/ImportReport";
import type { TokenInfo } from "./bindings/TokenInfo";

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

async function call<T>(
  command: string,
  args: Record<string, unknown> | Uint8Array = {},
  headers?: Record<string, string>,
): Promise<T> {
  try {
    return await invoke<T>(command, args, headers ? { headers } : undefined);
  } catch (e) {
    if (isCommandError(e)) throw new AppError(e.code, e.message);
    throw new AppError("internal", String(e));
  }
}

/** The archive's folder, and why it could not be opened if it could not. */
export const archiveStatus = (retry = false) => call<ArchiveStatus>("archive_status", { retry });

export const search = (query: string, options: SearchOptions) =>
  call<SearchResults>("search", { query, options });

export const article = (id: number) => call<Article>("article", { id });

/** The words of an article that the query matches, for highlighting. */
export const matchedWords = (query: string, id: number) => call<string[]>("matched_words", { query, id });

export const tags = () => call<TagCount[]>("tags");

/** Resolves to the ids whose tags changed (what an undo must revert). */
export const tagArticles = (ids: number[], add: string[], remove: string[]) =>
  call<number[]>("tag_articles", { ids, add, remove });

export const renameTag = (from: string, to: string) => call<number>("rename_tag", { from, to });

export const deleteTag = (name: string) => call<number>("delete_tag", { name });

/** Saved searches by name, each with how many articles it finds now. */
export const savedSearches = () => call<SavedSearch[]>("saved_searches");

/** Saves a search under a name, replacing one saved under it. */
export const saveSearch = (name: string, query: string, sort: Sort) =>
  call<SavedSearch>("save_search", { name, query, sort });

/** The reporter opened a saved search: what it finds is no longer new. */
export const markSavedSearchSeen = (name: string) => call<void>("mark_saved_search_seen", { name });

export const renameSavedSearch = (from: string, to: string) => call<void>("rename_saved_search", { from, to });

export const deleteSavedSearch = (name: string) => call<void>("delete_saved_search", { name });

export const setNote = (id: number, note: string) => call<Article>("set_note", { id, note });

export const deleteArticles = (ids: number[]) => call<null>("delete_articles", { ids });

export const clipText = (content: string, url: string | null, tags: string[]) =>
  call<ClipOutcome>("clip_text", { content, url, tags });

/** Fetches a page by its address (when online) and clips it. */
/** Fetches the images of article `id` not kept yet (failed ones again). */
export const keepImages = (id: number) => call<ImagesReport>("keep_images", { id });

/**
 * Where the window reads the kept copy of the image at `address` in
 * article `id` (the `dispatch-image:` scheme, in the platform's form);
 * `version` changes when new copies arrive.
 */
export const imageSource = (id: number, address: string, version = 0) =>
  `${convertFileSrc(String(id), "dispatch-image")}?src=${encodeURIComponent(address)}&v=${version}`;

export const clipUrl = (url: string, tags: string[]) => call<ClipOutcome>("clip_url", { url, tags });

/** Sends a file's bytes (never its path) to be clipped. */
export const clipFile = async (file: File) =>
  call<ClipOutcome>("clip_file", new Uint8Array(await file.arrayBuffer()), {
    "x-file-name": encodeURIComponent(file.name),
  });

export const openInBrowser = (url: string) => call<null>("open_in_browser", { url });

function withProgress(onProgress: (p: WorkProgress) => void): Channel<WorkProgress> {
  const channel = new Channel<WorkProgress>();
  channel.onmessage = onProgress;
  return channel;
}

/** Rebuilds the search index; rejects with code `cancelled` when cancelled. */
export const reindex = (onProgress: (p: WorkProgress) => void) =>
  call<number>("reindex", { onProgress: withProgress(onProgress) });

export const reextract = (onProgress: (p: WorkProgress) => void) =>
  call<ReextractReport>("reextract", { onProgress: withProgress(onProgress) });

export const cancelWork = () => call<boolean>("cancel_work");

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

/** Whether the clip endpoint listens; `onEvent` gets what it reports from now on. */
export const watchBackground = (onEvent: (e: BackgroundEvent) => void) => {
  const events = new Channel<BackgroundEvent>();
  events.onmessage = onEvent;
  return call<EndpointStatus>("watch_background", { events });
};

export const answerPairing = (request: string, approve: boolean) =>
  call<null>("answer_pairing", { request, approve });

/** The browsers (and other clients) allowed to clip. */
export const tokens = () => call<TokenInfo[]>("tokens");

export const revokeToken = (name: string) => call<null>("revoke_token", { name });

/** Sends an import file's bytes to be read (nothing is stored yet). */
export const readImport = async (format: string, file: File) =>
  call<ImportPreview>("read_import", new Uint8Array(await file.arrayBuffer()), { "x-import-format": format });

/** Imports the file `readImport` read. */
export const runImport = (onProgress: (p: WorkProgress) => void) =>
  call<ImportReport>("run_import", { onProgress: withProgress(onProgress) });

/** How many articles wait for their text (imported bookmarks). */
export const pendingCount = () => call<number>("pending_count");

export const fetchPending = (onProgress: (p: WorkProgress) => void) =>
  call<FetchReport>("fetch_pending", { onProgress: withProgress(onProgress) });

export const feeds = () => call<FeedInfo[]>("feeds");

/** Subscribes and takes the feed's items now. */
export const addFeed = (url: string, tags: string[]) => call<FeedReport>("add_feed", { url, tags });

export const removeFeed = (id: number) => call<null>("remove_feed", { id });

export const refreshFeeds = () => call<FeedReport>("refresh_feeds");

/** Saves what `query` finds in the Downloads folder; resolves to the file's path. */
export const exportArticles = (format: string, query: string) =>
  call<string>("export_articles", { format, query });
