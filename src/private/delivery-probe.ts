import { ArnFormat, Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct, IDependable } from 'constructs';
import { allowLogGroupEncryption } from './cloudwatch-delivery';
import { PROBE_NAMESPACE } from './metrics';
import { inCompliancePacks, suppressNagRules } from './nag';
import { ProbeFunction } from './probe-function';
import { ARCHIVE_NAME_VARIABLE, DELIVERY_ERRORS_METRIC, EXPECTED_FLOW_LOGS_PATH_VARIABLE, EXPECTED_FLOW_LOGS_VARIABLE } from './probe-metric';

/**
 * Why the probe reserves no concurrency unless asked: a reservation must
 * leave at least 100 executions of the account's quota unreserved
 * (https://docs.aws.amazon.com/lambda/latest/dg/API_PutFunctionConcurrency.html),
 * so any reservation fails to deploy in accounts whose quota is 10, as new
 * accounts often have.
 */
const UNRESERVED_CONCURRENCY = 'The probe is invoked only by its own EventBridge schedule (every 15 minutes, at most 2 retries), '
  + 'so its concurrency is bounded by that trigger; a reservation is off by default because Lambda refuses any reservation '
  + 'in accounts whose concurrency quota is 10 (new accounts), and alarms.reserveProbeConcurrency turns it on.';


export interface DeliveryStatusProbeProps {
  /** The archive's name: the probe's metric dimension and the value of the archive tag on its flow logs. */
  readonly archiveName: string;
  /** How many flow logs the archive has in the probe's stack (fewer found means some were deleted). */
  readonly expectedFlowLogs: () => number;
  /** Encrypts the probe's log group and dead-letter queue. */
  readonly encryptionKey: kms.IKey;
  readonly removalPolicy: RemovalPolicy;
  /** Reserve one concurrent execution (the NIST and HIPAA packs ask; accounts with a quota of 10 refuse). */
  readonly reserveConcurrency: boolean;
  /** Run in this VPC (CT.LAMBDA.PR.3). @default - outside any VPC */
  readonly vpc?: ec2.IVpc;
  /** @default - the VPC's private subnets with egress */
  readonly vpcSubnets?: ec2.SubnetSelection;
}

/**
 * A scheduled function that asks EC2 for the delivery status of the
 * archive's flow logs, because a broken key or bucket policy makes delivery
 * fail silently: the only sign is DeliverLogsStatus FAILED on the flow log.
 */
export class DeliveryStatusProbe extends Construct {
  public readonly function: ProbeFunction;
  private readonly policy: iam.ManagedPolicy;
  private readonly archiveName: string;
  /** The parameter of each other stack that holds flow logs of the archive. */
  private readonly expectedElsewhere = new Map<Stack, ssm.CfnParameter>();
  /** Whether the function reads the parameters (set once, kept). */
  private readsParameters = false;

  constructor(scope: Construct, id: string, props: DeliveryStatusProbeProps) {
    super(scope, id);
    const { encryptionKey: key, removalPolicy } = props;
    this.archiveName = props.archiveName;

    allowLogGroupEncryption(this, key);
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_YEAR, encryptionKey: key, removalPolicy });
    const deadLetters = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      // Declares the queue a dead-letter queue, so it needs none of its own
      // (CT.SQS.PR.1 skips such queues). allowAll is SQS's default: queues of
      // this account and Region may name it as their dead-letter queue
      // (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-configure-dead-letter-queue-redrive.html).
      redriveAllowPolicy: { redrivePermission: sqs.RedrivePermission.ALLOW_ALL },
    });
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the delivery-status probe of ${scope.node.path}`,
    });
    const policy = this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: `Lets the delivery-status probe of ${scope.node.path} read flow-log status and publish its metric`,
      roles: [role],
      statements: [...probeStatements(logGroup, deadLetters, key), ...(props.vpc ? [vpcAccessStatement()] : [])],
    });
    suppressNagRules(policy, [{
      id: 'AwsSolutions-IAM5',
      reason: 'ec2:DescribeFlowLogs and cloudwatch:PutMetricData support no resource-level permissions (Resource must be *); '
        + 'PutMetricData is limited to the CdkFlowLogArchive namespace by the cloudwatch:namespace condition.'
        + (props.vpc ? ' In a VPC, the network-interface actions Lambda needs are those of AWSLambdaVPCAccessExecutionRole, on *.' : ''),
      appliesTo: ['Resource::*'],
    }]);

    this.function = new ProbeFunction(this, 'Function', {
      description: `Publishes ${PROBE_NAMESPACE}/${DELIVERY_ERRORS_METRIC} for the flow logs of ${scope.node.path}`.slice(0, 256),
      // Every permission is in the managed policy above (the NIST, HIPAA and
      // PCI packs reject inline policies, which the L2 would add for the DLQ).
      role: role.withoutPolicyUpdates(),
      logGroup,
      timeout: Duration.minutes(1),
      memorySize: 256,
      reservedConcurrentExecutions: props.reserveConcurrency ? 1 : undefined,
      ...this.vpcPlacement(props),
      deadLetterQueue: deadLetters,
      environment: {
        // The tag, namespace and metric names are the handler's own (probe-metric.ts).
        [ARCHIVE_NAME_VARIABLE]: props.archiveName,
        [EXPECTED_FLOW_LOGS_VARIABLE]: Lazy.string({ produce: () => String(props.expectedFlowLogs()) }),
      },
    });
    this.function.node.addDependency(policy);
    if (!props.vpc) {
      suppressNagRules(this.function, inCompliancePacks('LambdaInsideVPC',
        'The probe calls only the EC2 and CloudWatch APIs and touches no network resource; placing it in a VPC would need NAT '
        + 'or interface endpoints that this construct cannot assume exist (alarms.probeVpc places it in one that has them).'));
    }
    if (!props.reserveConcurrency) {
      suppressNagRules(this.function, ['NIST.800.53.R5', 'HIPAA.Security'].map((pack) => ({
        id: `${pack}-LambdaConcurrency`,
        reason: UNRESERVED_CONCURRENCY,
      })));
    }

    new events.Rule(this, 'Schedule', {
      description: `Runs the delivery-status probe of ${scope.node.path} every 15 minutes`,
      schedule: events.Schedule.rate(Duration.minutes(15)),
      targets: [new targets.LambdaFunction(this.function, { retryAttempts: 2, maxEventAge: Duration.minutes(15) })],
    });
  }

  /** Where the function runs when given a VPC: its subnets, and a security group that only lets it call AWS APIs over HTTPS. */
  private vpcPlacement(props: DeliveryStatusProbeProps): Partial<lambda.FunctionOptions> {
    if (!props.vpc) {
      return {};
    }
    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Delivery-status probe: no inbound, outbound HTTPS to the EC2 and CloudWatch APIs',
      allowAllOutbound: false,
    });
    securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to the EC2 and CloudWatch APIs (NAT or interface endpoints)');
    return {
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [securityGroup],
    };
  }

  /**
   * Makes the function wait for a flow log of the archive. An update that
   * adds a flow log raises EXPECTED_FLOW_LOGS; were the function updated
   * first, a run in between would count the new flow log as missing.
   */
  public waitFor(flowLog: IDependable): void {
    this.function.node.addDependency(flowLog);
  }

  /**
   * Expects flow logs of the archive in another stack, which deploys after
   * this one (it references the archive): a Parameter Store parameter there,
   * written after those flow logs, holds how many it has, and the probe adds
   * up the parameters under its path. The probe's own count cannot wait for
   * flow logs of a later stack, so a count of its own would report them
   * missing until that stack deployed; a stack not deployed yet has no
   * parameter, and a deleted one takes its parameter with it.
   *
   * @param holder where the parameter goes (in the other stack)
   * @param flowLogs what holds the archive's flow logs there, which the parameter waits for
   * @param count how many flow logs of the archive that stack has
   */
  public expectIn(holder: Construct, flowLogs: IDependable, count: () => number): void {
    const stack = Stack.of(holder);
    let parameter = this.expectedElsewhere.get(stack);
    if (!parameter) {
      if (!this.readsParameters) {
        this.readParametersUnder(this.expectedFlowLogsPath);
        this.readsParameters = true;
      }
      // Names: letters, digits, _.-/ (https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-parameter-name-constraints.html).
      parameter = new ssm.CfnParameter(holder, 'ExpectedFlowLogs', {
        type: 'String',
        name: `${this.expectedFlowLogsPath}/${stack.stackName}`,
        value: Lazy.string({ produce: () => String(count()) }),
        description: `How many flow logs to ${this.archiveName} stack ${stack.stackName} has (read by its delivery-status probe)`.slice(0, 1024),
      });
      this.expectedElsewhere.set(stack, parameter);
    }
    parameter.node.addDependency(flowLogs);
  }

  /** Stops expecting flow logs in `stack` (it has none of the archive left). */
  public expectNoneIn(stack: Stack): void {
    const parameter = this.expectedElsewhere.get(stack);
    if (parameter) {
      parameter.node.scope?.node.tryRemoveChild(parameter.node.id);
      this.expectedElsewhere.delete(stack);
    }
  }

  /**
   * The Parameter Store path of the archive's other stacks' counts: unique
   * per archive in its account and Region (its stack's name, and the
   * probe's construct address, a hash of its path).
   */
  private get expectedFlowLogsPath(): string {
    return `/cdk-flow-log-archive/${Stack.of(this).stackName}/${this.node.addr}`;
  }

  /**
   * Tells the function the path, and lets it read the parameters under it.
   * GetParametersByPath is authorized on the path itself, not on the
   * parameters it returns (https://docs.aws.amazon.com/systems-manager/latest/userguide/ps-retrieval-authorization.html).
   * Kept if the other stacks' flow logs are withdrawn again: the path then holds none.
   */
  private readParametersUnder(path: string): void {
    this.function.addEnvironment(EXPECTED_FLOW_LOGS_PATH_VARIABLE, path);
    this.policy.addStatements(new iam.PolicyStatement({
      actions: ['ssm:GetParametersByPath'],
      resources: [Stack.of(this).formatArn({ service: 'ssm', resource: 'parameter', resourceName: path.slice(1), arnFormat: ArnFormat.SLASH_RESOURCE_NAME })],
    }));
  }
}

/**
 * What Lambda needs to place a function in a VPC: the actions of AWS's
 * AWSLambdaVPCAccessExecutionRole, which take no resource-level permissions
 * (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaVPCAccessExecutionRole.html).
 * Written into the probe's own managed policy, because the function's role
 * takes no policy updates from the Lambda L2.
 */
function vpcAccessStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets', 'ec2:DeleteNetworkInterface',
      'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
    resources: ['*'],
  });
}

function probeStatements(logGroup: logs.ILogGroup, deadLetters: sqs.IQueue, key: kms.IKey): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({ actions: ['ec2:DescribeFlowLogs'], resources: ['*'] }),
    new iam.PolicyStatement({
      actions: ['cloudwatch:PutMetricData'],
      resources: ['*'],
      conditions: { StringEquals: { 'cloudwatch:namespace': PROBE_NAMESPACE } },
    }),
    new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
    new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [deadLetters.queueArn] }),
    new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [key.keyArn] }),
  ];
}

