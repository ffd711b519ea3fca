// A page whose code is loaded only when it is opened (Progress with its charts, Questionnaires, Goals).
import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";

export function lazyPage(load: () => Promise<{ default: ComponentType }>): ComponentType {
  let loaded: ComponentType | null = null;
  return function LazyPage() {
    const [Page, setPage] = useState<ComponentType | null>(() => loaded);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (Page) return;
      load()
        .then((module) => {
          loaded = module.default;
          setPage(() => module.default);
          // The shell moved focus to main while the code loaded; the page's heading is where it belongs.
          window.requestAnimationFrame(() => {
            if (document.activeElement?.id === "main") document.querySelector<HTMLElement>("main h1")?.focus();
          });
        })
        .catch(() => setFailed(true));
    }, []);
    if (Page) return <Page />;
    if (failed)
      return (
        <p role="alert" class="notice">
          This page could not be loaded. Check your connection and try again.
        </p>
      );
    return (
      <p role="status" class="quiet">
        Loading…
      </p>
    );
  };
}
