// History routing over plain paths ("/", "/pause", "/log?review=ID" ...); keel answers
// index.html for each of them.
import type { ComponentChildren, JSX } from "preact";
import { observable, useObservable } from "./observable";

export interface Location {
  path: string;
  query: URLSearchParams;
}

function readLocation(): Location {
  return { path: window.location.pathname || "/", query: new URLSearchParams(window.location.search) };
}

export const currentLocation = observable<Location>(readLocation());

window.addEventListener("popstate", () => currentLocation.set(readLocation()));

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const here = window.location.pathname + window.location.search;
  if (to !== here) {
    if (options.replace) window.history.replaceState(null, "", to);
    else window.history.pushState(null, "", to);
  }
  currentLocation.set(readLocation());
}

export function useLocation(): Location {
  return useObservable(currentLocation);
}

interface LinkProps extends Omit<JSX.HTMLAttributes<HTMLAnchorElement>, "href"> {
  href: string;
  children: ComponentChildren;
}

export function Link({ href, children, onClick, ...rest }: LinkProps) {
  const location = useLocation();
  const isCurrent = location.path === href;
  function follow(event: JSX.TargetedMouseEvent<HTMLAnchorElement>) {
    if (onClick) (onClick as (event: JSX.TargetedMouseEvent<HTMLAnchorElement>) => void)(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  }
  return (
    <a href={href} aria-current={isCurrent ? "page" : undefined} onClick={follow} {...rest}>
      {children}
    </a>
  );
}
