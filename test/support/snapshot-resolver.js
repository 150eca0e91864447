/**
 * Where each test's snapshots live: beside the test in __snapshots__/ for
 * the run at the peer floor, in __snapshots__/newest/ for the run against
 * the newest dependencies (jest.newest.config.js sets NEWEST). Either run
 * knows both folders belong to their tests, so that neither takes the
 * other's files for obsolete ones (and deletes them on an update).
 */
const path = require('path');

function resolver(folder) {
  return {
    resolveSnapshotPath: (testPath, extension) =>
      path.join(path.dirname(testPath), ...folder, path.basename(testPath) + extension),
    resolveTestPath: (snapshotPath, extension) => {
      const dir = path.dirname(snapshotPath);
      const testDir = path.basename(dir) === 'newest' ? path.join(dir, '..', '..') : path.join(dir, '..');
      return path.join(testDir, path.basename(snapshotPath, extension));
    },
    testPathForConsistencyCheck: path.join('test', 'examples.test.ts'),
  };
}

module.exports = resolver(['__snapshots__']);
module.exports.resolver = resolver;
