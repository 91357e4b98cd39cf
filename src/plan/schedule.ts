// Working hours of a non-production environment, as Application Auto Scaling reads them (cron in a
// time zone) and as the estimate and the docs count them (hours a week). One plan, so the Terraform
// that scales the services and the estimate that prices them cannot disagree.
import { minutesOf, WEEKDAYS } from "../config/schema.js";

type Weekday = (typeof WEEKDAYS)[number];

export interface ScheduleInput {
  timezone: string;
  days: readonly Weekday[];
  start: string;
  stop: string;
}

export interface SchedulePlan {
  timezone: string;
  /** Application Auto Scaling cron expressions: minutes, hours, day of month, month, day of week, year. */
  startCron: string;
  stopCron: string;
  /** Hours a week the services run. */
  hoursPerWeek: number;
  /** "MON-FRI 08:00-20:00 UTC", for the docs and the estimate. */
  description: string;
  /** "MON-FRI at 20:00 UTC": when the services scale to zero, which also ends a start out of hours. */
  stops: string;
}

export const HOURS_PER_WEEK = 168;

export function planSchedule(schedule: ScheduleInput): SchedulePlan {
  const days = dayField(schedule.days);
  const cron = (time: string) => {
    const [hours, minutes] = time.split(":").map(Number);
    // docs.aws.amazon.com/autoscaling/application/userguide/scheduled-scaling-using-cron-expressions.html
    return `cron(${minutes} ${hours} ? * ${days} *)`;
  };
  const uniqueDays = new Set(schedule.days).size;
  return {
    timezone: schedule.timezone,
    startCron: cron(schedule.start),
    stopCron: cron(schedule.stop),
    hoursPerWeek: (uniqueDays * Math.max(0, minutesOf(schedule.stop) - minutesOf(schedule.start))) / 60,
    description: `${dayText(days)} ${schedule.start}-${schedule.stop} ${schedule.timezone}`,
    stops: `${dayText(days)} at ${schedule.stop} ${schedule.timezone}`,
  };
}

const dayText = (days: string) => (days === "*" ? "every day" : days);

/**
 * The day-of-week field: runs of consecutive days as ranges ("MON-FRI"), the rest listed ("MON,WED").
 * Cron counts the week from SUN (1) to SAT (7), so a range never ends at SUN ("SAT,SUN"); every day is "*".
 */
function dayField(days: readonly Weekday[]): string {
  const indexes = [...new Set(days.map((d) => WEEKDAYS.indexOf(d)))].sort((a, b) => a - b);
  if (indexes.length === WEEKDAYS.length) return "*";
  const sunday = WEEKDAYS.indexOf("SUN");
  const runs: number[][] = [];
  for (const i of indexes) {
    const run = runs.at(-1);
    if (run && run.at(-1) === i - 1 && i !== sunday) run.push(i);
    else runs.push([i]);
  }
  return runs
    .map((run) => (run.length > 1 ? `${WEEKDAYS[run[0]!]}-${WEEKDAYS[run.at(-1)!]}` : WEEKDAYS[run[0]!]))
    .join(",");
}
