/**
 * Snapshots of the run against the newest dependencies (jest.newest.config.js)
 * live beside the floor's, in __snapshots__/newest/: each version's template
 * is reviewed on its own.
 */
const path = require('path');

module.exports = {
  resolveSnapshotPath: (testPath, extension) =>
    path.join(path.dirname(testPath), '__snapshots__', 'newest', path.basename(testPath) + extension),
  // The floor's snapshots (one folder up) still belong to their tests, so that
  // an update of the newest ones never takes them for obsolete files.
  resolveTestPath: (snapshotPath, extension) => {
    const folder = path.dirname(snapshotPath);
    const testFolder = path.basename(folder) === 'newest' ? path.join(folder, '..', '..') : path.join(folder, '..');
    return path.join(testFolder, path.basename(snapshotPath, extension));
  },
  testPathForConsistencyCheck: path.join('test', 'examples.test.ts'),
};
