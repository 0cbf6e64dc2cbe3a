import type { WorkflowName } from '#catalog/types.ts';

/** A request the load made that the API accepted (202). */
export interface AcceptedStart {
  readonly index: number;
  readonly executionId: string;
  /** The business entity the start created (the creator, the seller, ...). */
  readonly entityId: string;
}

export interface VerifyContext {
  readonly apiUrl: string;
  readonly key: string;
  readonly sesUrl: string;
  readonly runId: string;
  readonly accepted: readonly AcceptedStart[];
}

export interface Verification {
  /** Extra copies found, by kind (`creators`, `welcome emails`): each should be 0. */
  readonly duplicates: Readonly<Record<string, number>>;
  /** Entities by final status (`creators ACTIVE`). */
  readonly outcomes: Readonly<Record<string, number>>;
  /** Accepted starts whose entity cannot be found: lost data. */
  readonly missingEntityIds: readonly string[];
  /** Entities of this run no accepted answer names: work started whose answer the client never got. */
  readonly unanswered: number;
}

/**
 * One workflow the load test can drive: how to make its n-th request, what an accepted answer names, and how
 * to find duplicates of what it creates. Add a workflow = a module like creator-onboarding.ts + one line in
 * workflows/index.ts.
 */
export interface LoadWorkflow {
  readonly name: WorkflowName;
  request(index: number, runId: string): { readonly path: string; readonly body: unknown };
  accepted(index: number, answer: unknown): AcceptedStart | undefined;
  verify(context: VerifyContext): Promise<Verification>;
}
