module.exports = require('./esm-package.cjs')('content-disposition');
