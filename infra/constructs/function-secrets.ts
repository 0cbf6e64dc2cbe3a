import { Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { FunctionSpec, SecretName } from '#catalog/types.ts';
import { SECRET_PURPOSES } from './secret-purposes.ts';
import { SellerTokenKey } from './token-key.ts';

export interface FunctionSecretsProps {
  /** Every function of the catalog: a secret exists once any function declares it, whatever its area. */
  readonly functions: readonly FunctionSpec[];
}

/**
 * The secrets and the seller token key, shared by functions of several areas, so they live beside the table in
 * the root stack and each area's functions are granted exactly the ones they declare. Functions receive only
 * ARNs and read values at cold start, so no value appears in a template or a function's configuration.
 */
export class FunctionSecrets extends Construct {
  /** Undefined while no function declares `tokenKey`. */
  readonly tokenKey: SellerTokenKey | undefined;
  private readonly byName = new Map<SecretName, Secret>();

  constructor(scope: Construct, id: string, props: FunctionSecretsProps) {
    super(scope, id);
    const names = new Set(props.functions.flatMap((spec) => spec.secrets ?? []));
    for (const name of names) {
      const secret = new Secret(this, name, {
        description: SECRET_PURPOSES[name].description,
        generateSecretString: { passwordLength: 64, excludePunctuation: true },
      });
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason: SECRET_PURPOSES[name].whyNotAutoRotated,
      });
      this.byName.set(name, secret);
    }
    const sealsTokens = props.functions.some((spec) => (spec.tokenKey ?? []).length > 0);
    this.tokenKey = sealsTokens ? new SellerTokenKey(this, 'SellerTokenKey') : undefined;
  }

  /** The secret of a name a function declared; undefined for a name no function declares. */
  secretOf(name: SecretName): Secret | undefined {
    return this.byName.get(name);
  }

  /** The token key, for a function that declares `tokenKey`; a clear error if the catalog changed under the stack. */
  requiredTokenKey(): SellerTokenKey {
    if (this.tokenKey === undefined) throw new Error('No function of the catalog declares tokenKey');
    return this.tokenKey;
  }

  /** The secret a function declared; a clear error if the catalog changed under the stack. */
  get(name: SecretName): Secret {
    const secret = this.byName.get(name);
    if (secret === undefined) throw new Error(`No function of the catalog declares the secret ${name}`);
    return secret;
  }
}
