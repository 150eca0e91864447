import { Duration } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Described, invalid } from './private/validation';

/**
 * How long flow-log files stay in each storage class, and when they expire.
 *
 * Transitions happen in the order Standard-IA, Glacier Instant Retrieval,
 * Glacier Flexible Retrieval, Glacier Deep Archive; each must come after the
 * previous class's minimum storage duration (30, 90, 90 and 180 days), so
 * that no object is charged for early deletion.
 */
export interface FlowLogLifecycle {
  /**
   * Move files to S3 Standard-IA after this many days (at least 30: S3 rejects less).
   *
   * @default Duration.days(30)
   */
  readonly infrequentAccessAfter?: Duration;

  /**
   * Move files to S3 Glacier Instant Retrieval after this many days.
   *
   * @default - no transition to Glacier Instant Retrieval
   */
  readonly glacierInstantRetrievalAfter?: Duration;

  /**
   * Move files to S3 Glacier Flexible Retrieval after this many days.
   *
   * @default - no transition to Glacier Flexible Retrieval
   */
  readonly glacierAfter?: Duration;

  /**
   * Move files to S3 Glacier Deep Archive after this many days.
   *
   * @default - no transition to Glacier Deep Archive
   */
  readonly deepArchiveAfter?: Duration;

  /**
   * Delete files this many days after they were written.
   *
   * @default Duration.days(365)
   */
  readonly expiration?: Duration;

  /**
   * Delete overwritten or deleted versions this many days after they stop being current.
   *
   * @default Duration.days(30)
   */
  readonly noncurrentVersionExpiration?: Duration;
}

/** Incomplete multipart uploads are never useful to keep. */
const ABORT_INCOMPLETE_UPLOADS_AFTER = Duration.days(7);

interface Step {
  readonly property: string;
  readonly after: Duration;
  readonly storageClass?: s3.StorageClass;
  /** Days an object must stay in this class before it moves on or expires. */
  readonly minimumDays: number;
  readonly className: string;
}

/**
 * The lifecycle rules of the archive bucket, after validating that S3 will
 * accept them and that no object is moved out of a class before its minimum.
 */
export function archiveLifecycleRules(lifecycle: FlowLogLifecycle = {}): s3.LifecycleRule[] {
  const steps = lifecycleSteps(lifecycle);
  const noncurrent = lifecycle.noncurrentVersionExpiration ?? Duration.days(30);
  validateSteps(steps);
  wholeDays('lifecycle.noncurrentVersionExpiration', noncurrent);

  const transitions = steps.filter((candidate) => candidate.storageClass);
  const expiration = steps[steps.length - 1];
  return [
    {
      id: 'FlowLogRetention',
      enabled: true,
      transitions: transitions.map((transition) => ({ storageClass: transition.storageClass!, transitionAfter: transition.after })),
      expiration: expiration.after,
      noncurrentVersionExpiration: noncurrent,
      abortIncompleteMultipartUploadAfter: ABORT_INCOMPLETE_UPLOADS_AFTER,
    },
    {
      // Expired current versions leave delete markers behind; remove them
      // once their noncurrent versions are gone (cannot share a rule with expiration).
      id: 'RemoveExpiredDeleteMarkers',
      enabled: true,
      expiredObjectDeleteMarker: true,
    },
  ];
}

function lifecycleSteps(lifecycle: FlowLogLifecycle): Step[] {
  const candidates: Array<Step | undefined> = [
    stepOf('lifecycle.infrequentAccessAfter', lifecycle.infrequentAccessAfter ?? Duration.days(30), s3.StorageClass.INFREQUENT_ACCESS, 30, 'Standard-IA'),
    stepOf('lifecycle.glacierInstantRetrievalAfter', lifecycle.glacierInstantRetrievalAfter, s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, 90, 'Glacier Instant Retrieval'),
    stepOf('lifecycle.glacierAfter', lifecycle.glacierAfter, s3.StorageClass.GLACIER, 90, 'Glacier Flexible Retrieval'),
    stepOf('lifecycle.deepArchiveAfter', lifecycle.deepArchiveAfter, s3.StorageClass.DEEP_ARCHIVE, 180, 'Glacier Deep Archive'),
    stepOf('lifecycle.expiration', lifecycle.expiration ?? Duration.days(365), undefined, 0, 'expiration'),
  ];
  return candidates.filter((candidate): candidate is Step => candidate !== undefined);
}

function stepOf(
  property: string, after: Duration | undefined, storageClass: s3.StorageClass | undefined, minimumDays: number, className: string,
): Step | undefined {
  return after === undefined ? undefined : { property, after, storageClass, minimumDays, className };
}

function validateSteps(steps: Step[]): void {
  steps.forEach((step) => wholeDays(step.property, step.after));
  const first = steps[0];
  if (first.storageClass === s3.StorageClass.INFREQUENT_ACCESS && !first.after.isUnresolved() && first.after.toDays() < 30) {
    throw invalid(first.property, 'must be at least 30 days (S3 moves nothing to Standard-IA sooner)', new Described(`${first.after.toDays()} days`),
      'Set it to Duration.days(30) or more.');
  }
  for (let i = 1; i < steps.length; i++) {
    const previous = steps[i - 1];
    const current = steps[i];
    if (previous.after.isUnresolved() || current.after.isUnresolved()) {
      continue;
    }
    const earliest = previous.after.toDays() + previous.minimumDays;
    if (current.after.toDays() < earliest) {
      throw invalid(current.property,
        `must be at least ${previous.minimumDays} days after ${previous.property} (${previous.className} keeps objects at least ${previous.minimumDays} days)`,
        new Described(`${current.after.toDays()} days with ${previous.property} ${previous.after.toDays()} days`),
        `Set ${current.property} to Duration.days(${earliest}) or later, or move ${previous.property} earlier.`);
    }
  }
}

function wholeDays(property: string, duration: Duration): void {
  if (duration.isUnresolved()) {
    return;
  }
  const days = duration.toDays({ integral: false });
  if (!Number.isInteger(days) || days < 1) {
    throw invalid(property, 'must be a whole number of days, at least 1', new Described(duration.toHumanString()), 'Use Duration.days(n) with n >= 1.');
  }
}
