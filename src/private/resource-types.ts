/**
 * Whether flow logs of this CloudFormation `ResourceType` are transit
 * gateway flow logs (`TransitGateway`, `TransitGatewayAttachment`): no
 * traffic type, 60-second aggregation, their own record fields.
 */
export function isTransitGatewayType(resourceType: string): boolean {
  return resourceType.startsWith('TransitGateway');
}
