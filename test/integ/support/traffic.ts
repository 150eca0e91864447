import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** A host (name or IPv4 address) and the TCP ports to connect to on each of its addresses. */
export interface TrafficTarget {
  readonly host: string;
  readonly ports: number[];
}

export interface TrafficProps {
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.ISubnet[];
  readonly targets: TrafficTarget[];
}

/**
 * Resolves each host to all its IPv4 addresses and opens one TCP connection
 * to every address and port, so that each network interface behind a name
 * (one per subnet for an interface endpoint) gets flows. A refused or
 * timed-out connection still makes a flow-log record (REJECT, or packets
 * without an answer).
 */
const HANDLER = `
const dns = require('node:dns').promises;
const net = require('node:net');
const connect = (host, port) => new Promise((resolve) => {
  const socket = net.connect({ host, port, timeout: 3000 });
  const done = (outcome) => { socket.destroy(); resolve(host + ':' + port + ' ' + outcome); };
  socket.on('connect', () => done('connected'));
  socket.on('timeout', () => done('timed out'));
  socket.on('error', (e) => done(e.code || e.message));
});
exports.handler = async () => {
  const results = [];
  for (const target of JSON.parse(process.env.TARGETS)) {
    const addresses = net.isIP(target.host) ? [target.host] : await dns.resolve4(target.host);
    for (const address of addresses) {
      for (const port of target.ports) {
        results.push(await connect(address, port));
      }
    }
  }
  console.log(JSON.stringify(results));
  return results;
};
`;

/**
 * A small function in the VPC that makes traffic every minute (and when an
 * assertion invokes it): the cheapest way to give every flow log records
 * without a NAT gateway or an instance.
 */
export class Traffic extends Construct {
  public readonly function: lambda.Function;

  constructor(scope: Construct, id: string, props: TrafficProps) {
    super(scope, id);
    this.function = new lambda.Function(this, 'Function', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(HANDLER),
      vpc: props.vpc,
      vpcSubnets: { subnets: props.subnets },
      timeout: Duration.minutes(1),
      memorySize: 128,
      environment: { TARGETS: Stack.of(this).toJsonString(props.targets) },
      logGroup: new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_DAY, removalPolicy: RemovalPolicy.DESTROY }),
    });
    new events.Rule(this, 'EveryMinute', {
      schedule: events.Schedule.rate(Duration.minutes(1)),
      targets: [new targets.LambdaFunction(this.function, { retryAttempts: 0 })],
    });
  }
}
