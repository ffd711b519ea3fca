// What a page shows while its data loads, or when it could not load.
import type { Loaded } from "../lib/use-load";

export function LoadState({ loaded, what }: { loaded: Loaded<unknown>; what: string }) {
  if (loaded.error)
    return (
      <div class="notice" role="alert">
        <p>{loaded.error}</p>
        <button type="button" class="button secondary" onClick={loaded.reload}>
          Try again
        </button>
      </div>
    );
  if (loaded.loading && loaded.data === undefined)
    return (
      <p class="quiet" role="status">
        Loading {what}…
      </p>
    );
  return null;
}
