import { NestedStack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { RouteSpec } from '#catalog/types.ts';
import { PartnerApi } from './api.ts';
import { functionArnOf } from './arns.ts';
import { ApiFirewall } from './firewall.ts';
import type { OpsSink } from './observability.ts';

export interface ApiStackProps {
  readonly routes: readonly RouteSpec[];
  /** Every function id of the catalog: a route naming another is a catalog error, reported here. */
  readonly catalogFunctionIds: readonly string[];
  readonly ops: OpsSink;
}

/**
 * The REST API and its firewall as a nested stack, which grows with the routes, not with the functions. It
 * reaches each function by the ARN its fixed name gives, never through an output of the function's area stack:
 * the authorizer's and the routes' invoke permissions are created here, beside the API they name, so no area
 * ever refers back to this stack and no reference cycle can form. The root stack makes this stack wait for the
 * areas (a permission needs its function to exist).
 */
export class ApiStack extends NestedStack {
  readonly api: PartnerApi;
  readonly firewall: ApiFirewall;
  private readonly functions = new Map<string, lambda.IFunction>();

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, { description: 'PartnerFlow API: routes, authorizer, firewall' });
    const known = new Set(props.catalogFunctionIds);
    const functionOf = (functionId: string): lambda.IFunction => {
      if (!known.has(functionId)) throw new Error(`No function '${functionId}' in the catalog`);
      let fn = this.functions.get(functionId);
      if (fn === undefined) {
        // sameEnvironment: the permissions API Gateway needs are created in this stack, on the imported function.
        fn = lambda.Function.fromFunctionAttributes(this, `Function ${functionId}`, {
          functionArn: functionArnOf(this, functionId),
          sameEnvironment: true,
        });
        this.functions.set(functionId, fn);
      }
      return fn;
    };
    this.api = new PartnerApi(this, 'Api', { routes: props.routes, functionOf, ops: props.ops });
    this.firewall = new ApiFirewall(this, 'Firewall', { stage: this.api.stage });
  }
}
