import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
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
  readonly probeVpc?: ec2.IVpc;
  readonly probeVpcSubnets?: ec2.SubnetSelection;
}

/** Validates the options and applies the defaults. */
export function resolveAlarmOptions(options: FlowLogAlarmOptions = {}): ResolvedAlarmOptions {
  const enabled = options.enabled ?? true;
  const others = ['topic', 'period', 'deliveryStatusProbe', 'reserveProbeConcurrency', 'probeVpc', 'probeVpcSubnets'] as const;
  if (!enabled && others.some((k) => options[k])) {
    const set = others.filter((k) => options[k]).join(', ');
    throw invalid('alarms.enabled', 'is false, so other alarm options have no effect', new Described(`false with ${set}`),
      `Remove ${set}, or leave alarms.enabled undefined.`);
  }
  if (options.deliveryStatusProbe === false && options.reserveProbeConcurrency) {
    throw invalid('alarms.reserveProbeConcurrency', 'applies only to the delivery-status probe, which is off',
      new Described('true with deliveryStatusProbe false'),
      'Remove reserveProbeConcurrency, or leave alarms.deliveryStatusProbe undefined.');
  }
  for (const probeOption of ['probeVpc', 'probeVpcSubnets'] as const) {
    if (options.deliveryStatusProbe === false && options[probeOption]) {
      throw invalid(`alarms.${probeOption}`, 'applies only to the delivery-status probe, which is off',
        new Described('given with deliveryStatusProbe false'), `Remove ${probeOption}, or leave alarms.deliveryStatusProbe undefined.`);
    }
  }
  if (options.probeVpcSubnets && !options.probeVpc) {
    throw invalid('alarms.probeVpcSubnets', 'needs probeVpc', new Described('subnets without a VPC'),
      'Pass the VPC as alarms.probeVpc too, or remove probeVpcSubnets.');
  }
  const period = options.period ?? Duration.hours(1);
  validatePeriod(period);
  const deliveryStatusProbe = enabled && (options.deliveryStatusProbe ?? true);
  return {
    enabled,
    period,
    deliveryStatusProbe,
    reserveProbeConcurrency: deliveryStatusProbe && (options.reserveProbeConcurrency ?? false),
    topic: options.topic,
    probeVpc: deliveryStatusProbe ? options.probeVpc : undefined,
    probeVpcSubnets: options.probeVpcSubnets,
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

