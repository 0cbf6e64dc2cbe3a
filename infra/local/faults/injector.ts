import { checkFaultRules, describeRule, type FaultRule, type FaultService } from '#local/faults/rules.ts';

/** What to do to one call: wait, then (maybe) fail before or after the real call. */
export interface FaultDecision {
  readonly latencyMs: number;
  readonly error?: { readonly name: string; readonly status?: number; readonly when: 'before' | 'after' };
  /** The rule that chose the error, for logs. */
  readonly rule?: string;
}

export interface FaultRuleStats {
  readonly rule: string;
  /** Calls the rule matched. */
  readonly matched: number;
  /** Calls it made fail or slowed down. */
  readonly fired: number;
}

export interface FaultStats {
  readonly rules: readonly FaultRuleStats[];
  /** Calls seen per service (faulted or not), so a test can tell that a fault had calls to hit. */
  readonly calls: Readonly<Partial<Record<FaultService, number>>>;
}

interface ActiveRule {
  readonly rule: FaultRule;
  matched: number;
  fired: number;
}

/**
 * Holds the current fault rules and decides, call by call, which one fires. The first rule whose error fires
 * wins; latencies of every firing rule add up. Rules can be replaced at any time (tests, `PUT /local/faults`).
 */
export class FaultInjector {
  private active: ActiveRule[] = [];
  private readonly calls: Partial<Record<FaultService, number>> = {};

  constructor(
    rules: readonly FaultRule[] = [],
    private readonly random: () => number = Math.random,
  ) {
    this.set(rules);
  }

  /** Replaces every rule (validated first: a bad rule changes nothing) and resets the counters. */
  set(rules: readonly FaultRule[]): void {
    this.active = checkFaultRules(rules).map((rule) => ({ rule, matched: 0, fired: 0 }));
  }

  clear(): void {
    this.active = [];
  }

  get rules(): readonly FaultRule[] {
    return this.active.map((entry) => entry.rule);
  }

  /** True when any rule is set: callers skip their fault path entirely otherwise. */
  get enabled(): boolean {
    return this.active.length > 0;
  }

  /** Decides the fate of one call to `service` (its operation, function id or path is `target`). */
  decide(service: FaultService, target: string | undefined): FaultDecision | undefined {
    this.calls[service] = (this.calls[service] ?? 0) + 1;
    let latencyMs = 0;
    let error: FaultDecision['error'];
    let chosen: string | undefined;
    for (const entry of this.active) {
      const { rule } = entry;
      if (rule.service !== service || !matchesTarget(rule, target)) continue;
      entry.matched += 1;
      if (rule.times !== undefined && entry.fired >= rule.times) continue;
      if (rule.probability !== undefined && this.random() >= rule.probability) continue;
      if (rule.error !== undefined && error !== undefined) continue;
      entry.fired += 1;
      latencyMs += rule.latencyMs ?? 0;
      if (rule.error !== undefined) {
        error = {
          name: rule.error,
          when: rule.when ?? 'before',
          ...(rule.status === undefined ? {} : { status: rule.status }),
        };
        chosen = describeRule(rule);
      }
    }
    if (latencyMs === 0 && error === undefined) return undefined;
    return {
      latencyMs,
      ...(error === undefined ? {} : { error }),
      ...(chosen === undefined ? {} : { rule: chosen }),
    };
  }

  stats(): FaultStats {
    return {
      rules: this.active.map((entry) => ({
        rule: describeRule(entry.rule),
        matched: entry.matched,
        fired: entry.fired,
      })),
      calls: { ...this.calls },
    };
  }
}

/** A path-prefix match for TikTok's paths, an exact match for operations and function ids. */
function matchesTarget(rule: FaultRule, target: string | undefined): boolean {
  if (rule.target === undefined) return true;
  if (target === undefined) return false;
  return rule.service === 'tiktok' ? target.startsWith(rule.target) : target === rule.target;
}
