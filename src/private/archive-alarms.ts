import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ResolvedAlarmOptions } from './alarm-options';
import { AlarmSpec, createAlarm } from './alarm-spec';
import { createAlarmKey, createAlarmTopic } from './alarm-topic';
import { probeAlarm } from './delivery-alarms';
import { DeliveryStatusProbe } from './delivery-probe';

/**
 * The delivery alarms of an archive, all notifying one topic: each
 * destination adds its own (`ArchiveDestination.addAlarms`), then the
 * delivery-status probe and its alarm come last. The topic and the key
 * that encrypts it (and the probe's log group and queue) are created here.
 */
export class ArchiveAlarms {
  public readonly topic: sns.ITopic;
  public readonly alarms: cloudwatch.IAlarm[] = [];
  public probe?: DeliveryStatusProbe;
  private key?: kms.Key;

  constructor(
    private readonly scope: Construct,
    /** The archive's name in its account and Region, as alarm names and descriptions show it. */
    public readonly archiveName: string,
    private readonly options: ResolvedAlarmOptions,
    private readonly removalPolicy: RemovalPolicy,
  ) {
    this.topic = options.topic ?? createAlarmTopic(scope, this.alarmKey());
  }

  /** The window in which no delivered data means delivery stalled. */
  public get period(): Duration {
    return this.options.period;
  }

  /** Creates the alarm, notifying the topic on ALARM and OK. */
  public add(spec: AlarmSpec): cloudwatch.Alarm {
    const alarm = createAlarm(this.scope, spec, this.topic);
    this.alarms.push(alarm);
    return alarm;
  }

  /** The delivery-status probe and its alarm, when the options ask for them. */
  public addProbe(expectedFlowLogs: () => number): void {
    if (!this.options.deliveryStatusProbe) {
      return;
    }
    this.probe = new DeliveryStatusProbe(this.scope, 'DeliveryStatusProbe', {
      archiveName: this.archiveName,
      expectedFlowLogs,
      encryptionKey: this.alarmKey(),
      removalPolicy: this.removalPolicy,
      reserveConcurrency: this.options.reserveProbeConcurrency,
      vpc: this.options.probeVpc,
      vpcSubnets: this.options.probeVpcSubnets,
    });
    this.add(probeAlarm(this.archiveName));
  }

  private alarmKey(): kms.Key {
    this.key ??= createAlarmKey(this.scope, this.removalPolicy);
    return this.key;
  }
}
