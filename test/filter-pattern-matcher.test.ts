/**
 * The filter-pattern interpreter of test/support, held to AWS's own
 * examples before it is trusted with the patterns the library writes.
 */
import { eventFields, matches, parsePattern } from './support/filter-pattern-matcher';

/** Which of `events` the pattern matches, by position. */
const matching = (pattern: string, events: string[]) => events.flatMap((event, i) => (matches(pattern, event) ? [i] : []));

describe('AWS examples: "Using filter patterns to match terms in space-delimited log events"', () => {
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html#matching-term-space-delimited-log-events
  const apache = '127.0.0.1 Prod frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534';

  test('the event has seven fields: text in [] and in "" is one field each', () => {
    expect(eventFields(apache)).toEqual(['127.0.0.1', 'Prod', 'frank', '10/Oct/2000:13:25:15 -0700', 'GET /index.html HTTP/1.0', '404', '1534']);
  });

  test('seven named fields with a regex, a wildcard inside and a wildcard prefix match it', () => {
    expect(matches('[ip=%127\\.0\\.0\\.[1-9]%, user, username, timestamp, request =*.html*, status_code = 4*, bytes]', apache)).toBe(true);
  });

  test('... stands for the first four unnamed fields', () => {
    expect(matches('[..., request =*.html*, status_code = 4*, bytes]', apache)).toBe(true);
  });

  test('|| within a field: status 404 or 410', () => {
    const pattern = '[ip, user, username, timestamp, request =*.html*, status_code = 404 || status_code = 410, bytes]';
    expect(matches(pattern, apache)).toBe(true);
    expect(matches(pattern, apache.replace(' 404 ', ' 410 '))).toBe(true);
    expect(matches(pattern, apache.replace(' 404 ', ' 500 '))).toBe(false);
  });

  test('each condition can fail the match: the regex, the wildcard inside, the wildcard prefix', () => {
    const pattern = '[ip=%127\\.0\\.0\\.[1-9]%, user, username, timestamp, request =*.html*, status_code = 4*, bytes]';
    expect(matches(pattern, apache.replace('127.0.0.1', '127.0.0.10'))).toBe(true); // unanchored: 127.0.0.1 is in it
    expect(matches(pattern, apache.replace('127.0.0.1', '10.0.0.1'))).toBe(false);
    expect(matches(pattern, apache.replace('index.html', 'index.php'))).toBe(false);
    expect(matches(pattern, apache.replace(' 404 ', ' 200 '))).toBe(false);
  });

  const events = [
    'INFO 09/25/2014 12:00:00 GET /service/resource/67 1200',
    'INFO 09/25/2014 12:00:01 POST /service/resource/67/part/111 1310',
    'WARNING 09/25/2014 12:00:02 Invalid user request',
    'ERROR 09/25/2014 12:00:02 Failed to process request',
  ];

  test('[w1=ERROR, w2] matches the events whose first word is ERROR', () => {
    expect(matching('[w1=ERROR, w2]', events)).toEqual([3]);
  });

  test('[w1=ERROR || w1=WARNING, w2] matches ERROR or WARNING', () => {
    expect(matching('[w1=ERROR || w1=WARNING, w2]', events)).toEqual([2, 3]);
  });

  test('[w1!=ERROR && w1!=WARNING, w2] excludes both', () => {
    expect(matching('[w1!=ERROR && w1!=WARNING, w2]', events)).toEqual([0, 1]);
  });

  test('regex: the top level item in a resource URI', () => {
    expect(matching('[logLevel, date, time, method, url=%/service/resource/[0-9]+$%, response_time]', events)).toEqual([0]);
  });

  test('regex: the child level item in a resource URI', () => {
    expect(matching('[logLevel, date, time, method, url=%/service/resource/[0-9]+/part/[0-9]+$%, response_time]', events)).toEqual([1]);
  });
});

describe('AWS examples: VPC flow logs and the earlier filter syntax page', () => {
  // https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-cwl.html ("rejected attempts to connect over TCP port 22")
  const ssh = '[version, account, eni, source, destination, srcport, destport="22", protocol="6", packets, bytes, windowstart, windowend, action="REJECT", flowlogstatus]';
  const record = '2 123456789010 eni-1235b8ca123456789 203.0.113.12 172.31.16.139 49761 22 6 20 4249 1418530010 1418530070 REJECT OK';

  test('the rejected-SSH pattern matches a rejected TCP flow to port 22, and nothing else', () => {
    expect(matches(ssh, record)).toBe(true);
    expect(matches(ssh, record.replace('REJECT', 'ACCEPT'))).toBe(false);
    expect(matches(ssh, record.replace(' 22 6 ', ' 22 17 '))).toBe(false);
    expect(matches(ssh, record.replace(' 22 6 ', ' 2222 6 '))).toBe(false);
    expect(matches(ssh, '2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA')).toBe(false);
  });

  // The earlier page (awsdocs/amazon-cloudwatch-logs-user-guide, FilterAndPatternSyntax.md): the same apache log, and ... at either end.
  const apache = [
    '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 1534',
    '127.0.0.1 - frank [10/Oct/2000:13:35:22 -0700] "GET /apache_pb.gif HTTP/1.0" 500 5324',
    '127.0.0.1 - frank [10/Oct/2000:13:50:35 -0700] "GET /apache_pb.gif HTTP/1.0" 200 4355',
  ];

  test.each([
    ['[ip, user, username, timestamp, request, status_code, bytes]', [0, 1, 2]],
    ['[..., status_code, bytes]', [0, 1, 2]],
    ['[ip, user, ..., status_code, bytes]', [0, 1, 2]],
    ['[ip, user, ...]', [0, 1, 2]],
    ['[ip, user, username, timestamp, request, status_code, bytes > 1000]', [0, 1, 2]],
    ['[ip, user, username, timestamp, request, status_code, bytes > 5000]', [1]],
    ['[ip, user, username, timestamp, request, status_code = 200, bytes]', [0, 2]],
    ['[..., status_code = 5*, bytes]', [1]],
    ['[ip, user, username, timestamp, request = *gif*, status_code = 403 || status_code = 500, bytes]', [1]],
  ])('%s', (pattern, expected) => {
    expect(matching(pattern as string, apache)).toEqual(expected);
  });

  test('matching is case sensitive', () => {
    expect(matches('[w1=ERROR, w2]', 'error disk full')).toBe(false);
  });
});

describe('where AWS is silent, the choices the interpreter makes (none of which the library\'s patterns depend on)', () => {
  test('a number condition compares numbers: 1e3 is 1000 and 0500 is 500, while quoted "500" is text', () => {
    expect(matches('[a, b = 1000]', 'x 1e3')).toBe(true);
    expect(matches('[a, b = 500]', 'x 0500')).toBe(true);
    expect(matches('[a, b = "500"]', 'x 0500')).toBe(false);
  });

  test('a number condition on text that is no number is false, even !=', () => {
    expect(matches('[a, b != 5]', 'x -')).toBe(false);
    expect(matches('[a, b < 5]', 'x -')).toBe(false);
  });

  test('&& binds tighter than ||', () => {
    // (a = 1) || (a = 2 && a = 3), not ((a = 1 || a = 2) && a = 3)
    expect(matches('[a = 1 || a = 2 && a = 3, b]', '1 y')).toBe(true);
    expect(matches('[a = 1 || a = 2 && a = 3, b]', '2 y')).toBe(false);
  });

  test('... may stand for no field, and with ... the fields are counted exactly', () => {
    expect(matches('[a, ..., b]', '1 2')).toBe(true);
    expect(matches('[a, b, ...]', '1 2')).toBe(true);
    expect(matches('[a, ..., b = 3]', '1 2 3 4')).toBe(false);
  });
});

describe('what the interpreter refuses, as AWS documents it', () => {
  test.each([
    ['not space-delimited', '{ $.eventType = "UpdateTrail" }'],
    ['an unstructured term', 'ERROR'],
    ['parentheses in a regex', '[a=%(x|y)%, b]'],
    ['an order comparison with text', '[a > abc, b]'],
    ['a place without a name', '[=5, b]'],
    ['an unclosed quote', '[a="x, b]'],
  ])('%s', (_name, pattern) => {
    expect(() => parsePattern(pattern)).toThrow();
  });
});
