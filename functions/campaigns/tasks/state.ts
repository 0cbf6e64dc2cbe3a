/**
 * The campaign launch workflow's state, as workflows/campaign-launch.asl.json passes it between steps. Only ids,
 * times and counts: the campaign itself is read from its record by each step (it may change while the launch
 * waits: a pause, a cancellation).
 */

/** A launch, started by POST /v1/campaigns as `<campaignId>-launch`. */
export interface LaunchInput {
  readonly mode: 'launch';
  readonly campaignId: string;
  /** Top level: GET /v1/executions/{id} shows an execution to its partner only. */
  readonly partnerId: string;
  readonly sellerId: string;
  readonly requestedAt: string;
  readonly requestId: string;
}

/** A cancellation, started by POST /v1/campaigns/{id}/cancel as `<campaignId>-cancel-launch`: compensation only. */
export interface CancelInput {
  readonly mode: 'cancel';
  readonly campaignId: string;
  readonly partnerId: string;
  readonly sellerId: string;
  readonly requestedAt: string;
  readonly actor: string;
}

export type CampaignWorkflowInput = LaunchInput | CancelInput;

/** `$.launch`: what the Map and the waits need. */
export interface LaunchPlan {
  readonly startAt: string;
  readonly endAt: string;
  /** Every creator of the campaign: one Map iteration (and one invitation record) each. */
  readonly creatorIds: readonly string[];
}

/** `$.collaboration`: the target collaboration TikTok created. */
export interface CollaborationCreated {
  readonly collaborationId: string;
  /** Creators in the collaboration (not in conflict, still ACTIVE when it was created). */
  readonly included: number;
  readonly conflicts: number;
}

/** One Map iteration's input. */
export interface InvitationItem {
  readonly campaignId: string;
  readonly partnerId: string;
  readonly creatorId: string;
  /** Set by the Map's Catch: why the invitation step failed for good. */
  readonly failure?: StepFailure;
}

export interface InvitationOutcome {
  readonly creatorId: string;
  readonly status: 'INVITED' | 'HELD' | 'FAILED' | 'WITHDRAWN';
}

/** `$.invitations`. */
export interface InvitationSummary {
  readonly invited: number;
  readonly held: number;
  readonly failed: number;
  /** Invited or held: creators the campaign reaches (0 compensates). */
  readonly reachable: number;
}

/** `$.activation`. */
export interface ActivationOutcome {
  readonly paused: boolean;
  /** How long a paused campaign may wait to resume: until its end (at least 1, as TimeoutSecondsPath needs). */
  readonly secondsUntilEnd: number;
}

/** What a Catch puts in `$.failure`. */
export interface StepFailure {
  readonly Error?: string;
  readonly Cause?: string;
}

/** The state a compensation or closing step reads. */
export interface CompensationState {
  readonly mode: 'launch' | 'cancel';
  readonly campaignId: string;
  readonly partnerId: string;
  readonly failure?: StepFailure;
}

/** `$.closure`. */
export interface ClosureOutcome {
  readonly status: 'CANCELLED' | 'FAILED';
  readonly code: string;
}
