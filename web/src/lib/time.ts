// Times as the API writes them: RFC 3339 with this device's offset at that instant, and local
// calendar days (YYYY-MM-DD). The zone sent with each record is the device's own zone.

function twoDigits(value: number): string {
  return String(value).padStart(2, "0");
}

export function deviceTimeZone(fallback = "UTC"): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || fallback;
  } catch {
    return fallback;
  }
}

export function localDate(date: Date = new Date()): string {
  return `${date.getFullYear()}-${twoDigits(date.getMonth() + 1)}-${twoDigits(date.getDate())}`;
}

export function toRfc3339(date: Date = new Date()): string {
  const offsetMinutes = -date.getTimezoneOffset();
  const sign = offsetMinutes >= 0 ? "+" : "-";
  const absolute = Math.abs(offsetMinutes);
  const milliseconds = date.getMilliseconds();
  return (
    `${localDate(date)}T${twoDigits(date.getHours())}:${twoDigits(date.getMinutes())}:${twoDigits(date.getSeconds())}` +
    (milliseconds ? "." + String(milliseconds).padStart(3, "0") : "") +
    `${sign}${twoDigits(Math.floor(absolute / 60))}:${twoDigits(absolute % 60)}`
  );
}

/** The value an <input type="datetime-local"> shows for a moment, in this device's zone. */
export function toDateTimeLocalValue(date: Date): string {
  return `${localDate(date)}T${twoDigits(date.getHours())}:${twoDigits(date.getMinutes())}`;
}

export function fromDateTimeLocalValue(value: string): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function startOfLocalDay(date: Date = new Date()): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate());
}

export function addDays(date: Date, days: number): Date {
  const copy = new Date(date);
  copy.setDate(copy.getDate() + days);
  return copy;
}

/** The local day of an RFC 3339 time as written (its own offset), which is the record's own day. */
export function dayOfRecordTime(time: string): string {
  return time.slice(0, 10);
}

export function clockTime(time: string): string {
  return time.slice(11, 16);
}

const dayFormatter = new Intl.DateTimeFormat(undefined, { weekday: "long", day: "numeric", month: "long" });

export function describeDay(isoDate: string): string {
  const [year, month, day] = isoDate.split("-").map(Number);
  const date = new Date(year, month - 1, day);
  const today = localDate();
  if (isoDate === today) return "Today";
  if (isoDate === localDate(addDays(new Date(), -1))) return "Yesterday";
  return dayFormatter.format(date);
}

export function formatMinutesSeconds(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  return `${Math.floor(seconds / 60)}:${twoDigits(seconds % 60)}`;
}
