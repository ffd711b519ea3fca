// Whether the browser believes it is online (it can be wrong; a failed request says more).
import { observable } from "./observable";

export const online = observable<boolean>(navigator.onLine);
window.addEventListener("online", () => online.set(true));
window.addEventListener("offline", () => online.set(false));
