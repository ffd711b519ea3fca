// Tag suggestions: the person's own most used words (from their stats) first, then common ones.
import { observable } from "./observable";
import { contextSuggestions, emotionSuggestions, warningSignSuggestions } from "./words";
import type { Stats, TagStat } from "./types";

export interface TagSuggestions {
  contexts: string[];
  emotions: string[];
  warningSigns: string[];
}

function merge(own: TagStat[] | undefined, common: string[]): string[] {
  const mine = (own ?? []).slice(0, 6).map((stat) => stat.tag);
  return [...new Set([...mine, ...common])].slice(0, 10);
}

export function suggestionsFrom(stats: Stats | null): TagSuggestions {
  return {
    contexts: merge(stats?.trigger_map.contexts, contextSuggestions),
    emotions: merge(stats?.trigger_map.emotions, emotionSuggestions),
    warningSigns: merge(stats?.trigger_map.warning_signs, warningSignSuggestions),
  };
}

/** The stats last loaded in this tab (Today loads them), for suggestions and kind words. */
export const latestStats = observable<Stats | null>(null);
