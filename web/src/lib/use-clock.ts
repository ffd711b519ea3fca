// A clock for timers that reads the wall clock each tick, so a timer stays right when the
// browser slows a background tab down.
import { useEffect, useState } from "preact/hooks";

export function useNow(active: boolean, everyMilliseconds = 250): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), everyMilliseconds);
    return () => window.clearInterval(timer);
  }, [active, everyMilliseconds]);
  return now;
}
