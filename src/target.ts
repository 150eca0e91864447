import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { constructIdFrom, pathWithinStack, stableIdentity } from './private/ids';
import { isTransitGatewayType } from './private/resource-types';
import { invalid, isToken } from './private/validation';

/**
 * What a target resolves to when a `FlowLogArchive` logs it.
 */
export interface FlowLogTargetConfig {
  /**
   * The CloudFormation `ResourceType` of the flow log, e.g. `VPC`.
   */
  readonly resourceType: string;

  /**
   * The id of the logged resource (`vpc-...`, `subnet-...`, `eni-...`); usually a token.
   */
  readonly resourceId: string;

  /**
   * The construct ID of this target under the archive. Derived from the
   * target's identity (construct path or resource id), never from its
   * position in a list, so adding or reordering targets keeps logical IDs.
   */
  readonly id: string;

  /**
   * A short human-readable label, used in Name tags.
   */
  readonly label: string;
}

/**
 * A resource whose traffic is logged: a VPC, a subnet, a network interface,
 * a transit gateway or a transit gateway attachment.
 *
 * Create one with the static factories, mirroring `ec2.FlowLogResourceType`.
 */
export abstract class FlowLogTarget {
  /**
   * Log all traffic of a VPC (every subnet and network interface in it).
   */
  public static fromVpc(vpc: ec2.IVpc): FlowLogTarget {
    return new ConstructTarget('VPC', 'Vpc', vpc, vpc.vpcId);
  }

  /**
   * Log the traffic of one subnet.
   */
  public static fromSubnet(subnet: ec2.ISubnet): FlowLogTarget {
    return new ConstructTarget('Subnet', 'Subnet', subnet, subnet.subnetId);
  }

  /**
   * Log the traffic of each given subnet, e.g. `vpc.selectSubnets(...).subnets`.
   */
  public static fromSubnets(subnets: ec2.ISubnet[]): FlowLogTarget[] {
    return subnets.map((subnet) => FlowLogTarget.fromSubnet(subnet));
  }

  /**
   * Log the traffic of one elastic network interface, by id (`eni-...`).
   *
   * The id may be a token, such as `CfnNetworkInterface.ref`.
   */
  public static fromNetworkInterfaceId(eniId: string): FlowLogTarget {
    validateId('eniId', eniId, /^eni-([0-9a-f]{8}|[0-9a-f]{17})$/, "a network interface id ('eni-' and 8 or 17 hex digits)",
      "Pass the interface's id, e.g. 'eni-0123456789abcdef0' or CfnNetworkInterface.ref.");
    return new ResourceIdTarget('NetworkInterface', 'Eni', eniId);
  }

  /**
   * Log the traffic of a transit gateway, by id (`tgw-...`). Transit gateway
   * flow logs have no traffic type and always aggregate over 60 seconds.
   */
  public static fromTransitGatewayId(tgwId: string): FlowLogTarget {
    validateId('tgwId', tgwId, /^tgw-([0-9a-f]{8}|[0-9a-f]{17})$/, "a transit gateway id ('tgw-' and 8 or 17 hex digits)",
      "Pass the gateway's id, e.g. 'tgw-0123456789abcdef0' or CfnTransitGateway.ref.");
    return new ResourceIdTarget('TransitGateway', 'Tgw', tgwId);
  }

  /**
   * Log the traffic of one transit gateway attachment, by id (`tgw-attach-...`).
   */
  public static fromTransitGatewayAttachmentId(attachmentId: string): FlowLogTarget {
    validateId('attachmentId', attachmentId, /^tgw-attach-([0-9a-f]{8}|[0-9a-f]{17})$/,
      "a transit gateway attachment id ('tgw-attach-' and 8 or 17 hex digits)",
      "Pass the attachment's id, e.g. 'tgw-attach-0123456789abcdef0' or CfnTransitGatewayAttachment.ref.");
    return new ResourceIdTarget('TransitGatewayAttachment', 'TgwAttachment', attachmentId);
  }

  /**
   * The CloudFormation `ResourceType` of flow logs for this target.
   */
  public abstract readonly resourceType: string;

  /**
   * Whether this is a transit gateway or transit gateway attachment (no
   * traffic type, 60-second aggregation, its own record fields).
   */
  public get isTransitGateway(): boolean {
    return isTransitGatewayType(this.resourceType);
  }

  /**
   * Resolve the target for the archive at `scope`.
   */
  public abstract bind(scope: IConstruct): FlowLogTargetConfig;
}

/** A target that is a construct in the app (VPC, subnet): identified by its path. */
class ConstructTarget extends FlowLogTarget {
  constructor(
    public readonly resourceType: string,
    private readonly kind: string,
    private readonly construct: IConstruct,
    private readonly resourceId: string,
  ) {
    super();
  }

  public bind(scope: IConstruct): FlowLogTargetConfig {
    const path = pathWithinStack(this.construct, scope);
    return {
      resourceType: this.resourceType,
      resourceId: this.resourceId,
      id: constructIdFrom(this.kind, path),
      label: path,
    };
  }
}

/** A target known only by a resource id (ENI): identified by that id, or by what a token refers to. */
class ResourceIdTarget extends FlowLogTarget {
  constructor(
    public readonly resourceType: string,
    private readonly kind: string,
    private readonly resourceId: string,
  ) {
    super();
  }

  public bind(scope: IConstruct): FlowLogTargetConfig {
    const identity = stableIdentity(scope, this.resourceId);
    return {
      resourceType: this.resourceType,
      resourceId: this.resourceId,
      id: constructIdFrom(this.kind, identity),
      label: identity.replace(/[^A-Za-z0-9\-_.:/]/g, ''),
    };
  }
}

function validateId(property: string, value: string, pattern: RegExp, what: string, fix: string): void {
  if (!isToken(value) && !pattern.test(value)) {
    throw invalid(property, `must be ${what}`, value, fix);
  }
}
