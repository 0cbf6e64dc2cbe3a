/** The Task resources the local service can run, recognised from the ARN in a state's `Resource`. */

export type DynamoDbAction = 'getItem' | 'putItem' | 'updateItem' | 'deleteItem';

/** How a Task reaches its service; `resourceType`/`resource` are what AWS writes in Task* history events. */
export type Integration =
  | { readonly kind: 'lambda-invoke'; readonly resourceType: 'lambda'; readonly resource: 'invoke' }
  | {
      readonly kind: 'lambda-invoke-callback';
      readonly resourceType: 'lambda';
      readonly resource: 'invoke.waitForTaskToken';
    }
  /** A plain function ARN as Resource: the legacy form with LambdaFunction* events and the raw result. */
  | { readonly kind: 'lambda-function'; readonly functionArn: string }
  | {
      readonly kind: 'dynamodb';
      readonly resourceType: 'dynamodb';
      readonly resource: DynamoDbAction;
      readonly action: DynamoDbAction;
    }
  | {
      readonly kind: 'start-execution';
      readonly resourceType: 'states';
      readonly resource: 'startExecution';
    };

const LAMBDA_FUNCTION_ARN = /^arn:aws[\w-]*:lambda:[\w-]+:\d{12}:function:[\w-]+(?::[\w$-]+)?$/;
const DYNAMODB_ACTIONS: ReadonlySet<string> = new Set<DynamoDbAction>([
  'getItem',
  'putItem',
  'updateItem',
  'deleteItem',
]);

export const SUPPORTED_RESOURCES = [
  'arn:aws:states:::lambda:invoke',
  'arn:aws:states:::lambda:invoke.waitForTaskToken',
  'arn:aws:lambda:<region>:<account>:function:<name>',
  'arn:aws:states:::dynamodb:getItem|putItem|updateItem|deleteItem',
  'arn:aws:states:::states:startExecution',
] as const;

/** The integration a Task resource ARN names, or undefined when the local service cannot run it. */
export function classifyResource(resource: string): Integration | undefined {
  if (LAMBDA_FUNCTION_ARN.test(resource)) return { kind: 'lambda-function', functionArn: resource };
  const service = /^arn:aws[\w-]*:states:::(.+)$/.exec(resource)?.[1];
  switch (service) {
    case 'lambda:invoke':
      return { kind: 'lambda-invoke', resourceType: 'lambda', resource: 'invoke' };
    case 'lambda:invoke.waitForTaskToken':
      return { kind: 'lambda-invoke-callback', resourceType: 'lambda', resource: 'invoke.waitForTaskToken' };
    case 'states:startExecution':
      return { kind: 'start-execution', resourceType: 'states', resource: 'startExecution' };
    default: {
      const action = /^dynamodb:(\w+)$/.exec(service ?? '')?.[1];
      if (action !== undefined && DYNAMODB_ACTIONS.has(action)) {
        const dynamoDbAction = action as DynamoDbAction;
        return {
          kind: 'dynamodb',
          resourceType: 'dynamodb',
          resource: dynamoDbAction,
          action: dynamoDbAction,
        };
      }
      return undefined;
    }
  }
}
