import { FlowLogField } from './log-fields';
import { numberText } from './private/filter-pattern';
import { Described, invalid } from './private/validation';
import { TrafficCondition } from './traffic-condition';

/** Ports of remote administration: SSH and RDP. */
const REMOTE_ADMINISTRATION_PORTS = [22, 3389];

/**
 * Which flow-log records a traffic alarm counts: every condition must hold.
 * Use a preset (`rejected()`, `remoteAdministrationFromPublicAddresses()`,
 * `toPorts()`), narrow it with `and()`, or build one with `where()`.
 *
 * The filter pattern is written from the archive's record format, so the
 * same match works for any format that has its fields. What a pattern
 * cannot express: a choice across fields ("port 22 OR from 203.0.113.0/24":
 * use two alarms), a choice combined with other conditions on the same field,
 * IPv6 blocks, IPv4 blocks that are not a few text prefixes (see
 * `TrafficCondition.inCidr`), and anything about more than one record
 * (rates per source, distinct counts: use CloudWatch Logs Insights).
 */
export class TrafficMatch {
  /** Records of traffic that security groups or network ACLs rejected (`action` REJECT). */
  public static rejected(): TrafficMatch {
    return new TrafficMatch('rejected traffic', [TrafficCondition.equalTo(FlowLogField.ACTION, 'REJECT')],
      'which sources and ports are rejected (CloudWatch Logs Insights on the log group, or the saved query "rejected traffic by source" '
      + 'of addInsightsQueries()), whether a security group or network ACL changed, and whether a scan from outside is under way.');
  }

  /**
   * Records of SSH or RDP traffic (destination port 22 or 3389) from
   * addresses outside the private ranges 10.0.0.0/8, 172.16.0.0/12,
   * 192.168.0.0/16, fc00::/7 and fe80::/10, accepted or rejected. Narrow it
   * with `.and(TrafficCondition.equalTo(FlowLogField.ACTION, 'ACCEPT'))` to
   * count only connections that got through.
   */
  public static remoteAdministrationFromPublicAddresses(): TrafficMatch {
    return new TrafficMatch('SSH or RDP from public addresses', [
      TrafficCondition.numberIn(FlowLogField.DSTPORT, REMOTE_ADMINISTRATION_PORTS),
      TrafficCondition.outsidePrivateRanges(FlowLogField.SRCADDR),
    ], 'the source addresses and whether the flows were ACCEPTed; then any security group or network ACL rule that allows '
      + 'port 22 or 3389 from 0.0.0.0/0 or ::/0. Prefer Session Manager to open administration ports.');
  }

  /** Records of traffic to any of these destination ports, e.g. ports nobody should use. */
  public static toPorts(ports: number[]): TrafficMatch {
    const condition = TrafficCondition.numberIn(FlowLogField.DSTPORT, ports);
    return new TrafficMatch(`traffic to port ${ports.map(numberText).join(', ')}`, [condition],
      'which sources reach these ports, and which security group or network ACL rule lets them.');
  }

  /** Records for which every condition holds. */
  public static where(...conditions: TrafficCondition[]): TrafficMatch {
    if (conditions.length === 0) {
      throw invalid('TrafficMatch.where', 'needs at least one condition', new Described('none'),
        'Pass conditions, e.g. TrafficMatch.where(TrafficCondition.numberIn(FlowLogField.DSTPORT, [23])).');
    }
    return new TrafficMatch(`traffic where ${conditions.map((c) => c.summary).join(' and ')}`, conditions, GENERAL_ADVICE);
  }

  private constructor(
    /** The match in a few words, for the alarm's name and description, e.g. `rejected traffic`. */
    public readonly name: string,
    /** Every condition a record must meet. */
    public readonly conditions: TrafficCondition[],
    /** What the person on call should check first. */
    public readonly checkFirst: string,
  ) {}

  /** This match narrowed by more conditions, e.g. `TrafficMatch.rejected().and(TrafficCondition.numberIn(FlowLogField.DSTPORT, [22]))`. */
  public and(...conditions: TrafficCondition[]): TrafficMatch {
    if (conditions.length === 0) {
      return this;
    }
    return new TrafficMatch(`${this.name} where ${conditions.map((c) => c.summary).join(' and ')}`, [...this.conditions, ...conditions],
      this.checkFirst);
  }
}

const GENERAL_ADVICE = 'the matching records (CloudWatch Logs Insights on the log group), then recent changes to security groups, '
  + 'network ACLs and route tables.';
