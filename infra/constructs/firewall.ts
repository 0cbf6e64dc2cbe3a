import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { RATE_LIMIT_WINDOW_SECONDS, requestsPerKeyPerWindow } from '#catalog/rate-limits.ts';

export interface ApiFirewallProps {
  readonly stage: apigateway.Stage;
  /** Requests one client IP may send in any 5-minute window before it is blocked. @default 1000 */
  readonly requestsPerIpPer5Minutes?: number;
  /**
   * Requests one API key may send in any 60-second window before it is answered 429.
   * @default the catalog's per-key limit (infra/catalog/rate-limits.ts), 50/s × 60
   */
  readonly requestsPerKeyPerMinute?: number;
}

/** The body WAF answers a rate-limited request with: the API's own error shape. */
const RATE_LIMITED_BODY = 'rate-limited';
const rateLimited = (retryAfterSeconds: number): wafv2.CfnWebACL.RuleActionProperty => ({
  block: {
    customResponse: {
      responseCode: 429,
      customResponseBodyKey: RATE_LIMITED_BODY,
      responseHeaders: [{ name: 'Retry-After', value: String(retryAfterSeconds) }],
    },
  },
});

const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: true,
});

function managedRuleGroup(
  name: string,
  priority: number,
  ruleActionOverrides?: wafv2.CfnWebACL.RuleActionOverrideProperty[],
): wafv2.CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: { managedRuleGroupStatement: { vendorName: 'AWS', name, ruleActionOverrides } },
    visibilityConfig: visibility(name),
  };
}

/**
 * A regional WAF web ACL on the API stage: AWS managed rule groups, a rate limit per API key and one per client
 * IP, both answered 429 with `Retry-After` in the API's error shape.
 *
 * Per-key limits live here, not in API Gateway usage plans. A usage plan throttles by an API Gateway API key, and
 * PartnerFlow's keys are not API Gateway keys: the authorizer would have to return a `usageIdentifierKey` naming
 * an API Gateway key created (and deleted on revocation) for every PartnerFlow key, which means a second copy of
 * each key, a second place to revoke it, AWS writes from the admin CLI, and a per-region quota on API keys. The
 * WAF rule aggregates on the `Authorization` header itself: every key (valid or not) gets its own counter, with
 * nothing to create or clean up, and over-limit requests are refused before they reach the authorizer or a
 * function. Requests without the header (public routes) fall to the per-IP rule.
 */
export class ApiFirewall extends Construct {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: ApiFirewallProps) {
    super(scope, id);
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('PartnerFlowApi'),
      customResponseBodies: {
        [RATE_LIMITED_BODY]: {
          contentType: 'APPLICATION_JSON',
          content: JSON.stringify({
            error: {
              code: 'rate_limited',
              message: 'Too many requests; retry after the Retry-After seconds',
              details: [],
            },
          }),
        },
      },
      rules: [
        // The API accepts JSON bodies up to 64 KB; the common set would block anything above 8 KB.
        managedRuleGroup('AWSManagedRulesCommonRuleSet', 10, [
          { name: 'SizeRestrictions_BODY', actionToUse: { count: {} } },
        ]),
        managedRuleGroup('AWSManagedRulesKnownBadInputsRuleSet', 20),
        managedRuleGroup('AWSManagedRulesAmazonIpReputationList', 30),
        {
          name: 'RateLimitPerApiKey',
          priority: 35,
          action: rateLimited(RATE_LIMIT_WINDOW_SECONDS),
          statement: {
            rateBasedStatement: {
              limit: props.requestsPerKeyPerMinute ?? requestsPerKeyPerWindow(),
              evaluationWindowSec: RATE_LIMIT_WINDOW_SECONDS,
              aggregateKeyType: 'CUSTOM_KEYS',
              customKeys: [
                { header: { name: 'authorization', textTransformations: [{ priority: 0, type: 'NONE' }] } },
              ],
            },
          },
          visibilityConfig: visibility('RateLimitPerApiKey'),
        },
        {
          name: 'RateLimitPerIp',
          priority: 40,
          action: rateLimited(300),
          statement: {
            rateBasedStatement: { limit: props.requestsPerIpPer5Minutes ?? 1000, aggregateKeyType: 'IP' },
          },
          visibilityConfig: visibility('RateLimitPerIp'),
        },
      ],
    });
    new wafv2.CfnWebACLAssociation(this, 'StageAssociation', {
      resourceArn: props.stage.stageArn,
      webAclArn: this.webAcl.attrArn,
    });
  }
}
