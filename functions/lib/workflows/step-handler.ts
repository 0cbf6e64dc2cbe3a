import type { Context } from 'aws-lambda';
import { type TaskContext, type TaskEvent, taskHandler } from '#lib/workflows/task-handler.ts';

/** Any step: each declares its own input type (a function of a narrower input is assignable to `never`). */
type StepFunction = (input: never, context: TaskContext) => Promise<unknown>;

/** A state passed a step this function does not have: a definition error, which no retry can fix. */
export class UnknownStepError extends Error {
  override readonly name = 'PartnerFlow.UnknownStep';
}

/**
 * One Lambda for several steps of a workflow (fewer functions to deploy, one cold start for related steps): the
 * state names its step in `args.step` (`"args": {"step": "RecordViolation"}`), and each step runs wrapped by
 * taskHandler under its own name, so logs and errors read exactly as if each had its own function.
 */
export function stepHandler(steps: Readonly<Record<string, StepFunction>>) {
  const handlers = new Map(Object.entries(steps).map(([step, run]) => [step, taskHandler(step, run)]));
  return async (event: TaskEvent<unknown>, lambda: Context): Promise<unknown> => {
    const step = event.args?.step;
    const handler = step === undefined ? undefined : handlers.get(step);
    if (handler === undefined) {
      throw new UnknownStepError(
        `No step '${String(step)}' here (known: ${[...handlers.keys()].join(', ')})`,
      );
    }
    // The state's input is the step's own input: the definition pairs each step with its state.
    return handler(event as TaskEvent<never>, lambda);
  };
}
