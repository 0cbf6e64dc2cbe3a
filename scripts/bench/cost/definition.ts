import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

const REPO_ROOT = resolve(import.meta.dirname, '../../..');

/**
 * What a state is, for pricing it as one Lambda per step: a Task that runs a Lambda (`lambda`), waits on a task
 * token (`callback`), or calls another service directly (`direct`); a Choice or Pass that only routes or shapes
 * data (`routing`); a Wait (`timer`); a Map or Parallel; or an end (Succeed, Fail).
 */
export type StepKind = 'lambda' | 'callback' | 'direct' | 'routing' | 'timer' | 'map' | 'parallel' | 'end';

export interface StepFacts {
  readonly kind: StepKind;
  /** The Task's resource (a direct integration's service action, e.g. `states:startExecution`). */
  readonly resource?: string;
}

interface StateJson {
  readonly Type: string;
  readonly Resource?: string;
  readonly ItemProcessor?: { readonly States: Record<string, StateJson> };
  readonly Iterator?: { readonly States: Record<string, StateJson> };
  readonly Branches?: readonly { readonly States: Record<string, StateJson> }[];
}

function kindOf(state: StateJson): StepKind {
  switch (state.Type) {
    case 'Task': {
      const resource = state.Resource ?? '';
      if (resource.endsWith('.waitForTaskToken')) return 'callback';
      if (resource.startsWith('${') || resource.startsWith('arn:aws:states:::lambda:')) return 'lambda';
      return 'direct';
    }
    case 'Choice':
    case 'Pass':
      return 'routing';
    case 'Wait':
      return 'timer';
    case 'Map':
      return 'map';
    case 'Parallel':
      return 'parallel';
    default:
      return 'end';
  }
}

function collect(states: Record<string, StateJson>, into: Map<string, StepFacts>): void {
  for (const [name, state] of Object.entries(states)) {
    const kind = kindOf(state);
    into.set(name, {
      kind,
      ...(kind === 'direct' && state.Resource !== undefined
        ? { resource: state.Resource.replace('arn:aws:states:::', '') }
        : {}),
    });
    const processor = state.ItemProcessor ?? state.Iterator;
    if (processor !== undefined) collect(processor.States, into);
    for (const branch of state.Branches ?? []) collect(branch.States, into);
  }
}

/** Every state of a workflow definition by name, nested Map and Parallel states included. */
export async function stepsOf(definitionFile: string): Promise<Map<string, StepFacts>> {
  const definition = JSON.parse(await readFile(resolve(REPO_ROOT, definitionFile), 'utf8')) as {
    States: Record<string, StateJson>;
  };
  const steps = new Map<string, StepFacts>();
  collect(definition.States, steps);
  return steps;
}
