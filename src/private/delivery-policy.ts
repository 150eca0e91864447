import { Annotations, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { deployedPolicyBytes } from './policy-size';
import { Described, invalid } from './validation';

/** S3's limit on the size of a bucket policy (20 KB). */
const MAX_BUCKET_POLICY_BYTES = 20_480;

/**
 * A central bucket's write resources: each source account writes only under
 * its own `AWSLogs/<account>/` folder, in either key layout, below any
 * keyPrefix. `${aws:SourceAccount}` is a policy variable: IAM resolves
 * global condition keys as variables in the Resource element of resource
 * policies, from the request context ("IAM policy elements: Variables and
 * tags", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html),
 * and log delivery sends aws:SourceAccount, the account of the flow log
 * (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-permissions.html).
 * Without the key the variable does not resolve and the statement does not
 * apply. Two resources, however many accounts: the policy grows only with
 * the accounts' condition values.
 */
const OWN_FOLDERS = ['*AWSLogs/${aws:SourceAccount}/*', '*AWSLogs/aws-account-id=${aws:SourceAccount}/*'];

/**
 * Keys with an `AWSLogs/` folder below another: with the `*` before
 * `AWSLogs/` in OWN_FOLDERS, account A could otherwise pick the keyPrefix
 * `AWSLogs/B/...` and land files inside account B's folder, where B's
 * partitions would read them. AWS writes `AWSLogs/` once per key, and the
 * library rejects a keyPrefix with an `AWSLogs` folder, so no delivery of its
 * own is denied.
 */
const NESTED_AWSLOGS = '*AWSLogs/*/AWSLogs/*';

/** The service that writes flow-log files to S3. */
export const LOG_DELIVERY_SERVICE = 'delivery.logs.amazonaws.com';

/** The producers a central bucket accepts, whatever folder they choose. */
export interface CentralSources {
  /** Accounts whose flow logs may be delivered (12-digit ids). */
  readonly accounts?: string[];
  /** Or: every account of this organization (`o-...`). */
  readonly organizationId?: string;
}

/** Where one producer of flow logs writes: its account and region, and the key layout. */
export interface DeliveryLocation {
  readonly account: string;
  readonly region: string;
  readonly partition: string;
  /** Folder under the bucket, without slashes at either end. */
  readonly keyPrefix?: string;
  /** Hive-compatible layout: AWSLogs/aws-account-id=<account>/... */
  readonly hiveCompatiblePartitions?: boolean;
}

/**
 * The log-delivery statements of one bucket (and its key): one write
 * statement and one ACL-check statement, whose resources and conditions are
 * rendered at synth from the locations registered. The statements are added
 * once per bucket, so the policy grows per account and folder, never per
 * flow log (bucket policies are limited to 20 KB).
 */
export class FlowLogDeliveryPolicy {
  /**
   * The delivery policy of `bucket`, created on first use. `fallback` is
   * the location allowed while no other is registered.
   */
  public static of(bucket: s3.IBucket, fallback?: DeliveryLocation, central?: CentralSources): FlowLogDeliveryPolicy {
    let policy = FlowLogDeliveryPolicy.byBucket.get(bucket);
    if (!policy) {
      policy = new FlowLogDeliveryPolicy(bucket, fallback, central);
      FlowLogDeliveryPolicy.byBucket.set(bucket, policy);
    }
    return policy;
  }

  private static readonly byBucket = new WeakMap<s3.IBucket, FlowLogDeliveryPolicy>();

  /** False when the bucket is imported: its owner must add the statements. */
  public readonly bucketPolicyUpdated: boolean;
  /** False when the bucket's key is imported: its owner must add the statement. */
  public readonly keyPolicyUpdated: boolean;
  private readonly locations = new Map<string, DeliveryLocation>();

  private constructor(
    private readonly bucket: s3.IBucket,
    private readonly fallback?: DeliveryLocation,
    private readonly central?: CentralSources,
  ) {
    this.bucketPolicyUpdated = bucket.addToResourcePolicy(this.writeStatement()).statementAdded
      && bucket.addToResourcePolicy(this.aclCheckStatement()).statementAdded;
    if (central && this.bucketPolicyUpdated) {
      bucket.addToResourcePolicy(this.nestedFolderDenyStatement());
    }
    bucket.policy?.node.addValidation({ validate: () => this.validateSize() });
    this.keyPolicyUpdated = bucket.encryptionKey
      ? bucket.encryptionKey.addToResourcePolicy(keyUseStatement(() => this.conditions()), true).statementAdded
      : true;
  }

  /** Let flow logs from `location` write to this bucket. Idempotent. */
  public allow(location: DeliveryLocation): void {
    const key = [location.account, location.region, location.partition, location.keyPrefix ?? '', location.hiveCompatiblePartitions === true].join('|');
    this.locations.set(key, location);
  }

  /**
   * The objects flow logs may write: `<prefix>/AWSLogs/<account>/*` per
   * location; for a central bucket, any folder of the writing account's own
   * `AWSLogs/<account>/` (either key layout), since each workload picks its
   * own keyPrefix.
   */
  public objectArns(): string[] {
    if (this.central) {
      return OWN_FOLDERS.map((folder) => this.bucket.arnForObjects(folder));
    }
    return unique(this.sources().map((location) => {
      const folder = location.keyPrefix ? `${location.keyPrefix}/` : '';
      const account = location.hiveCompatiblePartitions ? `aws-account-id=${location.account}` : location.account;
      return this.bucket.arnForObjects(`${folder}AWSLogs/${account}/*`);
    }));
  }

  /**
   * S3 rejects bucket policies over 20 KB at deploy time. The policy grows
   * per account (central bucket) and per folder, so a long account list is
   * what can reach it. Measured as S3 stores it, references resolved at
   * their longest ("Bucket policies are limited to 20 KB in size",
   * https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-iam-policies.html).
   */
  private validateSize(): string[] {
    const stack = Stack.of(this.bucket);
    const cfnBucket = this.bucket.node.defaultChild;
    const name = cfnBucket instanceof s3.CfnBucket ? cfnBucket.bucketName : undefined;
    const knownNames = name && !Token.isUnresolved(name) ? { [stack.getLogicalId(cfnBucket as s3.CfnBucket)]: name } : {};
    const bytes = deployedPolicyBytes(stack, this.bucket.policy!.document, knownNames);
    if (bytes <= MAX_BUCKET_POLICY_BYTES) {
      return [];
    }
    const property = this.central?.accounts ? 'sourceAccounts' : 'keyPrefix';
    const count = this.central?.accounts ? `${this.accounts().length} accounts` : `${this.sources().length} delivery folders`;
    return [invalid(property, `must keep the bucket policy within S3's limit of ${MAX_BUCKET_POLICY_BYTES} bytes`,
      new Described(`${count}, a ${bytes}-byte policy`),
      'Use sourceOrganizationId for the accounts of an organization, or split the accounts or folders over more buckets.').message];
  }

  private sources(): DeliveryLocation[] {
    const registered = [...this.locations.values()];
    return registered.length === 0 && this.fallback ? [this.fallback] : registered;
  }

  private accounts(): string[] {
    // For a central bucket the listed accounts replace the stack's own
    // account (the fallback); archives in the app add theirs.
    const registered = this.central ? [...this.locations.values()] : this.sources();
    return unique([...(this.central?.accounts ?? []), ...registered.map((s) => s.account)]);
  }

  /**
   * Confused-deputy protection: the delivery service acts only for the
   * registered accounts (or organization), and, for a single-account
   * bucket, only for log deliveries of that account and its regions.
   */
  private conditions(): Record<string, Record<string, unknown>> {
    if (this.central?.organizationId) {
      return { StringEquals: { 'aws:SourceOrgID': this.central.organizationId } };
    }
    const sourceAccount = { 'aws:SourceAccount': Lazy.list({ produce: () => this.accounts() }) };
    if (this.central) {
      // Both keys, as AWS's cross-account example for flow logs has them
      // (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-permissions.html):
      // the log deliveries of each listed account, in any of its Regions.
      const partition = Stack.of(this.bucket).partition;
      return {
        StringEquals: sourceAccount,
        ArnLike: { 'aws:SourceArn': Lazy.list({ produce: () => this.accounts().map((a) => `arn:${partition}:logs:*:${a}:*`) }) },
      };
    }
    return {
      StringEquals: sourceAccount,
      ArnLike: {
        'aws:SourceArn': Lazy.list({
          produce: () => unique(this.sources().map((s) => `arn:${s.partition}:logs:${s.region}:${s.account}:*`)),
        }),
      },
    };
  }

  private writeStatement(): iam.PolicyStatement {
    const statement = new iam.PolicyStatement({
      sid: 'AWSLogDeliveryWrite',
      principals: [new iam.ServicePrincipal(LOG_DELIVERY_SERVICE)],
      actions: ['s3:PutObject'],
      resources: Lazy.list({ produce: () => this.objectArns() }),
      conditions: this.conditions(),
    });
    statement.addCondition('StringEquals', { 's3:x-amz-acl': 'bucket-owner-full-control' });
    return statement;
  }

  /** For a central bucket: no account's files inside another account's folder (see NESTED_AWSLOGS). */
  private nestedFolderDenyStatement(): iam.PolicyStatement {
    return new iam.PolicyStatement({
      sid: 'AWSLogDeliveryDenyNestedAWSLogs',
      effect: iam.Effect.DENY,
      principals: [new iam.ServicePrincipal(LOG_DELIVERY_SERVICE)],
      actions: ['s3:PutObject'],
      resources: [this.bucket.arnForObjects(NESTED_AWSLOGS)],
    });
  }

  private aclCheckStatement(): iam.PolicyStatement {
    return new iam.PolicyStatement({
      sid: 'AWSLogDeliveryAclCheck',
      principals: [new iam.ServicePrincipal(LOG_DELIVERY_SERVICE)],
      actions: ['s3:GetBucketAcl', 's3:ListBucket'],
      resources: [this.bucket.bucketArn],
      conditions: this.conditions(),
    });
  }
}

/**
 * SSE-KMS: without this key-policy statement delivery fails silently
 * ("Access error" on the flow log), because the bucket policy cannot grant
 * use of the key.
 */
function keyUseStatement(conditions: () => Record<string, Record<string, unknown>>): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'AllowFlowLogDeliveryToUseTheKey',
    principals: [new iam.ServicePrincipal(LOG_DELIVERY_SERVICE)],
    actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
    resources: ['*'],
    conditions: conditions(),
  });
}

/** Where the flow logs of `scope` come from. */
export function locationOf(scope: IConstruct, options: { keyPrefix?: string; hiveCompatiblePartitions?: boolean }): DeliveryLocation {
  const stack = Stack.of(scope);
  return { account: stack.account, region: stack.region, partition: stack.partition, ...options };
}

/** Keeps the first of equal strings, in order. */
function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** The bucket policy could not be changed: say exactly what its owner must grant. */
export function warnImportedBucket(scope: IConstruct, bucket: s3.IBucket, keyPrefix: string | undefined): void {
  const folder = keyPrefix ? `${keyPrefix}/` : '';
  Annotations.of(scope).addWarningV2('cdk-flow-log-archive:importedBucket',
    `The bucket ${bucket.node.path} is not defined in this app, so its bucket policy was not changed. Its owner must allow `
    + `${LOG_DELIVERY_SERVICE} s3:PutObject on ${folder}AWSLogs/<this account>/* (with s3:x-amz-acl bucket-owner-full-control) `
    + 'and s3:GetBucketAcl and s3:ListBucket on the bucket, each with aws:SourceAccount <this account> and '
    + 'aws:SourceArn arn:aws:logs:<region>:<this account>:*; see README "Bring your own bucket".');
}

/** The key policy could not be changed: without it delivery fails with "Access error". */
export function warnImportedKey(scope: IConstruct): void {
  Annotations.of(scope).addWarningV2('cdk-flow-log-archive:importedKey',
    'The encryption key is not defined in this app, so its key policy was not changed. Flow-log delivery fails with "Access error" '
    + `unless the key policy lets ${LOG_DELIVERY_SERVICE} use kms:Encrypt, kms:Decrypt, kms:ReEncrypt*, kms:GenerateDataKey* `
    + 'and kms:DescribeKey with aws:SourceAccount and aws:SourceArn conditions; see README "Bring your own key".');
}
