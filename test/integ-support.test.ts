/**
 * The AWS facts the integration tests assert on AWS, checked here against
 * AWS's documented examples, so that a wrong expectation shows offline
 * rather than as a 40-minute wait on AWS.
 */
import { CENTRAL_ACCOUNT_VARIABLE, integAccounts } from './integ/support/accounts';
import { keyLayout } from './integ/support/key-layout';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
// The file name of AWS's example (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-path.html).
const FILE = `${ACCOUNT}_vpcflowlogs_${REGION}_fl-1234abcd_20180620T1620Z_fe123456.log.gz`;

describe('keyLayout', () => {
  test.each([
    ['plain, daily', {}, `AWSLogs/${ACCOUNT}/vpcflowlogs/${REGION}/`, `2018/06/20/${FILE}`],
    ['plain, hourly', { perHour: true }, `AWSLogs/${ACCOUNT}/vpcflowlogs/${REGION}/`, `2018/06/20/16/${FILE}`],
    ['Hive, daily', { hive: true }, `AWSLogs/aws-account-id=${ACCOUNT}/aws-service=vpcflowlogs/aws-region=${REGION}/`, `year=2018/month=06/day=20/${FILE}`],
    ['Hive, hourly, in a folder', { hive: true, perHour: true, keyPrefix: 'flow.logs' },
      `flow.logs/AWSLogs/aws-account-id=${ACCOUNT}/aws-service=vpcflowlogs/aws-region=${REGION}/`, `year=2018/month=06/day=20/hour=16/${FILE}`],
    ['Parquet', { parquet: true }, `AWSLogs/${ACCOUNT}/vpcflowlogs/${REGION}/`, `2018/06/20/${FILE.replace('.log.gz', '.log.parquet')}`],
  ])('%s: the folder and a whole key of the layout', (_name, layout, folder, rest) => {
    const { prefix, pattern } = keyLayout({ ...layout, account: ACCOUNT, region: REGION });
    expect(prefix).toBe(folder);
    expect(`${folder}${rest}`).toMatch(new RegExp(pattern));
  });

  test.each([
    ['an hour folder in a daily layout', {}, `AWSLogs/${ACCOUNT}/vpcflowlogs/${REGION}/2018/06/20/16/${FILE}`],
    ['no hour folder in an hourly layout', { perHour: true }, `AWSLogs/${ACCOUNT}/vpcflowlogs/${REGION}/2018/06/20/${FILE}`],
    ['plain folders in a Hive layout', { hive: true }, `AWSLogs/${ACCOUNT}/vpcflowlogs/${REGION}/2018/06/20/${FILE}`],
    ['another account', {}, `AWSLogs/210987654321/vpcflowlogs/${REGION}/2018/06/20/${FILE}`],
    ['text where Parquet is expected', { parquet: true }, `AWSLogs/${ACCOUNT}/vpcflowlogs/${REGION}/2018/06/20/${FILE}`],
    ['a folder whose dot is any character', { keyPrefix: 'flow.logs' }, `flowXlogs/AWSLogs/${ACCOUNT}/vpcflowlogs/${REGION}/2018/06/20/${FILE}`],
  ])('rejects %s', (_name, layout, key) => {
    expect(key).not.toMatch(new RegExp(keyLayout({ ...layout, account: ACCOUNT, region: REGION }).pattern));
  });
});

describe('integAccounts', () => {
  test('placeholders when integ-runner synthesizes a snapshot', () => {
    expect(integAccounts({ CDK_INTEG_ACCOUNT: '12345678', CDK_DEFAULT_ACCOUNT: ACCOUNT }))
      .toEqual({ source: '111111111111', central: '222222222222' });
  });

  test('the caller and the configured account on a real run', () => {
    expect(integAccounts({ CDK_DEFAULT_ACCOUNT: ACCOUNT, [CENTRAL_ACCOUNT_VARIABLE]: '210987654321' }))
      .toEqual({ source: ACCOUNT, central: '210987654321' });
  });

  test.each([
    ['no central account', { CDK_DEFAULT_ACCOUNT: ACCOUNT }, /must be the 12-digit id of a second account/],
    ['a malformed central account', { CDK_DEFAULT_ACCOUNT: ACCOUNT, [CENTRAL_ACCOUNT_VARIABLE]: '1234' }, /got '1234'/],
    ['the same account twice', { CDK_DEFAULT_ACCOUNT: ACCOUNT, [CENTRAL_ACCOUNT_VARIABLE]: ACCOUNT }, /an account other than/],
  ])('refuses %s', (_name, env, message) => {
    expect(() => integAccounts(env)).toThrow(message);
  });
});
