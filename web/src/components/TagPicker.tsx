// Tags as chips to switch on and off, the person's own words first, and a field to add another.
import { useId, useState } from "preact/hooks";

interface TagPickerProps {
  label: string;
  suggestions: string[];
  selected: string[];
  onChange: (tags: string[]) => void;
  /** Offer a field for a word of one's own (off in the three-tap quick log). */
  allowTyping?: boolean;
}

function tidy(tag: string): string {
  return tag.trim().toLowerCase().replace(/\s+/g, " ").slice(0, 64);
}

export function TagPicker({ label, suggestions, selected, onChange, allowTyping = true }: TagPickerProps) {
  const [typed, setTyped] = useState("");
  const inputId = useId();
  const shown = [...new Set([...suggestions.map(tidy), ...selected])].filter(Boolean);

  function toggle(tag: string) {
    onChange(selected.includes(tag) ? selected.filter((item) => item !== tag) : [...selected, tag]);
  }
  function addTyped() {
    const tag = tidy(typed);
    if (tag && !selected.includes(tag)) onChange([...selected, tag]);
    setTyped("");
  }

  return (
    <fieldset class="tag-picker">
      <legend>{label}</legend>
      <div class="chips">
        {shown.map((tag) => (
          <button key={tag} type="button" class="chip" aria-pressed={selected.includes(tag)} onClick={() => toggle(tag)}>
            {tag}
          </button>
        ))}
      </div>
      {allowTyping && (<div class="inline-field">
        <label for={inputId} class="small">
          Another word
        </label>
        <input
          id={inputId}
          type="text"
          value={typed}
          maxLength={64}
          autocomplete="off"
          onInput={(event) => setTyped(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter") {
              event.preventDefault();
              addTyped();
            }
          }}
        />
        <button type="button" class="button secondary small" onClick={addTyped} disabled={!tidy(typed)}>
          Add
        </button>
      </div>)}
    </fieldset>
  );
}
