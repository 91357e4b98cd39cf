// EventBridge Scheduler's recurring expressions, read once: whether one is valid (with a message
// that says what to fix) and how often it fires, which the estimate prices. The syntax is the one
// docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html describes: cron with six
// fields (minutes hours day-of-month month day-of-week year, one of the day fields "?") or
// rate(value unit), singular unit for 1.

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const CRON = /^cron\(([^()]*)\)$/;
const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const WEEKDAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const DAYS_PER_MONTH = 365.25 / 12;
const WEEKS_PER_MONTH = DAYS_PER_MONTH / 7;

interface Field {
  name: string;
  min: number;
  max: number;
  names?: string[];
  /** Extra single tokens the field accepts besides numbers, ranges, lists and steps. */
  special: RegExp;
}

const FIELDS: Field[] = [
  { name: "minutes", min: 0, max: 59, special: /^$/ },
  { name: "hours", min: 0, max: 23, special: /^$/ },
  { name: "day-of-month", min: 1, max: 31, special: /^(\?|L|LW|\d{1,2}W)$/ },
  { name: "month", min: 1, max: 12, names: MONTHS, special: /^$/ },
  { name: "day-of-week", min: 1, max: 7, names: WEEKDAYS, special: /^(\?|L|[1-7A-Z]{1,3}L|[1-7A-Z]{1,3}#[1-5])$/ },
  { name: "year", min: 1970, max: 2199, special: /^$/ },
];

const HINT =
  'use "cron(minutes hours day-of-month month day-of-week year)" such as "cron(0 3 * * ? *)", or "rate(15 minutes)"';

/** Why EventBridge Scheduler would refuse `expression`, or null when it is a valid cron or rate expression. */
export function scheduleExpressionProblem(expression: string): string | null {
  const rate = RATE.exec(expression);
  if (rate) {
    const value = Number(rate[1]);
    if (value < 1) return `a rate must be at least 1; got ${expression}`;
    const plural = rate[2]!.endsWith("s");
    if ((value === 1) === plural)
      return `use "${value === 1 ? rate[2]!.replace(/s$/, "") : `${rate[2]}s`}" with ${value}: ${expression}`;
    return null;
  }
  const cron = CRON.exec(expression);
  if (!cron) return `must be a cron or rate expression; ${HINT}`;
  const parts = cron[1]!.trim().split(/\s+/);
  if (parts.length !== 6) return `a cron expression has 6 fields (the last is the year, e.g. "*"); got ${parts.length}`;
  for (const [i, field] of FIELDS.entries()) {
    if (!fieldIsValid(field, parts[i]!.toUpperCase()))
      return `"${parts[i]}" is not a valid ${field.name} field (${field.min}-${field.max}${field.names ? ` or ${field.names[0]}-${field.names.at(-1)}` : ""}, with , - * /)`;
  }
  if ((parts[2] === "?") === (parts[4] === "?"))
    return `set exactly one of day-of-month and day-of-week to "?"; got "${parts[2]}" and "${parts[4]}"`;
  return null;
}

function fieldIsValid(field: Field, text: string): boolean {
  if (field.special.test(text)) return true;
  return text.split(",").every((item) => itemValues(field, item) !== null);
}

/** The values one list item of a field stands for ("*", "5", "1-5", "*\/15", "MON-FRI"), or null. */
function itemValues(field: Field, item: string): number[] | null {
  const [range, stepText] = item.split("/");
  const step = stepText === undefined ? 1 : Number(stepText);
  if (!Number.isInteger(step) || step < 1 || item.split("/").length > 2) return null;
  let from = field.min;
  let to = field.max;
  if (range !== "*") {
    const ends = range!.split("-").map((v) => valueOf(field, v));
    if (ends.length > 2 || ends.some((v) => v === null)) return null;
    from = ends[0]!;
    to = ends.length === 2 ? ends[1]! : stepText === undefined ? from : field.max;
  }
  if (from < field.min || to > field.max || from > to) return null;
  const values: number[] = [];
  for (let v = from; v <= to; v += step) values.push(v);
  return values;
}

function valueOf(field: Field, text: string): number | null {
  const named = field.names?.indexOf(text) ?? -1;
  if (named >= 0) return named + 1;
  return /^\d+$/.test(text) ? Number(text) : null;
}

/** How many distinct values a valid field takes (a special token such as "L" or "2#1" counts once). */
function count(field: Field, text: string): number {
  if (text === "*" || text === "?") return field.max - field.min + 1;
  if (field.special.test(text)) return 1;
  return new Set(text.split(",").flatMap((item) => itemValues(field, item) ?? [])).size;
}

/** Runs a month of a valid expression, on average over a year. */
export function runsPerMonth(expression: string): number {
  const rate = RATE.exec(expression);
  if (rate) {
    const minutes = { minute: 1, hour: 60, day: 1440 }[rate[2]!.replace(/s$/, "") as "minute" | "hour" | "day"];
    return (DAYS_PER_MONTH * 1440) / (Number(rate[1]) * minutes);
  }
  const parts = CRON.exec(expression)![1]!.trim().toUpperCase().split(/\s+/);
  const [minutes, hours, , month] = FIELDS.map((f, i) => count(f, parts[i]!));
  return minutes! * hours! * daysPerMonth(parts[2]!, parts[4]!) * (month! / 12);
}

function daysPerMonth(dayOfMonth: string, dayOfWeek: string): number {
  if (dayOfMonth === "*" || dayOfWeek === "*") return DAYS_PER_MONTH;
  if (dayOfMonth !== "?") return count(FIELDS[2]!, dayOfMonth);
  // "6L" (the last Friday) and "2#1" (the first Monday) fire once a month.
  if (/[L#]/.test(dayOfWeek) && dayOfWeek !== "L") return 1;
  return count(FIELDS[4]!, dayOfWeek) * WEEKS_PER_MONTH;
}
