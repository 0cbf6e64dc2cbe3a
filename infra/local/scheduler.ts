import { type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { Cron } from 'croner';
import { localStateMachineArn } from '#catalog/naming.ts';
import type { ScheduleSpec } from '#catalog/types.ts';

/** EventBridge numbers days 1–7 from Sunday; croner numbers them 0–6 from Sunday. */
const DAY_NAMES = new Set(['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT']);

function croneDay(value: string, expression: string): string {
  if (DAY_NAMES.has(value.toUpperCase())) return value.toUpperCase();
  const day = Number(value);
  if (!/^\d+$/.test(value) || day < 1 || day > 7) {
    throw new Error(`Cron '${expression}': day-of-week '${value}' must be 1-7 or SUN-SAT`);
  }
  return String(day - 1);
}

function croneDayOfWeek(field: string, expression: string): string {
  if (field === '?' || field === '*') return '*';
  return field
    .split(',')
    .map((item) => {
      const nth = /^(\w+)#([1-5])$/.exec(item);
      if (nth?.[1] !== undefined) return `${croneDay(nth[1], expression)}#${nth[2]}`;
      const last = /^(\w+)L$/i.exec(item);
      if (last?.[1] !== undefined) return `${croneDay(last[1], expression)}#L`;
      const step = /^(\*|\w+)(?:-(\w+))?(?:\/(\d+))?$/.exec(item);
      if (step?.[1] === undefined)
        throw new Error(`Cron '${expression}': day-of-week '${item}' is not supported`);
      const from = step[1] === '*' ? '*' : croneDay(step[1], expression);
      const to = step[2] === undefined ? '' : `-${croneDay(step[2], expression)}`;
      return `${from}${to}${step[3] === undefined ? '' : `/${step[3]}`}`;
    })
    .join(',');
}

/**
 * Converts an EventBridge cron body (`minutes hours day-of-month month day-of-week year`, e.g. `0 8 ? * MON *`)
 * to croner's five fields: `?` becomes `*`, days of the week are renumbered, and the year is dropped (only `*`
 * is accepted, since croner has no year field). Throws, naming the expression, on what croner cannot express.
 */
export function toCronerPattern(expression: string): string {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 6) {
    throw new Error(
      `Cron '${expression}' must have 6 fields: minutes hours day-of-month month day-of-week year`,
    );
  }
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (year !== '*')
    throw new Error(`Cron '${expression}': the local scheduler supports only '*' as the year`);
  if (/W/i.test(dayOfMonth))
    throw new Error(`Cron '${expression}': 'W' (nearest weekday) is not supported locally`);
  if (dayOfMonth !== '?' && dayOfWeek !== '?') {
    throw new Error(
      `Cron '${expression}': one of day-of-month and day-of-week must be '?', as EventBridge requires`,
    );
  }
  const day = dayOfMonth === '?' ? '*' : dayOfMonth;
  return [minutes, hours, day, month, croneDayOfWeek(dayOfWeek, expression)].join(' ');
}

/** The first run strictly after `after`, in the schedule's time zone (DST included); null if there is none. */
export function nextScheduledRun(
  schedule: Pick<ScheduleSpec, 'cron' | 'timezone'>,
  after: Date,
): Date | null {
  return new Cron(toCronerPattern(schedule.cron), { timezone: schedule.timezone, paused: true }).nextRun(
    after,
  );
}

/** The execution input a schedule sends: its declared input plus the time it was due, like `<aws.scheduler.scheduled-time>`. */
export function scheduledInput(schedule: ScheduleSpec, at: Date): Record<string, unknown> {
  return { ...schedule.target.input, scheduledTime: at.toISOString() };
}

export interface SchedulerOptions {
  readonly schedules: readonly ScheduleSpec[];
  /** Starts executions; pointed at the local Step Functions service. */
  readonly client: SFNClient;
  /** False keeps the timers off (tests); `triggerSchedule` still works. */
  readonly armed: boolean;
  readonly log: (line: string) => void;
}

export interface LocalScheduler {
  readonly armed: boolean;
  readonly closed: boolean;
  readonly scheduleIds: readonly string[];
  /** Starts the schedule's workflow now, as if it had fired at `at`; resolves with the execution ARN. */
  triggerSchedule(id: string, at: Date): Promise<string>;
  /** When the schedule fires next after `after` (default now). */
  nextRun(id: string, after?: Date): Date | null;
  close(): void;
}

/** Runs the catalog's schedules as croner timers, each starting its workflow through the Step Functions API. */
export function startScheduler(options: SchedulerOptions): LocalScheduler {
  const byId = new Map(options.schedules.map((schedule) => [schedule.id, schedule]));
  const jobs: Cron[] = [];
  let closed = false;

  const triggerSchedule = async (id: string, at: Date): Promise<string> => {
    const schedule = byId.get(id);
    if (schedule === undefined) throw new Error(`No schedule '${id}' in the catalog`);
    const { executionArn } = await options.client.send(
      new StartExecutionCommand({
        stateMachineArn: localStateMachineArn(schedule.target.workflow),
        input: JSON.stringify(scheduledInput(schedule, at)),
      }),
    );
    if (executionArn === undefined)
      throw new Error(`StartExecution for schedule '${id}' returned no execution ARN`);
    return executionArn;
  };

  for (const schedule of options.schedules) {
    let pattern: string;
    try {
      pattern = toCronerPattern(schedule.cron);
      // Computing a run also checks the time zone, so a bad schedule fails at start, not at its first tick.
      nextScheduledRun(schedule, new Date());
    } catch (error) {
      throw new Error(`Schedule '${schedule.id}': ${(error as Error).message}`);
    }
    if (!options.armed) continue;
    const job = new Cron(pattern, { timezone: schedule.timezone }, async () => {
      // croner fires at (or just after) a whole minute of a five-field pattern: that minute is the due time.
      const due = new Date(Math.floor(Date.now() / 60_000) * 60_000);
      try {
        const executionArn = await triggerSchedule(schedule.id, due);
        options.log(`Schedule ${schedule.id} started ${executionArn}`);
      } catch (error) {
        options.log(`Schedule ${schedule.id} could not start its workflow: ${(error as Error).message}`);
      }
    });
    jobs.push(job);
  }

  return {
    armed: options.armed,
    get closed() {
      return closed;
    },
    scheduleIds: [...byId.keys()],
    triggerSchedule,
    nextRun: (id, after = new Date()) => {
      const schedule = byId.get(id);
      if (schedule === undefined) throw new Error(`No schedule '${id}' in the catalog`);
      return nextScheduledRun(schedule, after);
    },
    close: () => {
      closed = true;
      for (const job of jobs) job.stop();
    },
  };
}
