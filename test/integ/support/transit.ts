import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';

export interface TestTransitProps {
  /** The VPC whose traffic goes through the transit gateway. */
  readonly source: ec2.IVpc;
  /** The VPC the transit gateway forwards everything to. */
  readonly sink: ec2.IVpc;
}

/**
 * A transit gateway with the cheapest routing that makes records with both
 * private and public addresses: every packet from `source` that has no
 * more specific route (S3 keeps its gateway endpoint) goes to the gateway,
 * which sends it all to `sink`, where nothing answers. Transit gateway flow
 * logs record the packets the gateway forwards
 * (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-flow-logs.html).
 */
export class TestTransit extends Construct {
  public readonly transitGateway: ec2.CfnTransitGateway;

  constructor(scope: Construct, id: string, props: TestTransitProps) {
    super(scope, id);
    this.transitGateway = new ec2.CfnTransitGateway(this, 'Gateway', {
      description: 'cdk-flow-log-archive integration test',
      defaultRouteTableAssociation: 'disable',
      defaultRouteTablePropagation: 'disable',
    });
    const attach = (name: string, vpc: ec2.IVpc) => new ec2.CfnTransitGatewayAttachment(this, name, {
      transitGatewayId: this.transitGateway.ref,
      vpcId: vpc.vpcId,
      subnetIds: vpc.isolatedSubnets.map((s) => s.subnetId),
    });
    const source = attach('SourceAttachment', props.source);
    const sink = attach('SinkAttachment', props.sink);

    const routeTable = new ec2.CfnTransitGatewayRouteTable(this, 'RouteTable', { transitGatewayId: this.transitGateway.ref });
    new ec2.CfnTransitGatewayRouteTableAssociation(this, 'SourceAssociation', {
      transitGatewayAttachmentId: source.ref,
      transitGatewayRouteTableId: routeTable.ref,
    });
    new ec2.CfnTransitGatewayRoute(this, 'EverythingToSink', {
      transitGatewayRouteTableId: routeTable.ref,
      destinationCidrBlock: '0.0.0.0/0',
      transitGatewayAttachmentId: sink.ref,
    });
    props.source.isolatedSubnets.forEach((subnet, i) => {
      const route = new ec2.CfnRoute(this, `SourceDefaultRoute${i}`, {
        routeTableId: subnet.routeTable.routeTableId,
        destinationCidrBlock: '0.0.0.0/0',
        transitGatewayId: this.transitGateway.ref,
      });
      // A route to a transit gateway needs the VPC's attachment first.
      route.addDependency(source);
    });
  }
}
