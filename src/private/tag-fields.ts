import { Described, invalid, isToken } from './validation';

/**
 * The EC2 tag fields of flow-log records and the tag key each one shows: a
 * `TagFieldSpecification` names up to two tag keys for one resource type
 * (`network-interface`, `instance` or `auto-scaling-group`), each from 1 to
 * 128 characters (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_TagFieldSpecificationRequest.html;
 * CloudFormation: `TagFieldSpecifications` of AWS::EC2::FlowLog,
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ec2-flowlog-tagfieldspecification.html).
 * The first key fills `<type>-tag`, the second `<type>-tag-2`.
 */
export const TAG_FIELDS: Record<string, { readonly resourceType: TagResourceType; readonly position: number }> = {
  'instance-tag': { resourceType: 'instance', position: 0 },
  'instance-tag-2': { resourceType: 'instance', position: 1 },
  'interface-tag': { resourceType: 'network-interface', position: 0 },
  'interface-tag-2': { resourceType: 'network-interface', position: 1 },
  'asg-tag': { resourceType: 'auto-scaling-group', position: 0 },
  'asg-tag-2': { resourceType: 'auto-scaling-group', position: 1 },
};

export type TagResourceType = 'instance' | 'network-interface' | 'auto-scaling-group';

/** The option of `FlowLogTagKeys` for each resource type. */
export const TAG_OPTION: Record<TagResourceType, string> = {
  'instance': 'instance',
  'network-interface': 'networkInterface',
  'auto-scaling-group': 'autoScalingGroup',
};

/** At most this many tag keys per resource type. */
export const MAX_TAG_KEYS = 2;
/** EC2 tag keys are 1 to 128 characters long. */
export const MAX_TAG_KEY_LENGTH = 128;

/** One `TagFieldSpecifications` entry as CloudFormation writes it. */
export interface TagFieldSpecification {
  readonly ResourceType: TagResourceType;
  readonly TagKeys: string[];
}

export function isTagField(name: string): boolean {
  return TAG_FIELDS[name] !== undefined;
}

/** Checks the keys of one resource type: 1 or 2, each 1 to 128 characters, none twice. */
export function checkTagKeys(option: string, keys: string[] | undefined): void {
  if (keys === undefined) {
    return;
  }
  const property = `withTagKeys.${option}`;
  if (isToken(keys)) {
    throw invalid(property, 'must be a list of tag keys, not a list token', new Described('a list token'),
      'Pass an array of strings; each string may be a token.');
  }
  if (keys.length === 0 || keys.length > MAX_TAG_KEYS) {
    throw invalid(property, `must have 1 or ${MAX_TAG_KEYS} tag keys (AWS's limit per resource type)`, keys,
      'Keep the one or two tag keys the records should show, e.g. [\'team\'].');
  }
  for (const key of keys) {
    if (!isToken(key) && (key.length === 0 || key.length > MAX_TAG_KEY_LENGTH)) {
      throw invalid(property, `must have tag keys of 1 to ${MAX_TAG_KEY_LENGTH} characters`, key, "Use the tag's key as written on the resource, e.g. 'team'.");
    }
  }
  const duplicate = keys.find((key, i) => keys.indexOf(key) !== i);
  if (duplicate !== undefined) {
    throw invalid(property, 'must not have a tag key twice', duplicate, 'Remove the second one.');
  }
}
