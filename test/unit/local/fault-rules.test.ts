import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { FaultInjector } from '#local/faults/injector.ts';
import { errorAnswer, statusOf } from '#local/faults/protocols.ts';
import { describeRule, FaultRuleError, parseFaultRules } from '#local/faults/rules.ts';

describe('fault rules in the compact syntax', () => {
  it.each([
    [
      'dynamodb:ThrottlingException@0.1',
      { service: 'dynamodb', error: 'ThrottlingException', probability: 0.1 },
    ],
    ['ses.SendEmail:Throttling*3', { service: 'ses', target: 'SendEmail', error: 'Throttling', times: 3 }],
    ['sfn:+200ms', { service: 'sfn', latencyMs: 200 }],
    [
      'sfn.StartExecution:503+50ms@0.5',
      { service: 'sfn', target: 'StartExecution', error: '503', latencyMs: 50, probability: 0.5 },
    ],
    [
      'lambda.onboarding-activate-creator:Lambda.ServiceException*2/after',
      {
        service: 'lambda',
        target: 'onboarding-activate-creator',
        error: 'Lambda.ServiceException',
        times: 2,
        when: 'after',
      },
    ],
    ['tiktok./api/v2/token/get:429', { service: 'tiktok', target: '/api/v2/token/get', error: '429' }],
  ])('reads %s', (text, rule) => {
    expect(parseFaultRules(text)).toEqual([rule]);
  });

  it('reads several rules, and round-trips each through its description', () => {
    const text = 'dynamodb:ThrottlingException@0.1; ses.SendEmail:Throttling*3, sfn:+200ms';

    const rules = parseFaultRules(text);

    expect(rules).toHaveLength(3);
    expect(parseFaultRules(rules.map(describeRule).join(','))).toEqual(rules);
  });

  it('expands transient@p to every service and the given workflow tasks', () => {
    const rules = parseFaultRules('transient@0.1', ['onboarding-activate-creator']);

    expect(rules.map(describeRule)).toEqual([
      'dynamodb:ProvisionedThroughputExceededException@0.1',
      'ses:Throttling@0.1',
      'sfn:ThrottlingException@0.1',
      'tiktok:429@0.1',
      'lambda.onboarding-activate-creator:Lambda.ServiceException@0.1',
    ]);
  });

  it('reads JSON rules and treats none and an empty text as no rule', () => {
    expect(parseFaultRules('[{"service":"ses","error":"Throttling","times":1}]')).toEqual([
      { service: 'ses', error: 'Throttling', times: 1 },
    ]);
    expect(parseFaultRules('none')).toEqual([]);
    expect(parseFaultRules('  ')).toEqual([]);
  });

  it.each([
    ['s3:SlowDown', 'service must be one of'],
    ['dynamodb', 'is not service[.target]:effect'],
    ['dynamodb:Throttling@1.5', 'probability must be more than 0 and at most 1'],
    ['dynamodb:Throttling*0', 'times must be a whole number of at least 1'],
    ['[{"service":"ses","error":"X","often":true}]', "unknown field 'often'"],
    ['[{"service":"ses"}]', 'give an error, a latency, or both'],
    ['[{"service":"ses","error":"X","status":200}]', 'status must be an HTTP error status'],
    ['[not json', 'not valid JSON'],
  ])('refuses %s, naming the problem', (text, problem) => {
    expect(() => parseFaultRules(text)).toThrow(FaultRuleError);
    expect(() => parseFaultRules(text)).toThrow(problem);
  });
});

describe('the fault injector', () => {
  it('fires a times rule on the first N matching calls only, and counts them', () => {
    const injector = new FaultInjector(parseFaultRules('dynamodb.PutItem:ThrottlingException*2'));

    const decisions = [
      injector.decide('dynamodb', 'GetItem'),
      injector.decide('dynamodb', 'PutItem'),
      injector.decide('dynamodb', 'PutItem'),
      injector.decide('dynamodb', 'PutItem'),
    ];

    expect(decisions.map((decision) => decision?.error?.name)).toEqual([
      undefined,
      'ThrottlingException',
      'ThrottlingException',
      undefined,
    ]);
    expect(injector.stats()).toEqual({
      rules: [{ rule: 'dynamodb.PutItem:ThrottlingException*2', matched: 3, fired: 2 }],
      calls: { dynamodb: 4 },
    });
  });

  it('fires a probability rule when the draw falls under it', () => {
    const draws = [0.05, 0.5, 0.09, 0.1];
    let next = 0;
    const injector = new FaultInjector(parseFaultRules('ses:Throttling@0.1'), () => draws[next++] ?? 1);

    const fired = draws.map(() => injector.decide('ses', 'SendEmail')?.error !== undefined);

    expect(fired).toEqual([true, false, true, false]);
  });

  it('adds the latencies of every firing rule, and lets the first error win', () => {
    const injector = new FaultInjector(
      parseFaultRules('sfn:+100ms, sfn:ThrottlingException, sfn:ServiceUnavailable+50ms'),
    );

    const decision = injector.decide('sfn', 'StartExecution');

    expect(decision).toMatchObject({
      latencyMs: 100,
      error: { name: 'ThrottlingException', when: 'before' },
    });
  });

  it('does nothing when no rule matches, and nothing at all once cleared', () => {
    const injector = new FaultInjector(parseFaultRules('lambda.fn-a:Lambda.ServiceException'));

    expect(injector.decide('lambda', 'fn-b')).toBeUndefined();
    injector.clear();
    expect(injector.enabled).toBe(false);
    expect(injector.decide('lambda', 'fn-a')).toBeUndefined();
  });

  it('keeps its rules when new ones are invalid', () => {
    const injector = new FaultInjector(parseFaultRules('ses:Throttling'));

    expect(() => injector.set([{ service: 'ses', probability: 0.5 }])).toThrow(FaultRuleError);
    expect(injector.rules).toEqual([{ service: 'ses', error: 'Throttling' }]);
  });
});

describe('injected errors on the wire', () => {
  const request = (url: string) => ({ url, headers: {} }) as IncomingMessage;

  it('answer throttling with 400, server faults with 5xx, and a bare status as itself', () => {
    expect(statusOf('ThrottlingException', undefined)).toBe(400);
    expect(statusOf('InternalServerError', undefined)).toBe(500);
    expect(statusOf('ServiceUnavailable', undefined)).toBe(503);
    expect(statusOf('429', undefined)).toBe(429);
    expect(statusOf('ThrottlingException', 503)).toBe(503);
  });

  it('speak each service own error format', () => {
    expect(JSON.parse(errorAnswer('dynamodb', request('/'), 'ThrottlingException', 400).body)).toMatchObject({
      __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException',
    });
    expect(errorAnswer('ses', request('/'), 'Throttling', 400).body).toContain('<Code>Throttling</Code>');
    expect(
      errorAnswer('ses', request('/v2/email/outbound-emails'), 'TooManyRequestsException', 429).headers,
    ).toMatchObject({
      'x-amzn-errortype': 'TooManyRequestsException',
    });
    expect(JSON.parse(errorAnswer('tiktok', request('/api'), '429', 429).body)).toMatchObject({
      code: 36009002,
    });
  });
});
