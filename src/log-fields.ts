import { isTransitGatewayType } from './private/resource-types';
import { invalid, isToken } from './private/validation';

/**
 * The Parquet type in which AWS writes a field when a flow log delivers
 * Parquet files to S3 (in plain-text files every field is text).
 *
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html
 * @see https://docs.aws.amazon.com/vpc/latest/tgw/tgw-flow-logs.html
 */
export enum FlowLogParquetType {
  /** Text. */
  STRING = 'STRING',
  /** A 32-bit integer. */
  INT_32 = 'INT_32',
  /** A 64-bit integer. */
  INT_64 = 'INT_64',
}

/**
 * Which kind of flow log accepts a field. VPC-family targets (VPC, subnet,
 * network interface) and transit gateways have different field sets.
 */
interface Acceptance {
  readonly vpc: boolean;
  readonly transitGateway: boolean;
}

const VPC: Acceptance = { vpc: true, transitGateway: false };
const TGW: Acceptance = { vpc: false, transitGateway: true };
const BOTH: Acceptance = { vpc: true, transitGateway: true };

const { STRING, INT_32, INT_64 } = FlowLogParquetType;

/** Every field the library knows, in documentation order (filled as the constants are created). */
const KNOWN: FlowLogField[] = [];

/**
 * One field of a flow-log record (`${srcaddr}`), with the record version
 * that introduced it, the flow-log kinds that accept it and the Parquet type
 * AWS writes it in.
 *
 * The constants follow the AWS VPC and Transit Gateway user guides ("Flow
 * log records", https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html;
 * "Transit Gateway Flow Logs records", https://docs.aws.amazon.com/vpc/latest/tgw/tgw-flow-logs.html),
 * in the VPC guide's order. Both guides list the Parquet type of each field;
 * they differ for `protocol` (INT_32 for VPCs, INT_64 for transit gateways).
 * For a field newer than this library, use `FlowLogField.of(name)`.
 */
export class FlowLogField {
  // Version 2: the default format, in its order.
  /** The flow-log record version. */
  public static readonly VERSION = new FlowLogField('version', 2, BOTH, INT_32);
  /** Account that owns the logged interface (or transit gateway). */
  public static readonly ACCOUNT_ID = new FlowLogField('account-id', 2, BOTH, STRING);
  /** The network interface. */
  public static readonly INTERFACE_ID = new FlowLogField('interface-id', 2, VPC, STRING);
  /** Source address. */
  public static readonly SRCADDR = new FlowLogField('srcaddr', 2, BOTH, STRING);
  /** Destination address. */
  public static readonly DSTADDR = new FlowLogField('dstaddr', 2, BOTH, STRING);
  /** Source port. */
  public static readonly SRCPORT = new FlowLogField('srcport', 2, BOTH, INT_32);
  /** Destination port. */
  public static readonly DSTPORT = new FlowLogField('dstport', 2, BOTH, INT_32);
  /** IANA protocol number. */
  public static readonly PROTOCOL = new FlowLogField('protocol', 2, BOTH, INT_32, INT_64);
  /** Packets in the flow. */
  public static readonly PACKETS = new FlowLogField('packets', 2, BOTH, INT_64);
  /** Bytes in the flow. */
  public static readonly BYTES = new FlowLogField('bytes', 2, BOTH, INT_64);
  /** Start of the aggregation window (Unix seconds). */
  public static readonly START = new FlowLogField('start', 2, BOTH, INT_64);
  /** End of the aggregation window (Unix seconds). */
  public static readonly END = new FlowLogField('end', 2, BOTH, INT_64);
  /** ACCEPT or REJECT. */
  public static readonly ACTION = new FlowLogField('action', 2, VPC, STRING);
  /** OK, NODATA or SKIPDATA. */
  public static readonly LOG_STATUS = new FlowLogField('log-status', 2, BOTH, STRING);

  // Version 3
  /** The VPC of the interface. */
  public static readonly VPC_ID = new FlowLogField('vpc-id', 3, VPC, STRING);
  /** The subnet of the interface. */
  public static readonly SUBNET_ID = new FlowLogField('subnet-id', 3, VPC, STRING);
  /** The instance of the interface. */
  public static readonly INSTANCE_ID = new FlowLogField('instance-id', 3, VPC, STRING);
  /** Bitmask of TCP flags seen. */
  public static readonly TCP_FLAGS = new FlowLogField('tcp-flags', 3, BOTH, INT_32);
  /** IPv4, IPv6 or EFA. */
  public static readonly TYPE = new FlowLogField('type', 3, BOTH, STRING);
  /** Packet-level source address. */
  public static readonly PKT_SRCADDR = new FlowLogField('pkt-srcaddr', 3, VPC, STRING);
  /** Packet-level destination address. */
  public static readonly PKT_DSTADDR = new FlowLogField('pkt-dstaddr', 3, VPC, STRING);

  // Version 4
  /** Region of the interface (or transit gateway). */
  public static readonly REGION = new FlowLogField('region', 4, BOTH, STRING);
  /** Availability Zone id. */
  public static readonly AZ_ID = new FlowLogField('az-id', 4, VPC, STRING);
  /** wavelength, outpost or localzone. */
  public static readonly SUBLOCATION_TYPE = new FlowLogField('sublocation-type', 4, VPC, STRING);
  /** Id of the sublocation. */
  public static readonly SUBLOCATION_ID = new FlowLogField('sublocation-id', 4, VPC, STRING);

  // Version 5
  /** AWS service of the packet-level source address. */
  public static readonly PKT_SRC_AWS_SERVICE = new FlowLogField('pkt-src-aws-service', 5, BOTH, STRING);
  /** AWS service of the packet-level destination address. */
  public static readonly PKT_DST_AWS_SERVICE = new FlowLogField('pkt-dst-aws-service', 5, BOTH, STRING);
  /** ingress or egress. */
  public static readonly FLOW_DIRECTION = new FlowLogField('flow-direction', 5, BOTH, STRING);
  /** Path egress traffic takes (1 to 8). */
  public static readonly TRAFFIC_PATH = new FlowLogField('traffic-path', 5, VPC, INT_32);

  // Version 6: transit gateways
  /** VPC, VPN, Direct Connect, peering or connect. */
  public static readonly RESOURCE_TYPE = new FlowLogField('resource-type', 6, TGW, STRING);
  /** The transit gateway. */
  public static readonly TGW_ID = new FlowLogField('tgw-id', 6, TGW, STRING);
  /** The transit gateway attachment. */
  public static readonly TGW_ATTACHMENT_ID = new FlowLogField('tgw-attachment-id', 6, TGW, STRING);
  /** Account of the source VPC. */
  public static readonly TGW_SRC_VPC_ACCOUNT_ID = new FlowLogField('tgw-src-vpc-account-id', 6, TGW, STRING);
  /** Account of the destination VPC. */
  public static readonly TGW_DST_VPC_ACCOUNT_ID = new FlowLogField('tgw-dst-vpc-account-id', 6, TGW, STRING);
  /** Source VPC. */
  public static readonly TGW_SRC_VPC_ID = new FlowLogField('tgw-src-vpc-id', 6, TGW, STRING);
  /** Destination VPC. */
  public static readonly TGW_DST_VPC_ID = new FlowLogField('tgw-dst-vpc-id', 6, TGW, STRING);
  /** Source subnet. */
  public static readonly TGW_SRC_SUBNET_ID = new FlowLogField('tgw-src-subnet-id', 6, TGW, STRING);
  /** Destination subnet. */
  public static readonly TGW_DST_SUBNET_ID = new FlowLogField('tgw-dst-subnet-id', 6, TGW, STRING);
  /** Source interface. */
  public static readonly TGW_SRC_ENI = new FlowLogField('tgw-src-eni', 6, TGW, STRING);
  /** Destination interface. */
  public static readonly TGW_DST_ENI = new FlowLogField('tgw-dst-eni', 6, TGW, STRING);
  /** Availability Zone of the source. */
  public static readonly TGW_SRC_AZ_ID = new FlowLogField('tgw-src-az-id', 6, TGW, STRING);
  /** Availability Zone of the destination. */
  public static readonly TGW_DST_AZ_ID = new FlowLogField('tgw-dst-az-id', 6, TGW, STRING);
  /** The peer attachment of the flow. */
  public static readonly TGW_PAIR_ATTACHMENT_ID = new FlowLogField('tgw-pair-attachment-id', 6, TGW, STRING);
  /** Packets dropped: no route. */
  public static readonly PACKETS_LOST_NO_ROUTE = new FlowLogField('packets-lost-no-route', 6, TGW, INT_64);
  /** Packets dropped: blackhole route. */
  public static readonly PACKETS_LOST_BLACKHOLE = new FlowLogField('packets-lost-blackhole', 6, TGW, INT_64);
  /** Packets dropped: larger than the MTU. */
  public static readonly PACKETS_LOST_MTU_EXCEEDED = new FlowLogField('packets-lost-mtu-exceeded', 6, TGW, INT_64);
  /** Packets dropped: TTL expired. */
  public static readonly PACKETS_LOST_TTL_EXPIRED = new FlowLogField('packets-lost-ttl-expired', 6, TGW, INT_64);

  // Version 7: Amazon ECS
  /** ARN of the ECS cluster. */
  public static readonly ECS_CLUSTER_ARN = new FlowLogField('ecs-cluster-arn', 7, VPC, STRING);
  /** Name of the ECS cluster. */
  public static readonly ECS_CLUSTER_NAME = new FlowLogField('ecs-cluster-name', 7, VPC, STRING);
  /** ARN of the ECS container instance. */
  public static readonly ECS_CONTAINER_INSTANCE_ARN = new FlowLogField('ecs-container-instance-arn', 7, VPC, STRING);
  /** Id of the ECS container instance. */
  public static readonly ECS_CONTAINER_INSTANCE_ID = new FlowLogField('ecs-container-instance-id', 7, VPC, STRING);
  /** Docker id of the container. */
  public static readonly ECS_CONTAINER_ID = new FlowLogField('ecs-container-id', 7, VPC, STRING);
  /** Docker id of a second container of the task. */
  public static readonly ECS_SECOND_CONTAINER_ID = new FlowLogField('ecs-second-container-id', 7, VPC, STRING);
  /** Name of the ECS service. */
  public static readonly ECS_SERVICE_NAME = new FlowLogField('ecs-service-name', 7, VPC, STRING);
  /** ARN of the task definition. */
  public static readonly ECS_TASK_DEFINITION_ARN = new FlowLogField('ecs-task-definition-arn', 7, VPC, STRING);
  /** ARN of the task. */
  public static readonly ECS_TASK_ARN = new FlowLogField('ecs-task-arn', 7, VPC, STRING);
  /** Id of the task. */
  public static readonly ECS_TASK_ID = new FlowLogField('ecs-task-id', 7, VPC, STRING);

  // Version 8
  /** Why traffic was rejected (e.g. BPA for VPC Block Public Access). */
  public static readonly REJECT_REASON = new FlowLogField('reject-reason', 8, VPC, STRING);

  // Versions 9 to 11, listed after reject-reason in the VPC guide
  // (https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html).
  // Their versions and Parquet types were checked against parsers that follow
  // the guide (Vector's parse_aws_vpc_flow_log: v9 resource-id, v10 integer
  // encryption-status, v11 the rest as text), not against the guide's table
  // itself: confirm them there when you can. The EC2 tag fields of version 11
  // follow these (they need the flow log's TagFieldSpecifications).
  /** The resource the record is about when it is not a network interface (e.g. a regional NAT gateway). */
  public static readonly RESOURCE_ID = new FlowLogField('resource-id', 9, VPC, STRING);
  /**
   * Whether the traffic was encrypted in transit: 0 no, 1 by the Nitro
   * system, 2 by the application (TLS), 3 both; '-' when VPC Encryption
   * Controls are off (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-encryption-controls.html).
   */
  public static readonly ENCRYPTION_STATUS = new FlowLogField('encryption-status', 10, VPC, INT_32);
  /** The kind of network interface (e.g. nat_gateway). */
  public static readonly INTERFACE_TYPE = new FlowLogField('interface-type', 11, VPC, STRING);
  /** The network interface the traffic goes to next. */
  public static readonly NEXT_HOP_INTERFACE_ID = new FlowLogField('next-hop-interface-id', 11, VPC, STRING);
  /** The subnet of the next hop. */
  public static readonly NEXT_HOP_SUBNET_ID = new FlowLogField('next-hop-subnet-id', 11, VPC, STRING);
  /** The Availability Zone id of the next hop. */
  public static readonly NEXT_HOP_AZ_ID = new FlowLogField('next-hop-az-id', 11, VPC, STRING);
  /** The VPC of the next hop. */
  public static readonly NEXT_HOP_VPC_ID = new FlowLogField('next-hop-vpc-id', 11, VPC, STRING);
  /** The kind of network interface of the next hop. */
  public static readonly NEXT_HOP_INTERFACE_TYPE = new FlowLogField('next-hop-interface-type', 11, VPC, STRING);

  // The EC2 tag fields of version 11: the value of a tag, named by the flow
  // log's TagFieldSpecifications (one or two tag keys per resource type:
  // instance, network-interface, auto-scaling-group; https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_TagFieldSpecificationRequest.html).
  // `<type>-tag` holds the first key's value, `<type>-tag-2` the second's.
  // Use them with `FlowLogFormat.withTagKeys()`; ALL_FIELDS leaves them out.
  /** The value of the first tag key (`withTagKeys({ instance })`) of the instance. */
  public static readonly INSTANCE_TAG = new FlowLogField('instance-tag', 11, VPC, STRING);
  /** The value of the second tag key of the instance. */
  public static readonly INSTANCE_TAG_2 = new FlowLogField('instance-tag-2', 11, VPC, STRING);
  /** The value of the first tag key (`withTagKeys({ networkInterface })`) of the network interface. */
  public static readonly INTERFACE_TAG = new FlowLogField('interface-tag', 11, VPC, STRING);
  /** The value of the second tag key of the network interface. */
  public static readonly INTERFACE_TAG_2 = new FlowLogField('interface-tag-2', 11, VPC, STRING);
  /** The value of the first tag key (`withTagKeys({ autoScalingGroup })`) of the instance's Auto Scaling group. */
  public static readonly ASG_TAG = new FlowLogField('asg-tag', 11, VPC, STRING);
  /** The value of the second tag key of the Auto Scaling group. */
  public static readonly ASG_TAG_2 = new FlowLogField('asg-tag-2', 11, VPC, STRING);

  /**
   * The field called `name`: the constant when this library knows it, else
   * a field accepted by every kind of flow log (synth warns that the library
   * cannot check it).
   */
  public static of(name: string): FlowLogField {
    const known = KNOWN.find((field) => field.name === name);
    if (known) {
      return known;
    }
    if (!isToken(name) && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) {
      throw invalid('FlowLogField.of', 'takes a field name of lower-case letters, digits and single hyphens', name,
        "Write the name as in the AWS documentation, without '${}', e.g. 'pkt-srcaddr'.");
    }
    return new FlowLogField(name, 0, BOTH, undefined, undefined, false);
  }

  /** Every field this library knows, in the order of the AWS documentation. */
  public static all(): FlowLogField[] {
    return [...KNOWN];
  }

  /** Accepted by VPC, subnet and network interface flow logs. */
  public readonly vpcTargets: boolean;
  /** Accepted by transit gateway and transit gateway attachment flow logs. */
  public readonly transitGatewayTargets: boolean;
  /**
   * The Parquet type AWS writes the field in for VPC, subnet and network
   * interface flow logs.
   *
   * @default - undefined when those flow logs do not accept the field, or the library does not know it
   */
  public readonly parquetType?: FlowLogParquetType;
  /**
   * The Parquet type AWS writes the field in for transit gateway flow logs.
   *
   * @default - undefined when those flow logs do not accept the field, or the library does not know it
   */
  public readonly transitGatewayParquetType?: FlowLogParquetType;

  private constructor(
    /** The field name, e.g. `srcaddr`. */
    public readonly name: string,
    /** The record version that introduced the field (0 when unknown to this library). */
    public readonly version: number,
    accepted: Acceptance,
    parquetType?: FlowLogParquetType,
    transitGatewayParquetType?: FlowLogParquetType,
    /** Whether this library knows the field (false for `of()` with a new name). */
    public readonly known: boolean = true,
  ) {
    this.vpcTargets = accepted.vpc;
    this.transitGatewayTargets = accepted.transitGateway;
    this.parquetType = accepted.vpc ? parquetType : undefined;
    this.transitGatewayParquetType = accepted.transitGateway ? transitGatewayParquetType ?? parquetType : undefined;
    if (known) {
      KNOWN.push(this);
    }
  }

  /** Whether a flow log of this CloudFormation `ResourceType` accepts the field. */
  public acceptedBy(resourceType: string): boolean {
    return isTransitGatewayType(resourceType) ? this.transitGatewayTargets : this.vpcTargets;
  }

  /**
   * The Parquet type AWS writes the field in for flow logs of this
   * CloudFormation `ResourceType`; undefined when they do not accept the
   * field or the library does not know it.
   */
  public parquetTypeFor(resourceType: string): FlowLogParquetType | undefined {
    return isTransitGatewayType(resourceType) ? this.transitGatewayParquetType : this.parquetType;
  }

  /** `${name}`, as in a LogFormat. */
  public toString(): string {
    return `\${${this.name}}`;
  }
}
