module.exports = require('./esm-package.cjs')('cookie');
