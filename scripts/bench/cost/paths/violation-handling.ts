import { DEFAULT_VIOLATION_POLICY } from '#functions/violations/domain/policy.ts';
import { benchTime, DAY_SECONDS } from '#scripts/bench/cost/paths/fixtures.ts';
import type { PathContext, PathWait, WorkflowPath } from '#scripts/bench/cost/paths/types.ts';
import {
  decide,
  pendingReviewOf,
  reachState,
  report,
  seedCreator,
  violationReviewId,
} from '#test/support/violations.ts';

const WORKFLOW = 'violation-handling';
const DECIDED = ['RecordViolation', 'IsDuplicateReport', 'CountStrikes', 'DecideAction', 'RouteBySeverity'];
const REVIEWED = ['RequestViolationReview', 'ReviewOutcome'];
const ENFORCED = ['ConfirmViolation', 'EnforceAction', 'PauseSubjectCampaigns', 'AfterEnforcement'];
const INTERIM = ['EnforceAction', 'PauseSubjectCampaigns', 'AfterEnforcement', 'NotifyInterimSuspension'];
const NOTIFIED = ['NotifySubject', 'IsAppealable', 'AwaitAppealAndEnforcementEnd'];
/** The Parallel's appeal branch when nobody appeals: the window closes. */
const NO_APPEAL = ['OpenAppealWindow', 'CloseAppealWindow', 'AppealFiledAfterAll', 'NoAppeal'];
/** The Parallel's term branch of a warning or a ban: nothing ends. */
const NO_TERM = ['HasEnforcementEnd', 'NoEndToWaitFor'];
/** The Parallel's term branch of a restriction or a suspension: it ends by itself. */
const TERM_ENDS = [
  'HasEnforcementEnd',
  'WaitForEnforcementEnd',
  'EndEnforcement',
  'ResumeCampaignsAfterTermEnd',
  'NotifyEnforcementEnded',
];

const policy = DEFAULT_VIOLATION_POLICY;
const APPEAL_WINDOW: PathWait = {
  state: 'OpenAppealWindow',
  kind: 'person',
  seconds: policy.appealWindowDays * DAY_SECONDS,
  why: `nobody appeals within the ${policy.appealWindowDays}-day window`,
};
const MANAGER_REVIEW: PathWait = {
  state: 'RequestViolationReview',
  kind: 'person',
  seconds: 4 * 3600,
  why: 'a manager decides within 4 hours',
};
const termWait = (days: number, what: string): PathWait => ({
  state: 'WaitForEnforcementEnd',
  kind: 'timer',
  seconds: days * DAY_SECONDS,
  why: `the ${days}-day ${what} ends`,
});

/**
 * The appeal window closes unanswered and the restriction or suspension ends right away; the review SLA keeps
 * its (scaled) length, so the manager decides first.
 */
const VIOLATION_TIME = benchTime({
  waitMs: { WaitForEnforcementEnd: 0 },
  // Long enough for the window's own step to finish first, even on a busy machine.
  taskTimeoutMs: { OpenAppealWindow: 1_500 },
});

async function reportOn(context: PathContext, severity: 'low' | 'medium' | 'high' | 'critical') {
  const { creatorId } = await seedCreator(context.partnerId);
  await context.beginMeasurement();
  return report(context.runtime, context.partnerKey, {
    subject: { type: 'creator', id: creatorId },
    severity,
  });
}

/** Waits for the violation's review and lets a manager confirm it; answers the execution id. */
async function reportAndConfirm(context: PathContext, severity: 'high' | 'critical'): Promise<string> {
  const answer = await reportOn(context, severity);
  await reachState(context.runtime, answer.executionId, 'RequestViolationReview');
  const reviewId = await pendingReviewOf(
    context.runtime,
    context.managerKey,
    violationReviewId(answer.violationId),
  );
  const decided = await decide(context.runtime, context.managerKey, reviewId, 'approve');
  if (decided.status !== 200) throw new Error(`The review decision answered ${decided.status}`);
  return answer.executionId;
}

/** Violation handling (governance): one path per severity, each reported on a fresh ACTIVE creator. */
export const VIOLATION_HANDLING_PATHS: readonly WorkflowPath[] = [
  {
    workflow: WORKFLOW,
    name: 'low: warning',
    expectedStates: [...DECIDED, ...ENFORCED, ...NOTIFIED, ...NO_APPEAL, ...NO_TERM, 'ResolveViolation'],
    time: VIOLATION_TIME,
    waits: [APPEAL_WINDOW],
    run: async (context) => (await reportOn(context, 'low')).executionId,
  },
  {
    workflow: WORKFLOW,
    name: 'medium: restriction that ends by itself',
    expectedStates: [...DECIDED, ...ENFORCED, ...NOTIFIED, ...NO_APPEAL, ...TERM_ENDS, 'ResolveViolation'],
    time: VIOLATION_TIME,
    waits: [APPEAL_WINDOW, termWait(policy.restrictionDays, 'restriction')],
    run: async (context) => (await reportOn(context, 'medium')).executionId,
  },
  {
    workflow: WORKFLOW,
    name: 'high: manager confirms, suspension ends by itself',
    expectedStates: [
      ...DECIDED,
      ...REVIEWED,
      ...ENFORCED,
      ...NOTIFIED,
      ...NO_APPEAL,
      ...TERM_ENDS,
      'ResolveViolation',
    ],
    time: VIOLATION_TIME,
    waits: [MANAGER_REVIEW, APPEAL_WINDOW, termWait(policy.suspensionDays, 'suspension')],
    run: (context) => reportAndConfirm(context, 'high'),
  },
  {
    workflow: WORKFLOW,
    name: 'critical: interim suspension, manager confirms the ban',
    expectedStates: [
      ...DECIDED,
      ...INTERIM,
      ...REVIEWED,
      ...ENFORCED,
      ...NOTIFIED,
      ...NO_APPEAL,
      ...NO_TERM,
      'ResolveViolation',
    ],
    time: VIOLATION_TIME,
    waits: [MANAGER_REVIEW, APPEAL_WINDOW],
    run: (context) => reportAndConfirm(context, 'critical'),
  },
];

export const VIOLATION_HANDLING_NOTE =
  'No task only forwards a call: every step reads the violation (and the subject or its strike history), decides, and writes with a condition plus an audit item, and the notices render emails. The states that look thin are routing (Choice) and the empty campaign Maps of a subject with no campaigns, which cost one transition each and no Lambda.';
