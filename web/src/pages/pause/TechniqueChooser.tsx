// The ways through a Pause, each with its length: urge surfing, paced breathing, grounding, a delay.
import { useState } from "preact/hooks";
import type { Technique } from "../../lib/types";
import { ChoiceGroup } from "../../components/ChoiceGroup";
import type { BreathingPattern } from "./BreathingExercise";

export interface Choice {
  technique: Technique;
  minutes: number;
  pattern?: BreathingPattern;
}

const minuteChoices = [5, 10, 15, 20].map((minutes) => ({ value: String(minutes), label: `${minutes} min` }));

export function TechniqueChooser({ onChoose }: { onChoose: (choice: Choice) => void }) {
  const [surfMinutes, setSurfMinutes] = useState("10");
  const [delayMinutes, setDelayMinutes] = useState("10");
  const [pattern, setPattern] = useState<BreathingPattern>("paced");
  return (
    <div class="technique-chooser">
      <h2 tabIndex={-1}>What would help right now?</h2>
      <section class="card technique" aria-labelledby="surf-title">
        <h3 id="surf-title">Urge surfing</h3>
        <p>Watch the urge rise and fall like a wave. Every minute you rate it, and the wave is drawn as you go.</p>
        <ChoiceGroup legend="How long?" compact choices={minuteChoices} value={surfMinutes} onChange={setSurfMinutes} />
        <button type="button" class="button primary" onClick={() => onChoose({ technique: "surf", minutes: Number(surfMinutes) })}>
          Start surfing
        </button>
      </section>
      <section class="card technique" aria-labelledby="breathe-title">
        <h3 id="breathe-title">Paced breathing</h3>
        <p>Slow your breath with a visual pacer for three minutes.</p>
        <ChoiceGroup<BreathingPattern>
          legend="Which rhythm?"
          compact
          choices={[
            { value: "paced", label: "Slow: in 4, out 6" },
            { value: "box", label: "Box: 4-4-4-4" },
          ]}
          value={pattern}
          onChange={setPattern}
        />
        <button type="button" class="button primary" onClick={() => onChoose({ technique: "breathe", minutes: 3, pattern })}>
          Start breathing
        </button>
      </section>
      <section class="card technique" aria-labelledby="ground-title">
        <h3 id="ground-title">Grounding 5-4-3-2-1</h3>
        <p>Come back to the room through your senses, one step at a time.</p>
        <button type="button" class="button primary" onClick={() => onChoose({ technique: "ground", minutes: 3 })}>
          Start grounding
        </button>
      </section>
      <section class="card technique" aria-labelledby="delay-title">
        <h3 id="delay-title">Delay timer</h3>
        <p>Put off any decision for a while. Urges change while you wait.</p>
        <ChoiceGroup legend="How long?" compact choices={minuteChoices} value={delayMinutes} onChange={setDelayMinutes} />
        <button type="button" class="button primary" onClick={() => onChoose({ technique: "delay", minutes: Number(delayMinutes) })}>
          Start the timer
        </button>
      </section>
    </div>
  );
}
