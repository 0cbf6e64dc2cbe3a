import { logger } from '#lib/observability.ts';
import { type TaskContext, taskHandler } from '#lib/workflows/task-handler.ts';

/**
 * One Lambda for several workflow steps (the stack's resource count is near CloudFormation's limit): the state
 * names its step in `args.step`, and the step runs with its own name on every log line. Each step function
 * declares the input its state passes; the ASL file is what guarantees the match.
 */
export type Step = (input: never, context: TaskContext) => Promise<unknown>;

export function stepsHandler(name: string, steps: Readonly<Record<string, Step>>) {
  return taskHandler(name, async (input: unknown, context: TaskContext) => {
    const stepName = context.args.step ?? '';
    const step = Object.hasOwn(steps, stepName) ? steps[stepName] : undefined;
    if (step === undefined) throw new Error(`${name} has no step '${stepName}'`);
    logger.appendKeys({ step: stepName });
    return step(input as never, context);
  });
}
