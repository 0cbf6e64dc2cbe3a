import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { TokenKeyAccess } from '#catalog/types.ts';

/** The encryption contexts PartnerFlow seals with (functions/lib/repositories/seller-tokens.ts). */
export const TOKEN_KEY_PURPOSES = ['seller-tokens', 'seller-auth-code'] as const;

const ACTIONS: Readonly<Record<TokenKeyAccess, string>> = {
  encrypt: 'kms:GenerateDataKey',
  decrypt: 'kms:Decrypt',
};

/**
 * The KMS key that wraps the data keys sealing seller tokens and auth codes (envelope encryption, AES-256-GCM in
 * the functions). Kept apart from the table's key: reading the table never opens a token, and each function gets
 * only GenerateDataKey or Decrypt, only for PartnerFlow's own encryption contexts.
 */
export class SellerTokenKey extends Construct {
  readonly key: kms.Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'PartnerFlow: wraps the data keys that seal seller tokens and auth codes',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /** One statement with exactly the actions asked for, on this key, for PartnerFlow's contexts only. */
  statement(access: readonly TokenKeyAccess[]): iam.PolicyStatement {
    return new iam.PolicyStatement({
      actions: [...new Set(access)].map((kind) => ACTIONS[kind]),
      resources: [this.key.keyArn],
      conditions: { StringEquals: { 'kms:EncryptionContext:purpose': [...TOKEN_KEY_PURPOSES] } },
    });
  }
}
