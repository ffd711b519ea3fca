// A page's one h1. It takes focus when the page opens, so a screen reader hears where it landed.
import type { ComponentChildren } from "preact";

export function PageTitle({ children }: { children: ComponentChildren }) {
  return (
    <h1 tabIndex={-1} class="page-title">
      {children}
    </h1>
  );
}
