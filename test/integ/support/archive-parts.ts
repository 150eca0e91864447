import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { FlowLogArchive } from '../../../src';

/**
 * The delivery-status probe's function. The library does not expose it, so
 * the tests find it at its construct path; a rename fails the synth here
 * rather than an assertion on AWS.
 */
export function probeFunctionOf(archive: FlowLogArchive): lambda.IFunction {
  const probe = archive.node.tryFindChild('DeliveryStatusProbe')?.node.tryFindChild('Function');
  if (!(probe instanceof lambda.Function)) {
    throw new Error(`${archive.node.path} has no DeliveryStatusProbe/Function: did the probe move?`);
  }
  return probe;
}

/** The alarm on the probe's DeliveryErrors metric. */
export function probeAlarmOf(archive: FlowLogArchive): cloudwatch.Alarm {
  const alarm = archive.node.tryFindChild('DeliveryErrors');
  if (!(alarm instanceof cloudwatch.Alarm)) {
    throw new Error(`${archive.node.path} has no DeliveryErrors alarm: did the probe alarm move?`);
  }
  return alarm;
}

/** What the assertions need of an archive's delivery-status probe. */
export interface ProbeHandles {
  readonly functionName: string;
  readonly alarmName: string;
  /** How many flow logs the probe should find. */
  readonly flowLogCount: number;
}

export function probeOf(archive: FlowLogArchive): ProbeHandles {
  return {
    functionName: probeFunctionOf(archive).functionName,
    alarmName: probeAlarmOf(archive).alarmName,
    flowLogCount: archive.flowLogs.length,
  };
}
