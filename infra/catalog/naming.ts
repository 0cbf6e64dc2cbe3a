import type { WorkflowName } from '#catalog/types.ts';

/** Names shared by the CDK app and the local runtime, so both resolve the same placeholders and variables. */
export const APP_PREFIX = 'partnerflow';
export const LOCAL_REGION = 'us-east-1';
export const LOCAL_ACCOUNT = '000000000000';

const pascal = (kebab: string) =>
  kebab
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');

export const functionName = (functionId: string) => `${APP_PREFIX}-${functionId}`;
export const stateMachineName = (workflow: WorkflowName) => `${APP_PREFIX}-${workflow}`;

/** `${ReserveCreatorHandleFunctionArn}` in an ASL file. */
export const functionArnPlaceholder = (functionId: string) => `${pascal(functionId)}FunctionArn`;
/** `${CreatorOnboardingStateMachineArn}` in an ASL file (for workflows that start or stop others). */
export const stateMachineArnPlaceholder = (workflow: WorkflowName) => `${pascal(workflow)}StateMachineArn`;
/** The environment variable a function reads a workflow's ARN from, e.g. `CREATOR_ONBOARDING_STATE_MACHINE_ARN`. */
export const stateMachineArnVariable = (workflow: WorkflowName) =>
  `${workflow.toUpperCase().replace(/-/g, '_')}_STATE_MACHINE_ARN`;

export const localFunctionArn = (functionId: string) =>
  `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${functionName(functionId)}`;
export const localStateMachineArn = (workflow: WorkflowName) =>
  `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${stateMachineName(workflow)}`;
