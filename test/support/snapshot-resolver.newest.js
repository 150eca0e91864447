/**
 * Snapshots of the run against the newest dependencies (jest.newest.config.js)
 * live beside the floor's, in __snapshots__/newest/: each version's template
 * is reviewed on its own.
 */
const path = require('path');

module.exports = {
  resolveSnapshotPath: (testPath, extension) =>
    path.join(path.dirname(testPath), '__snapshots__', 'newest', path.basename(testPath) + extension),
  resolveTestPath: (snapshotPath, extension) =>
    path.join(path.dirname(snapshotPath), '..', '..', path.basename(snapshotPath, extension)),
  testPathForConsistencyCheck: path.join('test', 'examples.test.ts'),
};
