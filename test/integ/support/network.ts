import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { TrafficTarget } from './traffic';

export interface TestNetworkProps {
  /** The VPC's CIDR block (a /24 is plenty: two /26 subnets). */
  readonly cidr: string;
  /**
   * Whether to add the STS interface endpoint (billed per hour and
   * Availability Zone), for REJECT records and a network interface to log.
   *
   * @default true
   */
  readonly endpoint?: boolean;
}

/**
 * A NAT-free VPC for integration tests: two isolated subnets in two
 * Availability Zones, an S3 gateway endpoint (free) for accepted traffic to
 * public addresses, and an STS interface endpoint whose network interfaces
 * reject anything but HTTPS, so the traffic function also makes REJECT
 * records.
 */
export class TestNetwork extends Construct {
  public readonly vpc: ec2.Vpc;
  /** One network interface per subnet, so every subnet's flow logs see traffic. */
  public readonly endpoint?: ec2.InterfaceVpcEndpoint;

  constructor(scope: Construct, id: string, props: TestNetworkProps) {
    super(scope, id);
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(props.cidr),
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 26 }],
      gatewayEndpoints: { S3: { service: ec2.GatewayVpcEndpointAwsService.S3 } },
      // The default security group is unused; restricting it would add a custom resource per test.
      restrictDefaultSecurityGroup: false,
    });
    // Interface endpoints allow only port 443 from the VPC's CIDR by default
    // (https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html),
    // so a connection to port 80 of its network interfaces is rejected and logged as REJECT.
    if (props.endpoint ?? true) {
      this.endpoint = this.vpc.addInterfaceEndpoint('Sts', {
        service: ec2.InterfaceVpcEndpointAwsService.STS,
        privateDnsEnabled: true,
        subnets: { subnets: this.vpc.isolatedSubnets },
      });
    }
  }

  /**
   * What the traffic function should connect to: S3 through the gateway
   * endpoint (accepted, public addresses), and the interface endpoint's
   * network interfaces on 443 (accepted) and 80 (rejected).
   */
  public get trafficTargets(): TrafficTarget[] {
    const region = this.vpc.stack.region;
    return [
      { host: `s3.${region}.amazonaws.com`, ports: [443] },
      // Private DNS makes the service's name resolve to the endpoint's interfaces inside the VPC.
      ...(this.endpoint ? [{ host: `sts.${region}.amazonaws.com`, ports: [443, 80] }] : []),
    ];
  }
}
