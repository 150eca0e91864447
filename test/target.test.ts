import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { FlowLogTarget } from '../src';
import { newStack, newVpc } from './support/fixtures';

describe('FlowLogTarget', () => {
  const stack = newStack();
  const vpc = newVpc(stack, 'Network');
  const scope = new Construct(stack, 'Archive');

  test('fromVpc binds to the VPC resource type, its id token and its path', () => {
    const config = FlowLogTarget.fromVpc(vpc).bind(scope);
    expect(FlowLogTarget.fromVpc(vpc).resourceType).toBe('VPC');
    expect(config).toEqual({ resourceType: 'VPC', resourceId: vpc.vpcId, id: 'Vpc-Network', label: 'Network' });
  });

  test('fromSubnet and fromSubnets bind each subnet by its path', () => {
    const configs = FlowLogTarget.fromSubnets(vpc.publicSubnets).map((t) => t.bind(scope));
    expect(configs).toEqual([
      { resourceType: 'Subnet', resourceId: vpc.publicSubnets[0].subnetId, id: 'Subnet-Network-PublicSubnet1', label: 'Network/PublicSubnet1' },
      { resourceType: 'Subnet', resourceId: vpc.publicSubnets[1].subnetId, id: 'Subnet-Network-PublicSubnet2', label: 'Network/PublicSubnet2' },
    ]);
    expect(FlowLogTarget.fromSubnet(vpc.publicSubnets[0]).bind(scope)).toEqual(configs[0]);
  });

  test('fromNetworkInterfaceId accepts 8- and 17-digit ids', () => {
    expect(FlowLogTarget.fromNetworkInterfaceId('eni-0123abcd').bind(scope).id).toBe('Eni-eni-0123abcd');
    expect(FlowLogTarget.fromNetworkInterfaceId('eni-0123456789abcdef0').bind(scope)).toEqual({
      resourceType: 'NetworkInterface', resourceId: 'eni-0123456789abcdef0', id: 'Eni-eni-0123456789abcdef0', label: 'eni-0123456789abcdef0',
    });
  });

  test('an ENI token is identified by what it resolves to, not by its creation order', () => {
    const bindInFreshApp = (extraTokensFirst: number) => {
      const s = new Stack(new App(), 'S');
      const earlier = Array.from({ length: extraTokensFirst }, (_, i) => new ec2.CfnNetworkInterface(s, `Other${i}`, { subnetId: 'subnet-1' }).ref);
      expect(earlier).toHaveLength(extraTokensFirst);
      const eni = new ec2.CfnNetworkInterface(s, 'Port', { subnetId: 'subnet-1' });
      return FlowLogTarget.fromNetworkInterfaceId(eni.attrId).bind(new Construct(s, 'Archive'));
    };
    expect(bindInFreshApp(0).id).toBe('Eni-FnGetAttPortId');
    expect(bindInFreshApp(5).id).toBe(bindInFreshApp(0).id);
  });

  test('a VPC of another stack keeps its stack in the path', () => {
    const app = new App();
    const network = new Stack(app, 'NetworkStack');
    const other = new ec2.Vpc(network, 'Shared', { natGateways: 0 });
    const archiveScope = new Construct(new Stack(app, 'Logging'), 'Archive');
    expect(FlowLogTarget.fromVpc(other).bind(archiveScope)).toMatchObject({ id: 'Vpc-NetworkStack-Shared', label: 'NetworkStack/Shared' });
  });

  test('an imported VPC is identified by its construct path too', () => {
    const imported = ec2.Vpc.fromVpcAttributes(stack, 'Imported', { vpcId: 'vpc-0123456789abcdef0', availabilityZones: ['eu-west-1a'] });
    expect(FlowLogTarget.fromVpc(imported).bind(scope)).toEqual({
      resourceType: 'VPC', resourceId: 'vpc-0123456789abcdef0', id: 'Vpc-Imported', label: 'Imported',
    });
  });
});
