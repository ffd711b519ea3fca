// Minutes and seconds left, shown large; a polite announcement each minute, not each second.
import { formatMinutesSeconds } from "../../lib/time";

interface CountdownTimerProps {
  label: string;
  secondsLeft: number;
}

export function CountdownTimer({ label, secondsLeft }: CountdownTimerProps) {
  const wholeMinutesLeft = Math.ceil(secondsLeft / 60);
  return (
    <div class="countdown">
      <p class="countdown-label">{label}</p>
      <p class="countdown-time" role="timer" aria-live="off">
        {formatMinutesSeconds(secondsLeft)}
      </p>
      <p class="visually-hidden" aria-live="polite">
        {secondsLeft > 0 ? `About ${wholeMinutesLeft} minute${wholeMinutesLeft === 1 ? "" : "s"} left.` : "Time is up."}
      </p>
    </div>
  );
}
