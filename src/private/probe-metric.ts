/**
 * The delivery-status probe's metric and tag, defined once for the construct
 * (its alarm, `metricDeliveryErrors()`, the IAM condition, the flow logs'
 * tag) and for the probe's Lambda handler, which imports this file (esbuild
 * bundles it). No import here: the handler stays small.
 */

/** The namespace of the probe's metrics (and of traffic alarms' metrics). */
export const METRIC_NAMESPACE = 'CdkFlowLogArchive';

/** Flow logs of an archive whose delivery FAILED or that no longer exist. */
export const DELIVERY_ERRORS_METRIC = 'DeliveryErrors';

/** Flow logs of an archive the probe found. */
export const FLOW_LOGS_CHECKED_METRIC = 'FlowLogsChecked';

/** The dimension naming the archive (its name in its account and Region). */
export const ARCHIVE_DIMENSION = 'FlowLogArchive';

/** The tag every flow log of an archive carries (value: the archive's name), so the probe finds them without a list of ids. */
export const ARCHIVE_TAG = 'cdk-flow-log-archive:archive';

/** The probe's environment: the archive's name, and how many of its flow logs its own stack holds. */
export const ARCHIVE_NAME_VARIABLE = 'ARCHIVE_NAME';
export const EXPECTED_FLOW_LOGS_VARIABLE = 'EXPECTED_FLOW_LOGS';

/**
 * The probe's environment when the archive also has flow logs in other
 * stacks (a shared archive): the Parameter Store path under which each of
 * those stacks holds a parameter with how many it has.
 */
export const EXPECTED_FLOW_LOGS_PATH_VARIABLE = 'EXPECTED_FLOW_LOGS_PATH';
