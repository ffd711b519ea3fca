// "My reasons", coping steps and people, from the latest plan version and the person's values.
import { useObservable } from "../../lib/observable";
import { pauseKit } from "../../lib/pause-kit";
import { Link } from "../../lib/router";
import { PeopleList } from "../../components/CrisisResources";

export function PauseSupport() {
  const kit = useObservable(pauseKit);
  const reasons = kit ? [...kit.reasons, ...kit.values.map((value) => (value.description ? `${value.name}: ${value.description}` : value.name))] : [];
  return (
    <div class="pause-support">
      <details class="card">
        <summary>
          <h2 class="summary-heading">My reasons</h2>
        </summary>
        {reasons.length ? (
          <ul>
            {reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        ) : (
          <p>
            Your reasons and values will show here. <Link href="/values">Write down what matters to you</Link>.
          </p>
        )}
      </details>
      <details class="card">
        <summary>
          <h2 class="summary-heading">Coping steps</h2>
        </summary>
        {kit?.copingSteps.length ? (
          <ol>
            {kit.copingSteps.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
        ) : (
          <p>
            Steps from your plan will show here. <Link href="/plan">Add them to your plan</Link>.
          </p>
        )}
      </details>
      <details class="card">
        <summary>
          <h2 class="summary-heading">People I can contact</h2>
        </summary>
        {kit?.people.length ? <PeopleList people={kit.people} /> : <p>People from your plan will show here.</p>}
      </details>
    </div>
  );
}
