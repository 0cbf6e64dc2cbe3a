import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { faultControlRoute } from '#local/faults/control.ts';
import { FaultInjector, type FaultStats } from '#local/faults/injector.ts';
import { faultyInvoke, type Invoke } from '#local/faults/lambda.ts';
import { type FaultProxy, startFaultProxy } from '#local/faults/proxy.ts';
import { describeRule, type FaultRule, type FaultService, parseFaultRules } from '#local/faults/rules.ts';

export { FAULTS_PATH } from '#local/faults/control.ts';
export type { FaultStats } from '#local/faults/injector.ts';
export type { FaultRule, FaultService } from '#local/faults/rules.ts';

/**
 * Fault injection for the local runtime (off unless asked): HTTP proxies in front of DynamoDB, SES, Step
 * Functions and the TikTok Shop stand-in, and a wrapper around in-process function invocations, all driven by
 * one set of rules that PARTNERFLOW_FAULTS (or a file) sets at start and tests or `PUT /local/faults` change
 * at run time.
 */

/** `true` (on, no rule yet), rules as text (compact or JSON, `@file` to read a file), or rules as data. */
export type FaultSetting = boolean | string | readonly FaultRule[];

/** The environment variable that turns fault injection on at start, e.g. `PARTNERFLOW_FAULTS=transient@0.1`. */
export const FAULTS_VARIABLE = 'PARTNERFLOW_FAULTS';

/** What PARTNERFLOW_FAULTS asks for: undefined (off) when unset, empty or `off`; `none` is on with no rule. */
export function faultSettingFromEnvironment(env: NodeJS.ProcessEnv): FaultSetting | undefined {
  const value = env[FAULTS_VARIABLE]?.trim();
  if (value === undefined || value === '' || /^(off|false|0)$/i.test(value)) return undefined;
  return value;
}

/** What tests and the runtime's owner may do to faults while the runtime runs. */
export interface FaultControl {
  /** Replaces every rule: data, or text in the compact syntax (`dynamodb:ThrottlingException@0.1`). */
  set(rules: readonly FaultRule[] | string): void;
  clear(): void;
  readonly rules: readonly FaultRule[];
  /** Per rule: calls matched and faults fired; per service: calls seen. */
  stats(): FaultStats;
}

export interface FaultInjection extends FaultControl {
  /** Starts a proxy in front of `url` and returns the URL clients should use instead. */
  proxy(service: Exclude<FaultService, 'lambda'>, url: string): Promise<string>;
  /** The same invoke, with `lambda` rules applied. */
  wrapInvoke(invoke: Invoke): Invoke;
  /** Serves `/local/faults` on the API server (loopback callers only). */
  readonly route: (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;
  close(): Promise<void>;
}

function initialRules(setting: FaultSetting, taskFunctionIds: readonly string[]): FaultRule[] {
  if (typeof setting === 'boolean') return [];
  if (typeof setting !== 'string') return [...setting];
  const text = setting.startsWith('@') ? readFileSync(setting.slice(1), 'utf8') : setting;
  return parseFaultRules(text === 'on' ? 'none' : text, taskFunctionIds);
}

/**
 * Creates the fault injection a runtime asked for, or undefined when it is off (`false`): nothing is proxied
 * then, and the runtime runs exactly as without this module. A bad rule throws a FaultRuleError naming it.
 */
export function createFaultInjection(options: {
  readonly host: string;
  readonly setting: FaultSetting | undefined;
  /** The workflow task functions, which `transient@p` makes fail in Lambda. */
  readonly taskFunctionIds: readonly string[];
  readonly log: (line: string) => void;
}): FaultInjection | undefined {
  const { setting, taskFunctionIds } = options;
  if (setting === undefined || setting === false) return undefined;
  const injector = new FaultInjector(initialRules(setting, taskFunctionIds));
  const proxies: FaultProxy[] = [];
  const rules = injector.rules.map(describeRule);
  options.log(
    `Fault injection on (${FAULTS_VARIABLE}): ${rules.length === 0 ? 'no rule yet' : rules.join(', ')}`,
  );
  return {
    set: (next) => injector.set(typeof next === 'string' ? parseFaultRules(next, taskFunctionIds) : next),
    clear: () => injector.clear(),
    get rules() {
      return injector.rules;
    },
    stats: () => injector.stats(),
    proxy: async (service, url) => {
      const proxy = await startFaultProxy({ service, host: options.host, targetUrl: url, injector });
      proxies.push(proxy);
      return proxy.url;
    },
    wrapInvoke: (invoke) => faultyInvoke(injector, invoke),
    route: faultControlRoute(injector, taskFunctionIds),
    close: async () => {
      await Promise.all(proxies.map((proxy) => proxy.close()));
    },
  };
}
