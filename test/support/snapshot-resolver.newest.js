/** The snapshots of the run against the newest dependencies: __snapshots__/newest/ (see snapshot-resolver.js). */
const { resolver } = require('./snapshot-resolver');

module.exports = resolver(['__snapshots__', 'newest']);
