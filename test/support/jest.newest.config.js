/**
 * The whole jest suite against the newest aws-cdk-lib, constructs and
 * cdk-nag (compat/newest): package.json's jest configuration, with those
 * packages mapped to compat/newest/node_modules wherever they are required
 * (from the library, the tests, or other packages such as integ-tests), and
 * snapshots of their own under __snapshots__/newest/. Run by .ci/newest.
 */
const path = require('path');

const root = path.join(__dirname, '..', '..');
const base = require(path.join(root, 'package.json')).jest;
const newest = path.join(root, 'compat', 'newest', 'node_modules');

module.exports = {
  ...base,
  rootDir: root,
  collectCoverage: false,
  // The integration tests' snapshots are integ-runner's, made with the floor
  // versions it runs with (npx projen integ:update); they have no newest set.
  testPathIgnorePatterns: [...base.testPathIgnorePatterns, '/test/integ\\.snapshots\\.test\\.ts$'],
  reporters: ['default'],
  moduleNameMapper: {
    '^(aws-cdk-lib|constructs|cdk-nag|cdk-nag-v2)(/.*)?$': `${newest}/$1$2`,
  },
  snapshotResolver: path.join(__dirname, 'snapshot-resolver.newest.js'),
};
