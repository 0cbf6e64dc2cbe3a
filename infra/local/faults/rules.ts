/**
 * What fault injection may do, and how a person writes it down. A rule names a service (and optionally one
 * operation of it), an effect (an error, added latency, or both) and how often it fires (the first N matching
 * calls, or each one with probability p). Rules are plain data: the same ones come from PARTNERFLOW_FAULTS,
 * a file, a test, or `PUT /local/faults`.
 */

/** The services the local runtime can make misbehave. `lambda` means an in-process function invocation. */
export const FAULT_SERVICES = ['dynamodb', 'ses', 'sfn', 'tiktok', 'lambda'] as const;
export type FaultService = (typeof FAULT_SERVICES)[number];

export interface FaultRule {
  readonly service: FaultService;
  /**
   * Which calls: an API operation for the AWS services (`PutItem`, `SendEmail`, `StartExecution`), a catalog
   * function id for `lambda` (`onboarding-send-welcome-email`), a path prefix for `tiktok`. Absent: every call.
   */
  readonly target?: string;
  /**
   * The failure: an error code the service's SDK knows (`ThrottlingException`, `InternalServerError`), for
   * `lambda` the error name Step Functions sees (`Lambda.ServiceException`, `PartnerFlow.Transient`), an HTTP
   * status (`503`), or `ECONNRESET` (the connection is dropped). Absent: latency only.
   */
  readonly error?: string;
  /** The HTTP status of the injected error; by default the one the service answers that error with. */
  readonly status?: number;
  /** Added before the call (and before any error); a slow dependency. */
  readonly latencyMs?: number;
  /** Fires on the first N matching calls only. */
  readonly times?: number;
  /** Fires on each matching call with this probability, 0 < p <= 1 (default 1). */
  readonly probability?: number;
  /**
   * `before` (default): the call never reaches the service. `after`: the service does the work and its answer
   * is replaced by the error (a time-out after the fact, the hardest case for idempotency).
   */
  readonly when?: 'before' | 'after';
}

/** A rule's problem, named by its position, so a bad setting fails the start with one clear line. */
export class FaultRuleError extends Error {
  override readonly name = 'FaultRuleError';
}

/** The transient error each service answers when it is overloaded: what `transient@p` injects. */
export const TRANSIENT_ERRORS: Readonly<Record<FaultService, string>> = {
  dynamodb: 'ProvisionedThroughputExceededException',
  ses: 'Throttling',
  sfn: 'ThrottlingException',
  tiktok: '429',
  lambda: 'Lambda.ServiceException',
};

/**
 * `transient@p`: every service fails with its transient error with probability p; Lambda faults hit the
 * workflow tasks given (an API function failing would only turn into a 502 the client retries anyway).
 */
export function transientFaults(probability: number, taskFunctionIds: readonly string[]): FaultRule[] {
  const services: FaultService[] = ['dynamodb', 'ses', 'sfn', 'tiktok'];
  return [
    ...services.map((service) => ({ service, error: TRANSIENT_ERRORS[service], probability })),
    ...taskFunctionIds.map((target) => ({
      service: 'lambda' as const,
      target,
      error: TRANSIENT_ERRORS.lambda,
      probability,
    })),
  ];
}

const isService = (value: string): value is FaultService =>
  (FAULT_SERVICES as readonly string[]).includes(value);

function checkRule(rule: FaultRule, where: string): FaultRule {
  if (!isService(rule.service)) {
    throw new FaultRuleError(`${where}: service must be one of ${FAULT_SERVICES.join(', ')}`);
  }
  if (rule.error === undefined && rule.latencyMs === undefined) {
    throw new FaultRuleError(`${where}: give an error, a latency, or both`);
  }
  if (rule.error !== undefined && !/^[A-Za-z0-9_.:-]{1,100}$/.test(rule.error)) {
    throw new FaultRuleError(`${where}: error must be a name like ThrottlingException or a status like 503`);
  }
  if (rule.latencyMs !== undefined && !(Number.isInteger(rule.latencyMs) && rule.latencyMs >= 0)) {
    throw new FaultRuleError(`${where}: latency must be a whole number of milliseconds`);
  }
  if (rule.times !== undefined && !(Number.isInteger(rule.times) && rule.times >= 1)) {
    throw new FaultRuleError(`${where}: times must be a whole number of at least 1`);
  }
  if (rule.probability !== undefined && !(rule.probability > 0 && rule.probability <= 1)) {
    throw new FaultRuleError(`${where}: probability must be more than 0 and at most 1`);
  }
  if (
    rule.status !== undefined &&
    !(Number.isInteger(rule.status) && rule.status >= 400 && rule.status <= 599)
  ) {
    throw new FaultRuleError(`${where}: status must be an HTTP error status (400-599)`);
  }
  if (rule.when !== undefined && rule.when !== 'before' && rule.when !== 'after') {
    throw new FaultRuleError(`${where}: when must be before or after`);
  }
  return rule;
}

const RULE_FIELDS = new Set([
  'service',
  'target',
  'error',
  'status',
  'latencyMs',
  'times',
  'probability',
  'when',
]);

/** Rules from JSON: an array of FaultRule objects (or one object). */
function rulesFromJson(value: unknown): FaultRule[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((entry, index) => {
    const where = `fault rule ${index + 1}`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw new FaultRuleError(`${where}: must be an object`);
    }
    const unknownField = Object.keys(entry).find((field) => !RULE_FIELDS.has(field));
    if (unknownField !== undefined) throw new FaultRuleError(`${where}: unknown field '${unknownField}'`);
    return checkRule(entry as FaultRule, where);
  });
}

// service[.target]:effect[@p|*n][/after]; effect = error, +<ms>ms, or error+<ms>ms.
const COMPACT_RULE =
  /^(?<service>[a-z0-9]+)(?:\.(?<target>[^:]+))?:(?<error>[A-Za-z0-9_.-]+?)?(?:\+(?<latency>\d+)ms)?(?:@(?<probability>[0-9.]+)|\*(?<times>\d+))?(?:\/(?<when>before|after))?$/;

/** One rule of the compact syntax, e.g. `dynamodb.PutItem:ThrottlingException@0.1`. */
function ruleFromCompact(text: string, where: string): FaultRule {
  const match = COMPACT_RULE.exec(text);
  const groups = match?.groups;
  if (groups === undefined || groups.service === undefined) {
    throw new FaultRuleError(
      `${where}: '${text}' is not service[.target]:effect[@probability|*times][/after], e.g. dynamodb:ThrottlingException@0.1`,
    );
  }
  return checkRule(
    {
      service: groups.service as FaultService,
      ...(groups.target === undefined ? {} : { target: groups.target }),
      ...(groups.error === undefined ? {} : { error: groups.error }),
      ...(groups.latency === undefined ? {} : { latencyMs: Number(groups.latency) }),
      ...(groups.probability === undefined ? {} : { probability: Number(groups.probability) }),
      ...(groups.times === undefined ? {} : { times: Number(groups.times) }),
      ...(groups.when === undefined ? {} : { when: groups.when as 'before' | 'after' }),
    },
    where,
  );
}

const TRANSIENT_PRESET = /^transient@(?<probability>[0-9.]+)$/;

/**
 * Reads a fault setting: JSON (an array of rules), or the compact syntax, rules separated by commas or
 * semicolons: `dynamodb:ThrottlingException@0.1, ses.SendEmail:Throttling*3, sfn:+200ms,
 * lambda.onboarding-activate-creator:Lambda.ServiceException*2/after`; `transient@0.1` expands to every
 * service's transient error (see transientFaults). `none` (or an empty text) is no rule at all.
 */
export function parseFaultRules(text: string, taskFunctionIds: readonly string[] = []): FaultRule[] {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === 'none') return [];
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      throw new FaultRuleError(`The fault rules are not valid JSON: ${(error as Error).message}`);
    }
    return rulesFromJson(parsed);
  }
  return trimmed
    .split(/[,;]/)
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .flatMap((part, index) => {
      const preset = TRANSIENT_PRESET.exec(part)?.groups?.probability;
      if (preset !== undefined) {
        const probability = Number(preset);
        if (!(probability > 0 && probability <= 1)) {
          throw new FaultRuleError(`fault rule ${index + 1}: transient@p needs 0 < p <= 1`);
        }
        return transientFaults(probability, taskFunctionIds);
      }
      return [ruleFromCompact(part, `fault rule ${index + 1}`)];
    });
}

/** Validates rules given as data (a test, or the control route's JSON body). */
export function checkFaultRules(rules: readonly FaultRule[]): FaultRule[] {
  return rulesFromJson(rules);
}

/** A rule as one line of the compact syntax, for logs and the banner. */
export function describeRule(rule: FaultRule): string {
  const target = rule.target === undefined ? '' : `.${rule.target}`;
  const latency = rule.latencyMs === undefined ? '' : `+${rule.latencyMs}ms`;
  const frequency =
    rule.times !== undefined
      ? `*${rule.times}`
      : rule.probability !== undefined
        ? `@${rule.probability}`
        : '';
  const when = rule.when === 'after' ? '/after' : '';
  return `${rule.service}${target}:${rule.error ?? ''}${latency}${frequency}${when}`;
}
