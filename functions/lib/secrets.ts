import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretName } from '#catalog/types.ts';
import { registerSecretValue } from '#lib/redaction.ts';

/** The variable holding the Secrets Manager ARN of a secret, e.g. `REVIEW_LINK_SECRET_ARN`. */
export const secretArnVariable = (name: SecretName) => `${name}_ARN`;

/**
 * Puts each secret into process.env once per cold start. In AWS the stack passes only the secret's ARN
 * (`<NAME>_ARN`), so the value never appears in the function's configuration or in CloudFormation; locally the
 * runtime sets the value itself and nothing is fetched. Handler modules await this at the top level.
 */
export async function loadSecrets(names: readonly SecretName[]): Promise<void> {
  const missing = names.filter(
    (name) => (process.env[name] ?? '') === '' && process.env[secretArnVariable(name)],
  );
  // Whatever the source, the values are masked in every log line from now on (functions/lib/redaction.ts).
  const registerAll = () => {
    for (const name of names) registerSecretValue(process.env[name]);
  };
  if (missing.length === 0) {
    registerAll();
    return;
  }
  const client = new SecretsManagerClient({});
  try {
    await Promise.all(
      missing.map(async (name) => {
        const { SecretString } = await client.send(
          new GetSecretValueCommand({ SecretId: process.env[secretArnVariable(name)] }),
        );
        if (SecretString === undefined || SecretString === '') throw new Error(`Secret ${name} is empty`);
        process.env[name] = SecretString;
      }),
    );
  } finally {
    client.destroy();
  }
  registerAll();
}
