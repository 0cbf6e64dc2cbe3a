import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { functionById } from '#catalog/index.ts';
import { currentInvocation } from '#local/lambda/invoke.ts';

const MIDDLEWARE_NAME = 'partnerflowLocalTableActions';

/** Lambda's error for a call its role does not allow, as the SDK raises it. */
export class AccessDeniedError extends Error {
  override readonly name = 'AccessDeniedException';
}

/** `GetItemCommand` → `dynamodb:GetItem`. */
const actionOf = (commandName: string) => `dynamodb:${commandName.replace(/Command$/, '')}`;

/**
 * Holds every in-process function to the table actions its catalog entry declares, as its IAM role does in AWS
 * (the CDK app grants exactly `tableActions`): a call outside them fails with AccessDeniedException here too,
 * so a test catches a missing grant before a deployment does. Calls outside any invocation (the runtime's own,
 * the tests') are not checked. Installed once per client: the functions share one client per process.
 */
export function enforceDeclaredTableActions(client: DynamoDBClient): void {
  if (client.middlewareStack.identify().some((entry) => entry.startsWith(MIDDLEWARE_NAME))) return;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const functionId = currentInvocation.getStore()?.functionId;
      if (functionId !== undefined) {
        const action = actionOf(context.commandName ?? '');
        const granted: readonly string[] = functionById(functionId).tableActions ?? [];
        if (!granted.includes(action)) {
          throw new AccessDeniedError(
            `Function ${functionId} is not authorized to perform: ${action} (its catalog entry grants ${granted.join(', ') || 'no table action'})`,
          );
        }
      }
      return next(args);
    },
    { step: 'initialize', priority: 'high', name: MIDDLEWARE_NAME },
  );
}
