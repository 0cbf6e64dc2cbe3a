/**
 * Helpers for the reliability tests (test/integration/reliability/): read an ASL definition to know where a
 * state's errors go, and read an execution's history to see which errors each state met and what came next.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { functions } from '#catalog/index.ts';
import { functionArnPlaceholder } from '#catalog/naming.ts';
import type { WorkflowName } from '#catalog/types.ts';

type Json = Readonly<Record<string, unknown>>;
const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export interface Definition {
  readonly states: Readonly<Record<string, Json>>;
}

/** A workflow's ASL file (top-level states). */
export function definitionOf(workflow: WorkflowName): Definition {
  const text = readFileSync(resolve(import.meta.dirname, `../../workflows/${workflow}.asl.json`), 'utf8');
  const parsed: unknown = JSON.parse(text);
  const states = isRecord(parsed) && isRecord(parsed.States) ? parsed.States : {};
  return {
    states: Object.fromEntries(
      Object.entries(states).filter((entry): entry is [string, Json] => isRecord(entry[1])),
    ),
  };
}

/** The catalog function a Task state invokes (plain ARN placeholder or `lambda:invoke` FunctionName). */
export function functionOfState(definition: Definition, stateName: string): string {
  const state = definition.states[stateName];
  const parameters = isRecord(state?.Parameters) ? state.Parameters : {};
  const reference = [state?.Resource, parameters.FunctionName].find(
    (value): value is string => typeof value === 'string' && value.endsWith('FunctionArn}'),
  );
  const spec = functions.find((candidate) => reference === `\${${functionArnPlaceholder(candidate.id)}}`);
  if (spec === undefined) throw new Error(`${stateName} invokes no catalog function`);
  return spec.id;
}

/** Where an error raised by a state goes: its first matching catcher (Next and ResultPath), if any. */
export function catcherOf(
  definition: Definition,
  stateName: string,
  error: string,
): { readonly next: string; readonly resultPath: string | undefined } | undefined {
  const catchers = definition.states[stateName]?.Catch;
  if (!Array.isArray(catchers)) return undefined;
  for (const catcher of catchers) {
    if (!isRecord(catcher) || typeof catcher.Next !== 'string') continue;
    const names = Array.isArray(catcher.ErrorEquals) ? catcher.ErrorEquals : [];
    if (names.includes(error) || names.includes('States.ALL')) {
      return {
        next: catcher.Next,
        resultPath: typeof catcher.ResultPath === 'string' ? catcher.ResultPath : undefined,
      };
    }
  }
  return undefined;
}

const FAILURE_EVENTS = new Set([
  'LambdaFunctionFailed',
  'TaskFailed',
  'LambdaFunctionTimedOut',
  'TaskTimedOut',
]);

function failureOf(event: HistoryEvent): string | undefined {
  const details =
    event.lambdaFunctionFailedEventDetails ??
    event.taskFailedEventDetails ??
    event.lambdaFunctionTimedOutEventDetails ??
    event.taskTimedOutEventDetails;
  return details?.error;
}

export interface StateVisit {
  readonly state: string;
  /** The state's input when it was entered. */
  readonly input: unknown;
  /** Every failed attempt of its task, in order (a retry adds one per failure). */
  readonly failures: string[];
}

/** The states an execution entered, in order, each with the errors its attempts failed with. */
export function visitsOf(history: readonly HistoryEvent[]): StateVisit[] {
  const visits: StateVisit[] = [];
  for (const event of history) {
    const entered = event.stateEnteredEventDetails;
    if (event.type?.endsWith('StateEntered') && entered?.name !== undefined) {
      visits.push({ state: entered.name, input: JSON.parse(entered.input ?? 'null'), failures: [] });
      continue;
    }
    if (event.type !== undefined && FAILURE_EVENTS.has(event.type)) {
      visits.at(-1)?.failures.push(failureOf(event) ?? 'unknown');
    }
  }
  return visits;
}

/** Reads `$.a.b` from a JSON value. */
export function readJsonPath(value: unknown, path: string): unknown {
  let current = value;
  for (const segment of path
    .replace(/^\$\.?/, '')
    .split('.')
    .filter((part) => part !== '')) {
    current = isRecord(current) ? current[segment] : undefined;
  }
  return current;
}
