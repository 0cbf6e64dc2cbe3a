/** Execution names and ARNs as Step Functions forms and checks them. */

export const EXECUTION_NAME_MAX_LENGTH = 80;

// Whitespace, brackets, wildcards and the listed special characters.
const FORBIDDEN_NAME_CHARACTERS = /[\s<>{}[\]?*"#%\\^|~`$&,;:/]/u;

/** Control characters (C0, DEL, C1), U+FFFE/U+FFFF and lone surrogates. */
function isForbiddenCodePoint(codePoint: number): boolean {
  return (
    codePoint <= 0x1f ||
    (codePoint >= 0x7f && codePoint <= 0x9f) ||
    codePoint === 0xfffe ||
    codePoint === 0xffff ||
    (codePoint >= 0xd800 && codePoint <= 0xdfff)
  );
}

export type NameProblem = 'length' | 'characters';

/** Why a name cannot name an execution (AWS answers ValidationException for length, InvalidName otherwise). */
export function executionNameProblem(name: string): NameProblem | undefined {
  const characters = [...name];
  if (characters.length < 1 || characters.length > EXECUTION_NAME_MAX_LENGTH) return 'length';
  if (FORBIDDEN_NAME_CHARACTERS.test(name)) return 'characters';
  if (characters.some((character) => isForbiddenCodePoint(character.codePointAt(0) ?? 0)))
    return 'characters';
  return undefined;
}

const STATE_MACHINE_ARN = /^arn:[\w-]+:states:([\w-]+):(\d{12}):stateMachine:([^:]+)$/;
const EXECUTION_ARN = /^arn:[\w-]+:states:[\w-]+:\d{12}:execution:([^:]+):(.+)$/;

export function isStateMachineArn(arn: string): boolean {
  return STATE_MACHINE_ARN.test(arn);
}

export function isExecutionArn(arn: string): boolean {
  return EXECUTION_ARN.test(arn);
}

/** `arn:aws:states:r:a:stateMachine:m` + `n` → `arn:aws:states:r:a:execution:m:n`. */
export function executionArnFor(stateMachineArn: string, executionName: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName}`;
}

/** The region an ARN names, e.g. for TaskScheduled's `region`. */
export function regionOf(arn: string): string {
  return arn.split(':')[3] ?? '';
}

/** The role a local machine pretends to run as (`$$.Execution.RoleArn`, DescribeStateMachine's roleArn). */
export function localRoleArnFor(stateMachineArn: string, stateMachineName: string): string {
  const account = stateMachineArn.split(':')[4] ?? '000000000000';
  return `arn:aws:iam::${account}:role/${stateMachineName}-role`;
}
