import { Duration } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { FlowLogAlarmOptions } from '../alarms';
import { Described, invalid } from './validation';

/** The alarm options with their defaults applied, after validation. */
export interface ResolvedAlarmOptions {
  readonly enabled: boolean;
  readonly period: Duration;
  readonly deliveryStatusProbe: boolean;
  readonly reserveProbeConcurrency: boolean;
  readonly topic?: sns.ITopic;
}

/** Validates the options and applies the defaults. */
export function resolveAlarmOptions(options: FlowLogAlarmOptions = {}): ResolvedAlarmOptions {
  const enabled = options.enabled ?? true;
  if (!enabled && (options.topic || options.period || options.deliveryStatusProbe || options.reserveProbeConcurrency)) {
    const set = ['topic', 'period', 'deliveryStatusProbe', 'reserveProbeConcurrency'].filter((k) => (options as any)[k]).join(', ');
    throw invalid('alarms.enabled', 'is false, so other alarm options have no effect', new Described(`false with ${set}`),
      `Remove ${set}, or leave alarms.enabled undefined.`);
  }
  if (options.deliveryStatusProbe === false && options.reserveProbeConcurrency) {
    throw invalid('alarms.reserveProbeConcurrency', 'applies only to the delivery-status probe, which is off',
      new Described('true with deliveryStatusProbe false'),
      'Remove reserveProbeConcurrency, or leave alarms.deliveryStatusProbe undefined.');
  }
  const period = options.period ?? Duration.hours(1);
  validatePeriod(period);
  const deliveryStatusProbe = enabled && (options.deliveryStatusProbe ?? true);
  return {
    enabled,
    period,
    deliveryStatusProbe,
    reserveProbeConcurrency: deliveryStatusProbe && (options.reserveProbeConcurrency ?? true),
    topic: options.topic,
  };
}

function validatePeriod(period: Duration): void {
  if (period.isUnresolved()) {
    return;
  }
  const seconds = period.toSeconds({ integral: false });
  const fix = 'Use Duration.minutes(n) with n from 5 to 1440.';
  if (seconds < 300) {
    throw invalid('alarms.period', 'must be at least 5 minutes (flow logs are delivered about every 5 minutes)',
      new Described(period.toHumanString()), fix);
  }
  if (!Number.isInteger(seconds / 60)) {
    throw invalid('alarms.period', 'must be a whole number of minutes (CloudWatch alarm periods are multiples of 60 seconds)',
      new Described(period.toHumanString()), fix);
  }
  if (seconds > 86400) {
    throw invalid('alarms.period', 'must be at most one day (CloudWatch evaluates at most one day)', new Described(period.toHumanString()), fix);
  }
}

