import { Token } from 'aws-cdk-lib';
import { FlowLogField } from './log-fields';
import { isTransitGatewayType } from './private/resource-types';
import { checkTagKeys, isTagField, TAG_FIELDS, TAG_OPTION, TagFieldSpecification, TagResourceType } from './private/tag-fields';
import { checkKind, isArrayOf } from './private/untyped-input';
import { Described, invalid } from './private/validation';

/**
 * The EC2 tag keys whose values the tag fields of a format show
 * (`FlowLogFormat.withTagKeys()`): one or two keys per resource type, the
 * first for `<type>-tag`, the second for `<type>-tag-2`.
 */
export interface FlowLogTagKeys {
  /**
   * Tag keys of the instance, for `instance-tag` and `instance-tag-2`.
   *
   * @default - no instance tags
   */
  readonly instance?: string[];

  /**
   * Tag keys of the network interface, for `interface-tag` and `interface-tag-2`.
   *
   * @default - no network interface tags
   */
  readonly networkInterface?: string[];

  /**
   * Tag keys of the instance's Auto Scaling group, for `asg-tag` and `asg-tag-2`.
   *
   * @default - no Auto Scaling group tags
   */
  readonly autoScalingGroup?: string[];
}

/** How a preset resolves for a kind of flow log. */
type Preset = 'default' | 'all' | 'security';

/**
 * The default format of transit gateway flow logs: every field of versions 2
 * to 6 in the order of the guide's table, which is not the VPC guide's order
 * (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-flow-logs.html, "Default format").
 */
const TGW_DEFAULT = [
  FlowLogField.VERSION, FlowLogField.RESOURCE_TYPE, FlowLogField.ACCOUNT_ID, FlowLogField.TGW_ID, FlowLogField.TGW_ATTACHMENT_ID,
  FlowLogField.TGW_SRC_VPC_ACCOUNT_ID, FlowLogField.TGW_DST_VPC_ACCOUNT_ID, FlowLogField.TGW_SRC_VPC_ID, FlowLogField.TGW_DST_VPC_ID,
  FlowLogField.TGW_SRC_SUBNET_ID, FlowLogField.TGW_DST_SUBNET_ID, FlowLogField.TGW_SRC_ENI, FlowLogField.TGW_DST_ENI,
  FlowLogField.TGW_SRC_AZ_ID, FlowLogField.TGW_DST_AZ_ID, FlowLogField.TGW_PAIR_ATTACHMENT_ID, FlowLogField.SRCADDR, FlowLogField.DSTADDR,
  FlowLogField.SRCPORT, FlowLogField.DSTPORT, FlowLogField.PROTOCOL, FlowLogField.PACKETS, FlowLogField.BYTES, FlowLogField.START,
  FlowLogField.END, FlowLogField.LOG_STATUS, FlowLogField.TYPE, FlowLogField.PACKETS_LOST_NO_ROUTE, FlowLogField.PACKETS_LOST_BLACKHOLE,
  FlowLogField.PACKETS_LOST_MTU_EXCEEDED, FlowLogField.PACKETS_LOST_TTL_EXPIRED, FlowLogField.TCP_FLAGS, FlowLogField.REGION,
  FlowLogField.FLOW_DIRECTION, FlowLogField.PKT_SRC_AWS_SERVICE, FlowLogField.PKT_DST_AWS_SERVICE,
].map((field) => field.name);

/** What SECURITY adds to the default fields. */
const SECURITY_EXTRA = [
  FlowLogField.VPC_ID, FlowLogField.SUBNET_ID, FlowLogField.INSTANCE_ID, FlowLogField.TCP_FLAGS, FlowLogField.TYPE,
  FlowLogField.PKT_SRCADDR, FlowLogField.PKT_DSTADDR, FlowLogField.FLOW_DIRECTION, FlowLogField.TRAFFIC_PATH,
  FlowLogField.PKT_SRC_AWS_SERVICE, FlowLogField.PKT_DST_AWS_SERVICE,
].map((field) => field.name);

/**
 * What each flow-log record holds: the fields and their order.
 *
 * Presets adapt to the kind of flow log: transit gateways have their own
 * field set, so `DEFAULT`, `ALL_FIELDS` and `SECURITY` resolve per target
 * (see `forResourceType`). Custom formats are checked against every target
 * they are used with.
 */
export class FlowLogFormat {
  /** AWS's default format: the 14 version-2 fields (transit gateways: their own default). No LogFormat is written. */
  public static readonly DEFAULT = new FlowLogFormat(FlowLogField.all().filter((f) => f.version === 2).map((f) => f.name), 'default');

  /**
   * Every field this library knows that the target accepts, in
   * documentation order: for VPCs, subnets and network interfaces the
   * fields of record versions 2 to 11 (but the EC2 tag fields, which need
   * `withTagKeys()`), for transit
   * gateways their 36 fields.
   *
   * This list grows when a release of the library learns fields AWS added.
   * CloudFormation replaces a flow log whose LogFormat changes, so upgrading
   * to such a release replaces every ALL_FIELDS flow log (a new flow log id;
   * records of the old one stop within minutes). To upgrade without that,
   * pin the version you deployed with `allFieldsUpToVersion()`: version 8
   * gives what ALL_FIELDS held before the library learned versions 9 to 11.
   */
  public static readonly ALL_FIELDS = new FlowLogFormat(allFieldNames('VPC'), 'all');

  /**
   * The default fields plus those security teams ask for first: vpc-id,
   * subnet-id, instance-id, tcp-flags, type, pkt-srcaddr, pkt-dstaddr,
   * flow-direction, traffic-path, pkt-src-aws-service, pkt-dst-aws-service.
   * (Transit gateways: their default format, which already holds their equivalents.)
   */
  public static readonly SECURITY = new FlowLogFormat(
    [...FlowLogFormat.DEFAULT.fieldNames, ...SECURITY_EXTRA], 'security');

  /**
   * Every field of record versions 2 to `version` that the target accepts,
   * in documentation order: ALL_FIELDS that stays the same when the library
   * learns newer fields, so an upgrade does not replace the flow logs.
   *
   * @param version the newest record version to include, from 2 to the newest this library knows (11)
   */
  public static allFieldsUpToVersion(version: number): FlowLogFormat {
    const newest = Math.max(...FlowLogField.all().map((f) => f.version));
    if (!Number.isInteger(version) || version < 2 || version > newest) {
      throw invalid('FlowLogFormat.allFieldsUpToVersion', `takes a record version from 2 to ${newest}`, version,
        'Use the version whose fields you deployed, e.g. 8 for the fields up to reject-reason, or ALL_FIELDS for every field.');
    }
    return new FlowLogFormat(allFieldNames('VPC', version), 'all', undefined, version);
  }

  /** A format of the given fields, in this order. */
  public static fields(...fields: FlowLogField[]): FlowLogFormat {
    if (fields.length === 0) {
      throw invalid('logFormat', 'must have at least one field', [], 'Pass fields, e.g. FlowLogFormat.fields(FlowLogField.SRCADDR, FlowLogField.DSTADDR).');
    }
    // A misspelt constant (FlowLogField.SRC_ADDR) is undefined to a caller without types.
    const isField = (value: unknown) => value !== null && typeof value === 'object' && typeof (value as FlowLogField).name === 'string';
    checkKind('logFormat', fields, 'FlowLogField values', isArrayOf(isField),
      "Use the FlowLogField constants (e.g. FlowLogField.SRCADDR), or FlowLogFormat.custom('${srcaddr} ${dstaddr}') with field names.");
    return new FlowLogFormat(checkNoDuplicates(fields.map((f) => f.name)));
  }

  /**
   * A format written as CloudFormation's LogFormat: `${field} ${field} ...`,
   * single spaces, no field twice. Unknown field names are accepted (synth warns).
   */
  public static custom(format: string): FlowLogFormat {
    if (Token.isUnresolved(format)) {
      return new FlowLogFormat([], undefined, format);
    }
    return new FlowLogFormat(checkNoDuplicates(parseFormat(format)));
  }

  /** The field names, in record order. */
  public readonly fieldNames: string[];

  private constructor(
    names: string[],
    private readonly preset?: Preset,
    private readonly token?: string,
    private readonly upToVersion?: number,
    private readonly tagKeys: FlowLogTagKeys = {},
  ) {
    this.fieldNames = names;
  }

  /**
   * This format with the EC2 tag keys its tag fields show, e.g.
   * `FlowLogFormat.fields(..., FlowLogField.INSTANCE_TAG).withTagKeys({ instance: ['team'] })`:
   * the flow logs get `TagFieldSpecifications`, the query table a comment
   * naming each tag column's key, and the reports "traffic by tag".
   * Each resource type takes one or two keys (AWS's limit), of 1 to 128
   * characters; every tag field of the format needs its key, and every key
   * a field.
   */
  public withTagKeys(keys: FlowLogTagKeys): FlowLogFormat {
    if (this.token || this.preset) {
      throw invalid('withTagKeys', 'needs a format with EC2 tag fields', new Described(this.token ? 'a token' : `the ${this.preset} preset`),
        'Use FlowLogFormat.fields(...) with FlowLogField.INSTANCE_TAG, INTERFACE_TAG or ASG_TAG.');
    }
    for (const [resourceType, option] of Object.entries(TAG_OPTION)) {
      const given = (keys as Record<string, string[] | undefined>)[option];
      checkTagKeys(option, given);
      const fields = this.fieldNames.filter((name) => TAG_FIELDS[name]?.resourceType === resourceType);
      if (given && fields.length === 0) {
        throw invalid(`withTagKeys.${option}`, `needs a tag field for ${resourceType} in the format`, given,
          `Add ${tagFieldName(resourceType as TagResourceType, 0)} to the format, or remove ${option}.`);
      }
    }
    const format = new FlowLogFormat(this.fieldNames, undefined, undefined, undefined, { ...keys });
    format._tagFieldSpecifications();
    return format;
  }

  /**
   * The EC2 tag key whose value a tag field of this format shows, e.g.
   * 'team' for 'instance-tag'; undefined for other fields.
   */
  public tagKeyOf(field: string): string | undefined {
    const tag = TAG_FIELDS[field];
    return tag ? this.keysOf(tag.resourceType)?.[tag.position] : undefined;
  }

  /**
   * The flow log's `TagFieldSpecifications` (CloudFormation's shape), empty
   * without tag fields. Throws when a tag field has no key.
   *
   * @internal
   */
  public _tagFieldSpecifications(): TagFieldSpecification[] {
    const missing = this.fieldNames.filter((name) => isTagField(name) && this.tagKeyOf(name) === undefined);
    if (missing.length > 0) {
      const { resourceType, position } = TAG_FIELDS[missing[0]];
      throw invalid('logFormat', 'has EC2 tag fields without a tag key', missing,
        `Name the tag keys with format.withTagKeys({ ${TAG_OPTION[resourceType]}: [${position === 0 ? "'team'" : "'team', 'app'"}] }).`);
    }
    return (Object.keys(TAG_OPTION) as TagResourceType[])
      .filter((resourceType) => this.fieldNames.some((name) => TAG_FIELDS[name]?.resourceType === resourceType))
      .map((resourceType) => ({ ResourceType: resourceType, TagKeys: [...this.keysOf(resourceType)!] }));
  }

  private keysOf(resourceType: TagResourceType): string[] | undefined {
    return (this.tagKeys as Record<string, string[] | undefined>)[TAG_OPTION[resourceType]];
  }

  /** The fields, in record order (unknown names as `FlowLogField.of`). */
  public get recordFields(): FlowLogField[] {
    return this.fieldNames.map((name) => FlowLogField.of(name));
  }

  /** Whether this is AWS's default format, so no LogFormat needs writing. */
  public get isDefault(): boolean {
    return this.preset === 'default' || (!this.token && sameNames(this.fieldNames, FlowLogFormat.DEFAULT.fieldNames));
  }

  /** Names of the fields this library does not know (synth warns about them). */
  public get unknownFieldNames(): string[] {
    return this.recordFields.filter((f) => !f.known).map((f) => f.name);
  }

  /**
   * The concrete format for flow logs of a CloudFormation `ResourceType`:
   * presets become that type's field list; other formats are returned as
   * they are, after checking the type accepts every field.
   */
  public forResourceType(resourceType: string): FlowLogFormat {
    const transitGateway = isTransitGatewayType(resourceType);
    if (this.token) {
      return this;
    }
    if (this.preset === 'default') {
      return transitGateway ? new FlowLogFormat(TGW_DEFAULT, 'default') : this;
    }
    if (this.preset === 'all') {
      return new FlowLogFormat(allFieldNames(resourceType, this.upToVersion), 'all', undefined, this.upToVersion);
    }
    if (this.preset === 'security' && transitGateway) {
      return new FlowLogFormat(TGW_DEFAULT, 'security');
    }
    const rejected = this.recordFields.filter((f) => !f.acceptedBy(resourceType)).map((f) => f.name);
    if (rejected.length > 0) {
      throw invalid('logFormat', `has fields that ${resourceType} flow logs do not accept`, rejected,
        `Remove ${rejected.join(', ')}, or log this target with a FlowLogArchive of its own and a format for ${transitGateway ? 'transit gateways' : 'VPCs'}.`);
    }
    return this;
  }

  /** The format as CloudFormation's LogFormat: `${version} ${account-id} ...`. */
  public toString(): string {
    return this.token ?? this.fieldNames.map((name) => `\${${name}}`).join(' ');
  }

  /**
   * Parse one record of this format into an object keyed by field name.
   * Values are separated by spaces; `-` (no data) leaves the field out.
   * Throws when the number of values is not the number of fields.
   */
  public parse(line: string): { [field: string]: string } {
    if (this.token) {
      throw new Error('parse() needs the format\'s fields, but this format is a token that resolves only at deploy time.');
    }
    const values = line.trim().split(/[ \t]+/);
    if (values.length !== this.fieldNames.length) {
      throw new Error(`A record of this format has ${this.fieldNames.length} values, but this line has ${values.length}: '${line.trim()}'`);
    }
    const record: { [field: string]: string } = {};
    this.fieldNames.forEach((name, i) => {
      if (values[i] !== '-') {
        record[name] = values[i];
      }
    });
    return record;
  }
}

/** The known fields flow logs of `resourceType` accept, of versions up to `upToVersion`, in documentation order. */
function allFieldNames(resourceType: string, upToVersion = Infinity): string[] {
  // Not the EC2 tag fields: they need tag keys (withTagKeys).
  return FlowLogField.all().filter((f) => f.acceptedBy(resourceType) && f.version <= upToVersion && !isTagField(f.name)).map((f) => f.name);
}

function tagFieldName(resourceType: TagResourceType, position: number): string {
  return Object.keys(TAG_FIELDS).find((name) => TAG_FIELDS[name].resourceType === resourceType && TAG_FIELDS[name].position === position)!;
}

function parseFormat(format: string): string[] {
  if (format.trim() === '') {
    throw invalid('logFormat', 'must have at least one field', format, "Write fields as '${srcaddr} ${dstaddr}'.");
  }
  if (format !== format.trim() || /\s{2,}|\t|\n/.test(format)) {
    throw invalid('logFormat', 'must separate fields with single spaces', format, "Write the fields as '${a} ${b}', with no space around them.");
  }
  return format.split(' ').map((part) => {
    const match = /^\$\{([^}]*)\}$/.exec(part);
    if (!match || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(match[1])) {
      throw invalid('logFormat', 'must write each field as ${name} (lower-case letters, digits and hyphens)', part,
        "Write it like '${srcaddr}'.");
    }
    return match[1];
  });
}

function checkNoDuplicates(names: string[]): string[] {
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate !== undefined) {
    throw invalid('logFormat', 'must not have a field twice', duplicate, 'Remove the second one.');
  }
  return names;
}

function sameNames(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}
